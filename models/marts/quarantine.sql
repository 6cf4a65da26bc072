-- Every raw data line that was not loaded, with why. Derived from the raw
-- files on each run: a line leaves the quarantine as soon as a run can load
-- it (for example when an `unknown_user` arrives in a later delivery).
with user_lines as (
    select * from {{ ref('int_users_validated') }}
    where line_status = 'quarantined'
),

login_lines as (
    select * from {{ ref('int_logins_validated') }}
    where line_status = 'quarantined'
),

quarantined_lines as (
    select
        source_file,
        line_number,
        country_code,
        'users' as file_kind,
        delivery_date,
        quarantine_reason as reason,
        source_user_id,
        raw_line,
        {{ json_object_text([
            ('user_id', 'user_id_raw'),
            ('first_name', 'first_name_raw'),
            ('last_name', 'last_name_raw'),
            ('email', 'email_raw'),
            ('date_of_birth', 'date_of_birth_raw'),
            ('postcode', 'postcode_raw'),
            ('phone', 'phone_raw'),
            ('signup_date', 'signup_date_raw'),
        ]) }} as raw_values
    from user_lines

    union all

    select
        source_file,
        line_number,
        country_code,
        'logins' as file_kind,
        delivery_date,
        quarantine_reason as reason,
        source_user_id,
        raw_line,
        {{ json_object_text([
            ('user_id', 'user_id_raw'),
            ('logged_in_at', 'logged_in_at_raw'),
        ]) }} as raw_values
    from login_lines
),

final as (
    select
        {{ generate_surrogate_key(['source_file', 'line_number']) }} as quarantine_key,
        source_file,
        line_number,
        country_code,
        file_kind,
        delivery_date,
        reason,
        source_user_id,
        raw_line,
        -- A malformed line has no trustworthy fields: its raw line says it all.
        case
            when reason not in ('empty_line', 'unclosed_quote', 'wrong_field_count')
                then raw_values
        end as raw_values
    from quarantined_lines
)

select * from final
