-- Every wall-clock minute a login time was written in, resolved once per
-- (zone it is written in, country's zone): its UTC instant and its wall
-- clock in the country's zone. A local minute in a daylight-saving gap
-- names no instant (`is_nonexistent_local_time`); one in an overlap names
-- two, and the earlier counts (as Python's zoneinfo does with fold=0).
-- Resolving minutes rather than logins asks the time-zone library a few
-- hundred thousand times instead of once per login.
{{ config(materialized='incremental') }}

with new_minutes as (
    select distinct
        written_time_zone,
        local_time_zone,
        {{ dbt.date_trunc('minute', 'logged_in_at_written') }} as written_minute
    from {{ ref('stg_hub__login_fields') }}
    where
        logged_in_at_written is not null
        and {{ processed_since_last_run() }}
),

{% if is_incremental() %}
    unresolved_minutes as (
        select new_minutes.*
        from new_minutes
        left join {{ this }} as resolved
            on
                new_minutes.written_time_zone = resolved.written_time_zone
                and new_minutes.local_time_zone = resolved.local_time_zone
                and new_minutes.written_minute = resolved.written_minute
        where resolved.written_minute is null
    ),
{% else %}
    unresolved_minutes as (
        select * from new_minutes
    ),
{% endif %}

-- A wall-clock minute can name no instant (spring gap) or two (autumn
-- overlap). The zone's UTC offsets half a day either side of the engine's
-- reading give the only two candidate instants; each counts if it reads
-- back as the written minute.
candidates as (
    select
        *,
        written_minute - (
            {{ utc_to_local(dbt.dateadd('hour', -12, 'engine_utc'), 'written_time_zone') }}
            - {{ dbt.dateadd('hour', -12, 'engine_utc') }}
        ) as utc_if_offset_before,
        written_minute - (
            {{ utc_to_local(dbt.dateadd('hour', 12, 'engine_utc'), 'written_time_zone') }}
            - {{ dbt.dateadd('hour', 12, 'engine_utc') }}
        ) as utc_if_offset_after
    from (
        select
            *,
            {{ local_to_utc('written_minute', 'written_time_zone') }} as engine_utc
        from unresolved_minutes
        where written_time_zone <> 'UTC'
    ) as engine_readings
),

checked as (
    select
        *,
        {{ utc_to_local('utc_if_offset_before', 'written_time_zone') }} = written_minute as offset_before_fits,
        {{ utc_to_local('utc_if_offset_after', 'written_time_zone') }} = written_minute as offset_after_fits
    from candidates
),

in_utc as (
    select
        written_time_zone,
        local_time_zone,
        written_minute,
        case
            when offset_before_fits and offset_after_fits then least(utc_if_offset_before, utc_if_offset_after)
            when offset_before_fits then utc_if_offset_before
            when offset_after_fits then utc_if_offset_after
        end as utc_minute,
        not offset_before_fits and not offset_after_fits as is_nonexistent_local_time,
        offset_before_fits and offset_after_fits and utc_if_offset_before <> utc_if_offset_after
            as is_ambiguous_local_time
    from checked

    union all

    select
        written_time_zone,
        local_time_zone,
        written_minute,
        written_minute as utc_minute,
        false as is_nonexistent_local_time,
        false as is_ambiguous_local_time
    from unresolved_minutes
    where written_time_zone = 'UTC'
),

final as (
    select
        written_time_zone,
        local_time_zone,
        written_minute,
        utc_minute,
        case
            -- Written in the country's own zone: the wall clock is the text.
            when written_time_zone = local_time_zone then written_minute
            else {{ utc_to_local('utc_minute', 'local_time_zone') }}
        end as local_minute,
        is_nonexistent_local_time,
        is_ambiguous_local_time,
        {{ run_started_at_timestamp() }} as processed_at
    from in_utc
)

select * from final
