-- One row per data line of every user file, in the shared vocabulary: each
-- country's header names mapped to one set of English columns (the text as
-- delivered kept in `*_raw`), each value trimmed and parsed with the
-- country's own formats and rules (null where it does not parse), and
-- whether the user id has the country's form. With stg_hub__login_fields,
-- the only model that knows how countries differ: one `case` branch per
-- registered country, from the registry (dbt_project.yml).
{{ config(materialized='incremental') }}
{%- set countries = hub_countries() %}

with user_lines as (
    select * from {{ ref('base_hub__line_fields') }}
    where
        file_kind = 'users'
        and line_number > 1
        and {{ processed_since_last_run() }}
),

-- Each shared column from where the file's own header puts it.
named_fields as (
    select
        user_lines.app_code,
        user_lines.country_code,
        user_lines.source_file,
        user_lines.delivery_date,
        user_lines.file_modified_at as landed_at,
        user_lines.line_number,
        user_lines.malformed_reason,
        {%- for column in hub_entity_columns()['users'] %}
            case user_lines.app_code
                {%- for country in countries %}
                    when {{ sql_literal(country.app_code) }}
                        then {{ field_named('user_lines.field_values', 'user_lines.header_fields', country.users.columns[column]) }}
                {%- endfor %}
            end as {{ column }}_raw,
        {%- endfor %}
        user_lines.processed_at
    from user_lines
),

parsed as (
    select
        *,
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
        {{ clean_text('first_name_raw') }} as first_name,
        {{ clean_text('last_name_raw') }} as last_name,
        {{ normalise_email('email_raw') }} as email,
        case app_code
            {%- for country in countries %}
                when {{ sql_literal(country.app_code) }}
                    then cast({{ parse_timestamp(clean_text('date_of_birth_raw'), country.users.formats.date_of_birth) }} as date)
            {%- endfor %}
        end as date_of_birth,
        case app_code
            {%- for country in countries %}
                when {{ sql_literal(country.app_code) }}
                    then {{ normalise_postcode('postcode_raw', country.postcode_pattern,
                    country.postcode_format.pattern, country.postcode_format.replacement) }}
            {%- endfor %}
        end as postcode,
        case app_code
            {%- for country in countries %}
                when {{ sql_literal(country.app_code) }}
                    then {{ normalise_phone_e164('phone_raw', country.phone_country_code, country.phone_trunk_prefix) }}
            {%- endfor %}
        end as phone_e164,
        -- A sign-up written with a time of day (US) counts on its local date.
        case app_code
            {%- for country in countries %}
                when {{ sql_literal(country.app_code) }}
                    then cast({{ parse_timestamp(clean_text('signup_date_raw'), country.users.formats.signup_date) }} as date)
            {%- endfor %}
        end as signup_date
    from named_fields
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
        first_name_raw,
        last_name_raw,
        email_raw,
        date_of_birth_raw,
        postcode_raw,
        phone_raw,
        signup_date_raw,
        source_user_id,
        has_valid_user_id,
        first_name,
        last_name,
        email,
        date_of_birth,
        postcode,
        case app_code
            {%- for country in countries %}
                when {{ sql_literal(country.app_code) }} then {{ postcode_area('postcode', country.postcode_area_pattern) }}
            {%- endfor %}
        end as postcode_area,
        phone_e164,
        signup_date,
        processed_at
    from parsed
)

select * from final
