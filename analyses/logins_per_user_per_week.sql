-- Logins per user per country per ISO week (weeks start on Monday, UTC).
with logins as (
    select * from {{ ref('fct_logins') }}
),

users as (
    select * from {{ ref('dim_users') }}
),

weekly as (
    select
        logins.country_code,
        logins.user_key,
        users.source_user_id,
        cast({{ dbt.date_trunc('week', 'logins.logged_in_at_utc') }} as date) as week_start_date,
        count(*) as login_count
    from logins
    inner join users
        on logins.user_key = users.user_key
    group by
        logins.country_code,
        logins.user_key,
        users.source_user_id,
        cast({{ dbt.date_trunc('week', 'logins.logged_in_at_utc') }} as date)
)

select * from weekly
order by country_code, week_start_date, source_user_id
