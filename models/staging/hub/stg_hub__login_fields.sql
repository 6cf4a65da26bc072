-- One row per data line of every login file, in the shared vocabulary: the
-- user id and the login time found by the file's own header (text as
-- delivered kept in `*_raw`), the id in its canonical form, and the time
-- parsed with the country's format, as the wall clock of the zone it is
-- written in (resolved to UTC by int_local_times_resolved). With
-- stg_hub__user_fields, the only model that knows how countries differ.
{{ config(materialized='incremental') }}
{%- set countries = hub_countries() %}

with login_lines as (
    select * from {{ ref('base_hub__line_fields') }}
    where
        file_kind = 'logins'
        and line_number > 1
        and {{ processed_since_last_run() }}
),

named_fields as (
    select
        login_lines.app_code,
        login_lines.country_code,
        login_lines.source_file,
        login_lines.delivery_date,
        login_lines.file_modified_at as landed_at,
        login_lines.line_number,
        login_lines.malformed_reason,
        {%- for column in hub_entity_columns()['logins'] %}
            case login_lines.app_code
                {%- for country in countries %}
                    when {{ sql_literal(country.app_code) }}
                        then {{ field_named('login_lines.field_values', 'login_lines.header_fields', country.logins.columns[column]) }}
                {%- endfor %}
            end as {{ column }}_raw,
        {%- endfor %}
        login_lines.processed_at
    from login_lines
),

final as (
    select
        app_code,
        country_code,
        source_file,
        delivery_date,
        landed_at,
        line_number,
        malformed_reason,
        user_id_raw,
        logged_in_at_raw,
        case app_code
            {%- for country in countries %}
                when {{ sql_literal(country.app_code) }}
                    then {{ canonical_user_id(clean_text('user_id_raw'), country.user_id_pattern is none) }}
            {%- endfor %}
        end as source_user_id,
        case app_code
            {%- for country in countries %}
                when {{ sql_literal(country.app_code) }}
                    then {{ regex_full_match(clean_text('user_id_raw'), sql_literal(country.user_id_pattern or '[0-9]{1,18}')) }}
            {%- endfor %}
        end as has_valid_user_id,
        case app_code
            {%- for country in countries %}
                when {{ sql_literal(country.app_code) }}
                    then {{ parse_timestamp(clean_text('logged_in_at_raw'), country.logins.formats.logged_in_at) }}
            {%- endfor %}
        end as logged_in_at_written,
        -- The zone the time is written in (UTC for the UK's `...Z` times
        -- and US epoch seconds), and the country's own zone.
        case app_code
            {%- for country in countries %}
                when {{ sql_literal(country.app_code) }} then {{ sql_literal(country.logins.logged_in_at_time_zone) }}
            {%- endfor %}
        end as written_time_zone,
        case app_code
            {%- for country in countries %}
                when {{ sql_literal(country.app_code) }} then {{ sql_literal(country.time_zone) }}
            {%- endfor %}
        end as local_time_zone,
        processed_at
    from named_fields
)

select * from final
