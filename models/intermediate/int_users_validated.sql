-- Every user data line with its verdict: loaded, duplicate (an exact copy of
-- an earlier line of the same file) or quarantined (with a reason); and the
-- optional values that broke a rule set to null, with the rule. A user
-- line's verdict depends on its own file only, so each run appends the
-- verdicts of the new files.
{{ config(materialized='incremental') }}

with users as {{ not_materialized() }} (
    select
        *,
        -- The line's fields as delivered, for finding exact copies.
        {{ dbt.array_construct([
            'user_id_raw', 'first_name_raw', 'last_name_raw', 'email_raw',
            'date_of_birth_raw', 'postcode_raw', 'phone_raw', 'signup_date_raw',
        ], dbt.type_string()) }} as delivered_fields
    from {{ ref('stg_hub__user_fields') }}
    where {{ processed_since_last_run() }}
),

-- Copies are rare: only lines that occur more than once are ranked (a
-- window over every line of a large delivery would have to hold it all).
repeated_lines as (
    select
        source_file,
        delivered_fields
    from users
    where malformed_reason is null
    group by source_file, delivered_fields
    having count(*) > 1
),

copies as (
    select
        users.source_file,
        users.line_number,
        row_number() over (
            partition by users.source_file, users.delivered_fields
            order by users.line_number
        ) > 1 as is_copy
    from users
    inner join repeated_lines
        on
            users.source_file = repeated_lines.source_file
            and users.delivered_fields = repeated_lines.delivered_fields
    where users.malformed_reason is null
),

checked as (
    select
        users.*,
        coalesce(copies.is_copy, false) as is_copy,
        case
            when users.malformed_reason is not null then users.malformed_reason
            when users.source_user_id is null then 'missing_user_id'
            when not users.has_valid_user_id then 'invalid_user_id'
            when users.email is null then 'missing_email'
            when not {{ is_valid_email('users.email') }} then 'invalid_email'
        end as rejection_reason,
        case
            when {{ clean_text('users.date_of_birth_raw') }} is not null and users.date_of_birth is null
                then 'invalid_date'
            when users.date_of_birth > current_date then 'date_of_birth_in_future'
            when users.date_of_birth < cast('1900-01-01' as date) then 'date_of_birth_before_1900'
        end as date_of_birth_issue,
        case
            when {{ clean_text('users.signup_date_raw') }} is not null and users.signup_date is null
                then 'invalid_date'
            when users.signup_date > current_date then 'signup_date_in_future'
        end as signup_date_issue,
        case
            when {{ clean_text('users.phone_raw') }} is not null and users.phone_e164 is null
                then 'invalid_phone'
        end as phone_issue,
        case
            when {{ clean_text('users.postcode_raw') }} is not null and users.postcode is null
                then 'invalid_postcode'
        end as postcode_issue
    from users
    left join copies
        on
            users.source_file = copies.source_file
            and users.line_number = copies.line_number
),

final as (
    select
        app_code,
        country_code,
        source_file,
        delivery_date,
        landed_at,
        line_number,
        case
            when is_copy then 'duplicate'
            when rejection_reason is not null then 'quarantined'
            else 'loaded'
        end as line_status,
        case when not is_copy then rejection_reason end as quarantine_reason,
        source_user_id,
        first_name,
        last_name,
        email,
        case when date_of_birth_issue is null then date_of_birth end as date_of_birth,
        postcode,
        postcode_area,
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
