{{ config(materialized='incremental') }}

with login_lines as (
    select * from {{ ref('base_hub__login_lines') }}
    where {{ processed_since_last_run() }}
),

login_fields as (
    {{ hub_line_fields('logins', 'login_lines') }}
),

parsed as (
    select
        *,
        {{ clean_text('user_id_raw') }} as source_user_id,
        {{ parse_hub_timestamp(clean_text('logged_in_at_raw'), 'logins', 'logged_in_at') }} as logged_in_at_written,
        {{ country_attribute('logins.logged_in_at_time_zone') }} as written_time_zone,
        {{ country_attribute('time_zone') }} as local_time_zone
    from login_fields
),

-- A wall-clock time can name no instant (spring gap) or two (autumn
-- overlap). The zone's UTC offsets half a day either side of the engine's
-- reading give the only two candidate instants; each is kept if it reads
-- back as the written time.
zone_offsets as (
    select
        *,
        {{ utc_to_local(dbt.dateadd('hour', -12, 'engine_utc'), 'written_time_zone') }}
        - {{ dbt.dateadd('hour', -12, 'engine_utc') }} as utc_offset_before,
        {{ utc_to_local(dbt.dateadd('hour', 12, 'engine_utc'), 'written_time_zone') }}
        - {{ dbt.dateadd('hour', 12, 'engine_utc') }} as utc_offset_after
    from (
        select
            *,
            {{ local_to_utc('logged_in_at_written', 'written_time_zone') }} as engine_utc
        from parsed
    ) as engine_reading
),

candidates as (
    select
        *,
        logged_in_at_written - utc_offset_before as utc_if_offset_before,
        logged_in_at_written - utc_offset_after as utc_if_offset_after
    from zone_offsets
),

checked_candidates as (
    select
        *,
        {{ utc_to_local('utc_if_offset_before', 'written_time_zone') }} = logged_in_at_written
            as offset_before_fits,
        {{ utc_to_local('utc_if_offset_after', 'written_time_zone') }} = logged_in_at_written
            as offset_after_fits
    from candidates
),

resolved as (
    select
        *,
        -- Overlap: the earlier instant (the first time the clock showed it),
        -- as Python's zoneinfo does with fold=0.
        case
            when offset_before_fits and offset_after_fits
                then least(utc_if_offset_before, utc_if_offset_after)
            when offset_before_fits then utc_if_offset_before
            when offset_after_fits then utc_if_offset_after
        end as logged_in_at_utc,
        logged_in_at_written is not null
        and not offset_before_fits
        and not offset_after_fits as is_nonexistent_local_time,
        coalesce(
            offset_before_fits
            and offset_after_fits
            and utc_if_offset_before <> utc_if_offset_after,
            false
        ) as is_ambiguous_local_time
    from checked_candidates
),

final as (
    select
        app_code,
        country_code,
        source_file,
        delivery_date,
        line_number,
        raw_line,
        malformed_reason,
        user_id_raw,
        logged_in_at_raw,
        source_user_id,
        logged_in_at_written,
        written_time_zone,
        logged_in_at_utc,
        {{ utc_to_local('logged_in_at_utc', 'local_time_zone') }} as logged_in_at_local,
        local_time_zone,
        is_nonexistent_local_time,
        is_ambiguous_local_time,
        {{ run_started_at_timestamp() }} as processed_at
    from resolved
)

select * from final
