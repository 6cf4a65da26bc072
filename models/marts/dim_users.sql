-- One row per person per country app: the details of their latest version.
-- Each run replaces the users whose history the run rebuilt.
{{
    config(
        materialized=incremental_by_key(),
        incremental_strategy='delete+insert',
        unique_key='user_key',
    )
}}

with user_versions as (
    select * from {{ ref('dim_users_history') }}
    where {{ processed_since_last_run() }}
),

final as (
    select
        user_key,
        country_code,
        source_user_id,
        first_name,
        last_name,
        email,
        date_of_birth,
        postcode,
        postcode_area,
        phone_e164,
        signup_date,
        version_number,
        source_file as last_delivered_in_file,
        valid_from as last_delivery_date,
        processed_at
    from user_versions
    where is_current
)

select * from final
