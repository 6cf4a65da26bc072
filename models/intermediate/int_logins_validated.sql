-- Every login data line with its verdict: loaded, duplicate or quarantined
-- (with a reason), and its moment in UTC and in the country's wall clock.
-- A login is one (country, user, UTC instant): delivered on more than one
-- line (an exact copy, an overlapping or re-dropped delivery), it is loaded
-- from its first delivery and the other lines are duplicates. Each run
-- judges the lines of new files, and judges again the lines a new line
-- competes with (an earlier delivery arriving late takes "first") and the
-- logins held back as `unknown_user` whose user has now been delivered.
{{
    config(
        materialized=incremental_by_key(),
        incremental_strategy='delete+insert',
        unique_key=['source_file', 'line_number'],
    )
}}

with new_lines as {{ not_materialized() }} (
    select * from {{ ref('stg_hub__login_fields') }}
    where {{ processed_since_last_run() }}
),

login_minutes as (
    select * from {{ ref('int_login_minutes_resolved') }}
),

delivered_users as (
    select distinct
        country_code,
        source_user_id
    from {{ ref('int_users_validated') }}
    where line_status = 'loaded'
),

judged_lines as {{ not_materialized() }} (
    select
        new_lines.app_code,
        new_lines.country_code,
        new_lines.source_file,
        new_lines.delivery_date,
        new_lines.landed_at,
        new_lines.line_number,
        new_lines.source_user_id,
        new_lines.logged_in_at_written
        + (login_minutes.utc_minute - login_minutes.written_minute) as logged_in_at_utc,
        new_lines.logged_in_at_written
        + (login_minutes.local_minute - login_minutes.written_minute) as logged_in_at_local,
        new_lines.local_time_zone,
        coalesce(login_minutes.is_ambiguous_local_time, false) as is_ambiguous_local_time,
        case
            when new_lines.malformed_reason is not null then new_lines.malformed_reason
            when new_lines.source_user_id is null then 'missing_user_id'
            when not new_lines.has_valid_user_id then 'invalid_user_id'
            when {{ clean_text('new_lines.logged_in_at_raw') }} is null then 'missing_login_time'
            when new_lines.logged_in_at_written is null then 'invalid_login_time'
            when login_minutes.is_nonexistent_local_time then 'nonexistent_local_time'
            when delivered_users.source_user_id is null then 'unknown_user'
        end as rejection_reason,
        new_lines.user_id_raw,
        new_lines.logged_in_at_raw
    from new_lines
    left join login_minutes
        on
            new_lines.written_time_zone = login_minutes.written_time_zone
            and new_lines.local_time_zone = login_minutes.local_time_zone
            and {{ dbt.date_trunc('minute', 'new_lines.logged_in_at_written') }} = login_minutes.written_minute
    left join delivered_users
        on
            new_lines.country_code = delivered_users.country_code
            and new_lines.source_user_id = delivered_users.source_user_id
),

{% if is_incremental() %}
    -- unknown_user is the last rule checked: the user's arrival is the only
    -- thing that changes these lines' fate.
    readmitted_lines as (
        select
            held_back.app_code,
            held_back.country_code,
            held_back.source_file,
            held_back.delivery_date,
            held_back.landed_at,
            held_back.line_number,
            held_back.source_user_id,
            held_back.logged_in_at_utc,
            held_back.logged_in_at_local,
            held_back.local_time_zone,
            held_back.is_ambiguous_local_time,
            cast(null as {{ dbt.type_string() }}) as rejection_reason,
            held_back.user_id_raw,
            held_back.logged_in_at_raw
        from {{ this }} as held_back
        inner join delivered_users
            on
                held_back.country_code = delivered_users.country_code
                and held_back.source_user_id = delivered_users.source_user_id
        where held_back.quarantine_reason = 'unknown_user'
    ),

    lines_to_judge as {{ not_materialized() }} (
        select * from judged_lines
        union all
        select * from readmitted_lines
    ),

    delivered_again as (
        select distinct
            country_code,
            source_user_id,
            logged_in_at_utc
        from lines_to_judge
        where rejection_reason is null
    ),

    -- Logins loaded by earlier runs that a line judged now delivers again:
    -- they compete for "first delivered".
    loaded_before as (
        select
            loaded.app_code,
            loaded.country_code,
            loaded.source_file,
            loaded.delivery_date,
            loaded.landed_at,
            loaded.line_number,
            loaded.source_user_id,
            loaded.logged_in_at_utc,
            loaded.logged_in_at_local,
            loaded.local_time_zone,
            loaded.is_ambiguous_local_time,
            cast(null as {{ dbt.type_string() }}) as rejection_reason,
            loaded.user_id_raw,
            loaded.logged_in_at_raw
        from {{ this }} as loaded
        inner join delivered_again
            on
                loaded.country_code = delivered_again.country_code
                and loaded.source_user_id = delivered_again.source_user_id
                and loaded.logged_in_at_utc = delivered_again.logged_in_at_utc
        where loaded.line_status = 'loaded'
    ),

    competing_lines as {{ not_materialized() }} (
        select * from lines_to_judge
        union all
        select * from loaded_before
    ),
{% else %}
    competing_lines as {{ not_materialized() }} (
        select * from judged_lines
    ),
{% endif %}

-- The same login on more than one line: only those are ranked, in the
-- order deliveries count (delivery_order).
repeated_logins as (
    select
        country_code,
        source_user_id,
        logged_in_at_utc
    from competing_lines
    where rejection_reason is null
    group by country_code, source_user_id, logged_in_at_utc
    having count(*) > 1
),

later_deliveries as (
    select
        competing_lines.source_file,
        competing_lines.line_number,
        row_number() over (
            partition by competing_lines.country_code, competing_lines.source_user_id, competing_lines.logged_in_at_utc
            order by {{ delivery_order('competing_lines') }}
        ) > 1 as is_later_delivery
    from competing_lines
    inner join repeated_logins
        on
            competing_lines.country_code = repeated_logins.country_code
            and competing_lines.source_user_id = repeated_logins.source_user_id
            and competing_lines.logged_in_at_utc = repeated_logins.logged_in_at_utc
    where competing_lines.rejection_reason is null
),

final as (
    select
        competing_lines.app_code,
        competing_lines.country_code,
        competing_lines.source_file,
        competing_lines.delivery_date,
        competing_lines.landed_at,
        competing_lines.line_number,
        case
            when competing_lines.rejection_reason is not null then 'quarantined'
            when later_deliveries.is_later_delivery then 'duplicate'
            else 'loaded'
        end as line_status,
        competing_lines.rejection_reason as quarantine_reason,
        competing_lines.source_user_id,
        competing_lines.logged_in_at_utc,
        competing_lines.logged_in_at_local,
        competing_lines.local_time_zone,
        competing_lines.is_ambiguous_local_time,
        competing_lines.user_id_raw,
        competing_lines.logged_in_at_raw,
        {{ run_started_at_timestamp() }} as processed_at
    from competing_lines
    left join later_deliveries
        on
            competing_lines.source_file = later_deliveries.source_file
            and competing_lines.line_number = later_deliveries.line_number
)

select * from final
