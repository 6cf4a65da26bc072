-- Days from sign-up to first login, per user, with a per-country summary.
-- Users who never logged in count in `user_count` only; a negative number
-- means the first recorded login came before the recorded sign-up day.
with users as (
    select * from {{ ref('dim_users') }}
),

first_logins as (
    select
        user_key,
        min(logged_in_at_local) as first_logged_in_at_local
    from {{ ref('fct_logins') }}
    group by user_key
),

per_user as (
    select
        users.country_code,
        users.source_user_id,
        users.signup_date,
        cast(first_logins.first_logged_in_at_local as date) as first_login_date,
        {{ dbt.datediff('users.signup_date', 'cast(first_logins.first_logged_in_at_local as date)', 'day') }}
            as days_to_first_login
    from users
    left join first_logins
        on users.user_key = first_logins.user_key
),

per_country as (
    select
        country_code,
        count(*) as user_count,
        count(first_login_date) as logged_in_user_count,
        avg(days_to_first_login) as mean_days_to_first_login,
        min(days_to_first_login) as min_days_to_first_login,
        max(days_to_first_login) as max_days_to_first_login
    from per_user
    group by country_code
)

select * from per_country
order by country_code
