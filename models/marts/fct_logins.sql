-- One row per distinct successful login. The same login delivered twice
-- (an exact duplicate, or in two overlapping deliveries) is counted once,
-- attributed to its first delivery. Each run merges the logins loaded
-- since the last run.
{#- Row order is meaningless here; keeping it ran out of memory at 100M logins. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='login_key',
        pre_hook="{{ keep_insertion_order(false) }}",
        post_hook="{{ keep_insertion_order(true) }}",
    )
}}

{%- set login_columns = [
    'login_key', 'user_key', 'country_code', 'source_user_id', 'logged_in_at_utc',
    'logged_in_at_local', 'local_time_zone', 'is_ambiguous_local_time',
    'source_file', 'delivery_date', 'line_number',
] %}

with new_logins as (
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
        line_number
    from {{ ref('int_logins_validated') }}
    where
        line_status = 'loaded'
        -- Null only on the lines of a person erased on request.
        and source_user_id is not null
        and {{ processed_since_last_run() }}
),

occurrences as (
    select * from new_logins
    {% if is_incremental() %}
        -- A login already published competes with its new copies for
        -- "first delivered".
        union all
        select
            published.{{ login_columns | join(', published.') }}
        from {{ this }} as published
        where published.login_key in (select new_logins.login_key from new_logins)
    {% endif %}
),

-- A login delivered more than once is rare: only those are ranked (a
-- window over every login would not spill to disk).
repeated_logins as (
    select login_key
    from occurrences
    group by login_key
    having count(*) > 1
),

first_deliveries as (
    select occurrences.*
    from occurrences
    left join repeated_logins
        on occurrences.login_key = repeated_logins.login_key
    where repeated_logins.login_key is null

    union all

    select
        {{ login_columns | join(', ') }}
    from (
        select
            occurrences.*,
            row_number() over (
                partition by occurrences.login_key
                order by {{ delivery_order('occurrences', 'hub_files') }}, occurrences.line_number
            ) as delivery_rank
        from occurrences
        left join {{ ref('stg_hub__files') }} as hub_files
            on occurrences.source_file = hub_files.source_file
        where occurrences.login_key in (select repeated_logins.login_key from repeated_logins)
    ) as ranked
    where delivery_rank = 1
),

final as (
    select
        {{ login_columns | join(', ') }},
        {{ run_started_at_timestamp() }} as processed_at
    from first_deliveries
)

select * from final
