-- One row per person per country app, for counting and trending without
-- identities: a keyed pseudonym for the user id, an age band for the date
-- of birth, a postcode area for the postcode, a month for the sign-up day.
-- Each run replaces the users whose current details changed. A person
-- erased on request keeps their row here (dim_users loses theirs).
{{
    config(
        materialized=incremental_by_key(),
        incremental_strategy='delete+insert',
        unique_key='user_pseudonym',
    )
}}

with changed_users as (
    select * from {{ ref('dim_users') }}
    where {{ processed_since_last_run() }}
),

final as (
    select
        {{ user_pseudonym('country_code', 'source_user_id') }} as user_pseudonym,
        country_code,
        {{ age_band(age_in_years('date_of_birth', 'signup_date')) }} as age_band_at_signup,
        postcode_area,
        cast({{ dbt.date_trunc('month', 'signup_date') }} as date) as signup_month,
        {{ run_started_at_timestamp() }} as processed_at
    from changed_users
)

select * from final
