-- Every delivered data line that was not loaded, with why. Each run merges
-- the verdicts given since the last run: new quarantined lines come in, and
-- a line leaves as soon as a run loads it (an `unknown_user` login whose
-- user has arrived).
{{
    config(
        materialized=incremental_by_key(),
        incremental_strategy='merge',
        unique_key='quarantine_key',
        merge_clauses={
            'when_matched': [
                {'action': 'delete', 'condition': 'DBT_INTERNAL_SOURCE.reason is null'},
                {'action': 'update', 'mode': 'by_name'},
            ],
            'when_not_matched': [
                {'action': 'insert', 'mode': 'by_name', 'condition': 'DBT_INTERNAL_SOURCE.reason is not null'},
            ],
        },
    )
}}

with user_lines as {{ not_materialized() }} (
    select * from {{ ref('int_users_validated') }}
    where {{ processed_since_last_run() }}
),

login_lines as {{ not_materialized() }} (
    select * from {{ ref('int_logins_validated') }}
    where {{ processed_since_last_run() }}
),

hub_lines as (
    select * from {{ ref('base_hub__lines') }}
),

judged_lines as {{ not_materialized() }} (
    select
        source_file,
        line_number,
        country_code,
        'users' as file_kind,
        delivery_date,
        quarantine_reason as reason,
        source_user_id,
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
    {% if not is_incremental() %}
        where quarantine_reason is not null
    {% endif %}

    union all

    select
        source_file,
        line_number,
        country_code,
        'logins' as file_kind,
        delivery_date,
        quarantine_reason as reason,
        source_user_id,
        {{ json_object_text([
            ('user_id', 'user_id_raw'),
            ('logged_in_at', 'logged_in_at_raw'),
        ]) }} as raw_values
    from login_lines
    -- Lines judged loaded only remove an earlier quarantine row, and only
    -- on an incremental run (see merge_clauses).
    {% if not is_incremental() %}
        where quarantine_reason is not null
    {% endif %}
),

-- The line as delivered, for the lines quarantined: a malformed line has no
-- trustworthy fields, its raw line says it all.
quarantined_raw_lines as (
    select
        hub_lines.source_file,
        hub_lines.line_number,
        hub_lines.raw_line
    from hub_lines
    inner join judged_lines
        on
            hub_lines.source_file = judged_lines.source_file
            and hub_lines.line_number = judged_lines.line_number
    where judged_lines.reason is not null
),

final as (
    select
        {{ generate_surrogate_key(['judged_lines.source_file', 'judged_lines.line_number']) }} as quarantine_key,
        judged_lines.source_file,
        judged_lines.line_number,
        judged_lines.country_code,
        judged_lines.file_kind,
        judged_lines.delivery_date,
        judged_lines.reason,
        judged_lines.source_user_id,
        quarantined_raw_lines.raw_line,
        case
            when
                judged_lines.reason not in (
                    'line_too_long', 'empty_line', 'control_character', 'unclosed_quote', 'stray_quote',
                    'wrong_field_count'
                )
                then judged_lines.raw_values
        end as raw_values,
        {{ run_started_at_timestamp() }} as processed_at
    from judged_lines
    left join quarantined_raw_lines
        on
            judged_lines.source_file = quarantined_raw_lines.source_file
            and judged_lines.line_number = quarantined_raw_lines.line_number
)

select * from final
