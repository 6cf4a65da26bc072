-- One row per distinct successful login: a login delivered on more than one
-- line counts once, from its first delivery (int_logins_validated decides
-- which line that is). Each run merges the logins loaded since the last
-- run; a login re-attributed to an earlier delivery replaces its row.
{{
    config(
        materialized=incremental_by_key(),
        incremental_strategy='merge',
        unique_key='login_key',
    )
}}

with new_logins as (
    select * from {{ ref('int_logins_validated') }}
    where
        line_status = 'loaded'
        -- Null only on the lines of a person erased on request.
        and source_user_id is not null
        and {{ processed_since_last_run() }}
),

final as (
    select
        {{ generate_surrogate_key(['country_code', 'source_user_id', 'logged_in_at_utc']) }} as login_key,
        {{ generate_surrogate_key(['country_code', 'source_user_id']) }} as user_key,
        country_code,
        source_user_id,
        logged_in_at_utc,
        logged_in_at_local,
        local_time_zone,
        is_ambiguous_local_time,
        source_file,
        delivery_date,
        line_number,
        {{ run_started_at_timestamp() }} as processed_at
    from new_logins
)

select * from final
