-- Every login data line with its verdict: loaded, duplicate or quarantined
-- (with a reason). Each run judges the lines of new files, and looks again
-- at the logins held back as `unknown_user`: those whose user has now been
-- delivered are re-admitted (replaced by key, marked loaded).
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['source_file', 'line_number'],
    )
}}

with logins as {{ not_materialized() }} (
    select * from {{ ref('stg_hub__logins') }}
    where {{ processed_since_last_run() }}
),

delivered_users as (
    select distinct
        country_code,
        source_user_id
    from {{ ref('int_users_validated') }}
    where line_status = 'loaded'
),

duplicates_marked as (
    {{ with_duplicate_flag('logins') }}
),

checked as (
    select
        duplicates_marked.*,
        case
            when duplicates_marked.malformed_reason is not null then duplicates_marked.malformed_reason
            when duplicates_marked.source_user_id is null then 'missing_user_id'
            when not {{ by_country(regex_full_match, ['duplicates_marked.source_user_id', 'registry:user_id_pattern']) }}
                then 'invalid_user_id'
            when {{ clean_text('duplicates_marked.logged_in_at_raw') }} is null then 'missing_login_time'
            when duplicates_marked.logged_in_at_written is null then 'invalid_login_time'
            when duplicates_marked.is_nonexistent_local_time then 'nonexistent_local_time'
            when delivered_users.source_user_id is null then 'unknown_user'
        end as rejection_reason
    from duplicates_marked
    left join delivered_users
        on
            duplicates_marked.country_code = delivered_users.country_code
            and duplicates_marked.source_user_id = delivered_users.source_user_id
),

new_verdicts as (
    select
        app_code,
        country_code,
        source_file,
        delivery_date,
        line_number,
        raw_line,
        {{ line_verdict('is_duplicate_line', 'rejection_reason') }},
        source_user_id,
        logged_in_at_utc,
        logged_in_at_local,
        local_time_zone,
        is_ambiguous_local_time,
        user_id_raw,
        logged_in_at_raw
    from checked
),

{% if is_incremental() %}
    -- unknown_user is the last rule checked, so the user's arrival is the
    -- only thing that can change these verdicts.
    readmitted as (
        select
            held_back.app_code,
            held_back.country_code,
            held_back.source_file,
            held_back.delivery_date,
            held_back.line_number,
            held_back.raw_line,
            'loaded' as line_status,
            cast(null as {{ dbt.type_string() }}) as quarantine_reason,
            held_back.source_user_id,
            held_back.logged_in_at_utc,
            held_back.logged_in_at_local,
            held_back.local_time_zone,
            held_back.is_ambiguous_local_time,
            held_back.user_id_raw,
            held_back.logged_in_at_raw
        from {{ this }} as held_back
        inner join delivered_users
            on
                held_back.country_code = delivered_users.country_code
                and held_back.source_user_id = delivered_users.source_user_id
        where held_back.quarantine_reason = 'unknown_user'
    ),
{% endif %}

final as (
    select
        *,
        {{ run_started_at_timestamp() }} as processed_at
    from new_verdicts
    {% if is_incremental() %}
        union all
        select
            *,
            {{ run_started_at_timestamp() }} as processed_at
        from readmitted
    {% endif %}
)

select * from final
