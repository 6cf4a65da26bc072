{{ config(materialized='incremental') }}

with user_lines as {{ not_materialized() }} (
    select * from {{ ref('base_hub__user_lines') }}
    where {{ processed_since_last_run() }}
),

user_fields as (
    {{ hub_line_fields('users', 'user_lines') }}
),

parsed as (
    select
        app_code,
        country_code,
        source_file,
        delivery_date,
        line_number,
        raw_line,
        malformed_reason,
        user_id_raw,
        first_name_raw,
        last_name_raw,
        email_raw,
        date_of_birth_raw,
        postcode_raw,
        phone_raw,
        signup_date_raw,
        {{ clean_text('user_id_raw') }} as source_user_id,
        {{ clean_text('first_name_raw') }} as first_name,
        {{ clean_text('last_name_raw') }} as last_name,
        {{ normalise_email('email_raw') }} as email,
        cast(
            {{ parse_hub_timestamp(clean_text('date_of_birth_raw'), 'users', 'date_of_birth') }} as date
        ) as date_of_birth,
        {{ by_country(normalise_postcode, [
            'postcode_raw',
            'registry:postcode_pattern',
            'registry:postcode_format.pattern',
            'registry:postcode_format.replacement',
        ]) }} as postcode,
        {{ by_country(normalise_phone_e164, [
            'phone_raw',
            'registry:phone_country_code',
            'registry:phone_trunk_prefix',
        ]) }} as phone_e164,
        cast(
            {{ parse_hub_timestamp(clean_text('signup_date_raw'), 'users', 'signup_date') }} as date
        ) as signup_date,
        {{ run_started_at_timestamp() }} as processed_at
    from user_fields
)

select * from parsed
