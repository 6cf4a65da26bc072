-- One row per distinct successful login. The same login delivered twice
-- (an exact duplicate, or in two overlapping deliveries) is counted once.
with loaded_logins as (
    select * from {{ ref('int_logins_validated') }}
    where line_status = 'loaded'
),

first_deliveries as (
    select *
    from (
        select
            *,
            row_number() over (
                partition by country_code, source_user_id, logged_in_at_utc
                order by delivery_date nulls first, source_file, line_number
            ) as delivery_rank
        from loaded_logins
    ) as ranked
    where delivery_rank = 1
),

final as (
    select
        {{ generate_surrogate_key(['country_code', 'source_user_id', 'logged_in_at_utc']) }} as login_key,
        {{ generate_surrogate_key(['country_code', 'source_user_id']) }} as user_key,
        country_code,
        source_user_id,
        logged_in_at_utc,
        logged_in_at_local,
        local_time_zone,
        is_ambiguous_local_time,
        source_file,
        line_number
    from first_deliveries
)

select * from final
