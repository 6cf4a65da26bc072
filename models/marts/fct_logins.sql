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
    'country_code', 'source_user_id', 'logged_in_at_utc', 'logged_in_at_local',
    'local_time_zone', 'is_ambiguous_local_time', 'source_file', 'delivery_date', 'line_number',
] %}
{%- set natural_key = ['country_code', 'source_user_id', 'logged_in_at_utc'] %}

-- Logins are compared on their natural key and hashed once, at the end: a
-- 32-character key carried through every join and aggregate cost 40% more
-- time at 100M logins.
with new_logins as {{ not_materialized() }} (
    select
        {{ login_columns | join(', ') }}
    from {{ ref('int_logins_validated') }}
    where
        line_status = 'loaded'
        -- Null only on the lines of a person erased on request.
        and source_user_id is not null
        and {{ processed_since_last_run() }}
),

occurrences as {{ not_materialized() }} (
    select * from new_logins
    {% if is_incremental() %}
        -- A login already published competes with its new copies for
        -- "first delivered".
        union all
        select
            published.{{ login_columns | join(', published.') }}
        from {{ this }} as published
        where published.login_key in (
            select {{ generate_surrogate_key(natural_key) }} from new_logins
        )
    {% endif %}
),

-- A login delivered more than once is rare: only those are ranked (a
-- window over every login would not spill to disk).
repeated_logins as (
    select {{ natural_key | join(', ') }}
    from occurrences
    group by {{ natural_key | join(', ') }}
    having count(*) > 1
),

first_deliveries as (
    select occurrences.*
    from occurrences
    left join repeated_logins
        on {{ columns_match('occurrences', 'repeated_logins', natural_key) }}
    where repeated_logins.country_code is null

    union all

    select
        {{ login_columns | join(', ') }}
    from (
        select
            occurrences.*,
            row_number() over (
                partition by occurrences.{{ natural_key | join(', occurrences.') }}
                order by {{ delivery_order('occurrences', 'hub_files') }}, occurrences.line_number
            ) as delivery_rank
        from occurrences
        inner join repeated_logins
            on {{ columns_match('occurrences', 'repeated_logins', natural_key) }}
        left join {{ ref('stg_hub__files') }} as hub_files
            on occurrences.source_file = hub_files.source_file
    ) as ranked
    where delivery_rank = 1
),

final as (
    select
        {{ generate_surrogate_key(natural_key) }} as login_key,
        {{ generate_surrogate_key(['country_code', 'source_user_id']) }} as user_key,
        {{ login_columns | join(', ') }},
        {{ run_started_at_timestamp() }} as processed_at
    from first_deliveries
)

select * from final
