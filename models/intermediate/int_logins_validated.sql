-- Every login data line with its verdict: loaded, duplicate or quarantined
-- (with a reason). Recomputed from the raw files on each run, so a login
-- quarantined as `unknown_user` loads by itself once its user is delivered.
with logins as (
    select * from {{ ref('stg_hub__logins') }}
),

delivered_users as (
    select distinct
        country_code,
        source_user_id
    from {{ ref('int_users_validated') }}
    where line_status = 'loaded'
),

duplicates_marked as (
    select
        *,
        row_number() over (
            partition by source_file, raw_line
            order by line_number
        ) > 1 as is_duplicate_line
    from logins
),

checked as (
    select
        duplicates_marked.*,
        case
            when duplicates_marked.malformed_reason is not null then duplicates_marked.malformed_reason
            when duplicates_marked.source_user_id is null then 'missing_user_id'
            when not {{ regex_full_match('duplicates_marked.source_user_id', country_attribute('user_id_pattern')) }}
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

final as (
    select
        app_code,
        country_code,
        source_file,
        delivery_date,
        line_number,
        raw_line,
        case
            when is_duplicate_line then 'duplicate'
            when rejection_reason is not null then 'quarantined'
            else 'loaded'
        end as line_status,
        case when not is_duplicate_line then rejection_reason end as quarantine_reason,
        source_user_id,
        logged_in_at_utc,
        logged_in_at_local,
        local_time_zone,
        is_ambiguous_local_time,
        user_id_raw,
        logged_in_at_raw
    from checked
)

select * from final
