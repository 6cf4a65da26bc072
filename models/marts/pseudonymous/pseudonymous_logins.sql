-- One row per distinct successful login, by pseudonym instead of user:
-- fct_logins without its user id and the keys derived from it. Each run
-- takes the logins fct_logins wrote since the last run. A person erased on
-- request keeps their logins here, in this form only.
{{
    config(
        materialized=incremental_by_key(),
        incremental_strategy='delete+insert',
        unique_key=['user_pseudonym', 'logged_in_at_utc'],
    )
}}

with new_logins as {{ not_materialized() }} (
    select * from {{ ref('fct_logins') }}
    where {{ processed_since_last_run() }}
),

-- The keyed hash once per person, not once per login (a login mart has
-- ten times as many rows as people).
pseudonyms as (
    select
        country_code,
        source_user_id,
        {{ user_pseudonym('country_code', 'source_user_id') }} as user_pseudonym
    from (
        select distinct
            country_code,
            source_user_id
        from new_logins
    ) as people
),

final as (
    select
        pseudonyms.user_pseudonym,
        new_logins.country_code,
        new_logins.logged_in_at_utc,
        new_logins.logged_in_at_local,
        {{ run_started_at_timestamp() }} as processed_at
    from new_logins
    inner join pseudonyms
        on
            new_logins.country_code = pseudonyms.country_code
            and new_logins.source_user_id = pseudonyms.source_user_id
)

select * from final
