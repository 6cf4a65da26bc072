{{ config(materialized='incremental') }}

with login_lines as {{ not_materialized() }} (
    select * from {{ ref('base_hub__login_lines') }}
    where {{ processed_since_last_run() }}
),

login_fields as {{ not_materialized() }} (
    {{ hub_line_fields('logins', 'login_lines') }}
),

parsed as {{ not_materialized() }} (
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
-- back as the written time. Times written in UTC skip all of this. Zones
-- are constants per country (by_country): the engine builds each once.
written_in_local_time as (
    select * from parsed
    where written_time_zone <> 'UTC'
),

zone_offsets as (
    select
        *,
        {{ by_country(utc_to_local, [dbt.dateadd('hour', -12, 'engine_utc'), 'registry:logins.logged_in_at_time_zone']) }}
        - {{ dbt.dateadd('hour', -12, 'engine_utc') }} as utc_offset_before,
        {{ by_country(utc_to_local, [dbt.dateadd('hour', 12, 'engine_utc'), 'registry:logins.logged_in_at_time_zone']) }}
        - {{ dbt.dateadd('hour', 12, 'engine_utc') }} as utc_offset_after
    from (
        select
            *,
            {{ by_country(local_to_utc, ['logged_in_at_written', 'registry:logins.logged_in_at_time_zone']) }} as engine_utc
        from written_in_local_time
    ) as engine_reading
),

candidates as (
    select
        *,
        logged_in_at_written - utc_offset_before as utc_if_offset_before,
        logged_in_at_written - utc_offset_after as utc_if_offset_after
    from zone_offsets
),

-- Only near a change of offset (a few hours a year) can a candidate fail
-- to read back; elsewhere both are the one answer, and the engine is not
-- asked again.
checked_candidates as (
    select
        *,
        case
            when utc_offset_before = utc_offset_after then true
            else {{ by_country(utc_to_local, ['utc_if_offset_before', 'registry:logins.logged_in_at_time_zone']) }} = logged_in_at_written
        end as offset_before_fits,
        case
            when utc_offset_before = utc_offset_after then true
            else {{ by_country(utc_to_local, ['utc_if_offset_after', 'registry:logins.logged_in_at_time_zone']) }} = logged_in_at_written
        end as offset_after_fits
    from candidates
),

resolved as (
    select
        {{ login_line_columns() }},
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

    union all

    select
        {{ login_line_columns() }},
        logged_in_at_written as logged_in_at_utc,
        false as is_nonexistent_local_time,
        false as is_ambiguous_local_time
    from parsed
    where written_time_zone = 'UTC'
),

final as (
    select
        {{ login_line_columns() }},
        logged_in_at_utc,
        case
            -- Written in the country's own zone: the wall clock is the text.
            when logged_in_at_utc is not null and written_time_zone = local_time_zone
                then logged_in_at_written
            else {{ by_country(utc_to_local, ['logged_in_at_utc', 'registry:time_zone']) }}
        end as logged_in_at_local,
        is_nonexistent_local_time,
        is_ambiguous_local_time,
        {{ run_started_at_timestamp() }} as processed_at
    from resolved
)

select * from final
