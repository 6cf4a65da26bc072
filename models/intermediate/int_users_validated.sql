-- Every user data line with its verdict: loaded, duplicate or quarantined
-- (with a reason), and optional values that failed a rule set to null with
-- the rule that failed. A user line's verdict depends on its own file only,
-- so each run appends the verdicts of the new files.
{{ config(materialized='incremental') }}

with users as {{ not_materialized() }} (
    select * from {{ ref('stg_hub__users') }}
    where {{ processed_since_last_run() }}
),

duplicates_marked as (
    {{ with_duplicate_flag('users') }}
),

checked as (
    select
        *,
        case
            when malformed_reason is not null then malformed_reason
            when source_user_id is null then 'missing_user_id'
            when not {{ by_country(regex_full_match, ['source_user_id', 'registry:user_id_pattern']) }}
                then 'invalid_user_id'
            when email is null then 'missing_email'
            when not {{ is_valid_email('email') }} then 'invalid_email'
        end as rejection_reason,
        case
            when {{ clean_text('date_of_birth_raw') }} is not null and date_of_birth is null
                then 'invalid_date'
            when date_of_birth > current_date then 'date_of_birth_in_future'
            when date_of_birth < cast('1900-01-01' as date) then 'date_of_birth_before_1900'
        end as date_of_birth_issue,
        case
            when {{ clean_text('signup_date_raw') }} is not null and signup_date is null
                then 'invalid_date'
            when signup_date > current_date then 'signup_date_in_future'
        end as signup_date_issue,
        case
            when {{ clean_text('phone_raw') }} is not null and phone_e164 is null
                then 'invalid_phone'
        end as phone_issue,
        case
            when {{ clean_text('postcode_raw') }} is not null and postcode is null
                then 'invalid_postcode'
        end as postcode_issue
    from duplicates_marked
),

final as (
    select
        app_code,
        country_code,
        source_file,
        delivery_date,
        line_number,
        raw_line,
        {{ line_verdict('is_duplicate_line', 'rejection_reason') }},
        source_user_id,
        first_name,
        last_name,
        email,
        case when date_of_birth_issue is null then date_of_birth end as date_of_birth,
        postcode,
        phone_e164,
        case when signup_date_issue is null then signup_date end as signup_date,
        date_of_birth_issue,
        postcode_issue,
        phone_issue,
        signup_date_issue,
        user_id_raw,
        first_name_raw,
        last_name_raw,
        email_raw,
        date_of_birth_raw,
        postcode_raw,
        phone_raw,
        signup_date_raw,
        {{ run_started_at_timestamp() }} as processed_at
    from checked
)

select * from final
