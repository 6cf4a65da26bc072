-- Share of users active in each month, per country: users with at least one
-- login in the month (local calendar) over users signed up by the month's end.
with users as (
    select * from {{ ref('dim_users') }}
),

logins as (
    select * from {{ ref('fct_logins') }}
),

months as (
    select distinct
        country_code,
        cast({{ dbt.date_trunc('month', 'logged_in_at_local') }} as date) as month_start_date
    from logins
),

active as (
    select
        country_code,
        cast({{ dbt.date_trunc('month', 'logged_in_at_local') }} as date) as month_start_date,
        count(distinct user_key) as active_users
    from logins
    group by
        country_code,
        cast({{ dbt.date_trunc('month', 'logged_in_at_local') }} as date)
),

eligible as (
    select
        months.country_code,
        months.month_start_date,
        count(users.user_key) as eligible_users
    from months
    left join users
        on
            months.country_code = users.country_code
            and (
                users.signup_date is null
                or users.signup_date < {{ dbt.dateadd('month', 1, 'months.month_start_date') }}
            )
    group by
        months.country_code,
        months.month_start_date
),

final as (
    select
        eligible.country_code,
        eligible.month_start_date,
        eligible.eligible_users,
        coalesce(active.active_users, 0) as active_users,
        round(coalesce(active.active_users, 0) * 1.0 / nullif(eligible.eligible_users, 0), 4)
            as active_share
    from eligible
    left join active
        on
            eligible.country_code = active.country_code
            and eligible.month_start_date = active.month_start_date
)

select * from final
order by country_code, month_start_date
