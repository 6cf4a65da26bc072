-- One row per distinct successful login, by pseudonym instead of user:
-- fct_logins without its user id and the keys derived from it. Each run
-- takes the logins fct_logins wrote since the last run. A person erased on
-- request keeps their logins here, in this form only.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['user_pseudonym', 'logged_in_at_utc'],
    )
}}

with new_logins as (
    select * from {{ ref('fct_logins') }}
    where {{ processed_since_last_run() }}
),

final as (
    select
        {{ user_pseudonym('country_code', 'source_user_id') }} as user_pseudonym,
        country_code,
        logged_in_at_utc,
        logged_in_at_local,
        {{ run_started_at_timestamp() }} as processed_at
    from new_logins
)

select * from final
