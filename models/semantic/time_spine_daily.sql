-- One row per calendar day: MetricFlow joins cumulative metrics (users
-- active in the last 30 days, users ever active) to it, so they have a value
-- for each day, also one without logins. Fixed dates, so a build's tables
-- depend on the Hub alone: from 2000-01-01 (the earliest sign-up date the
-- marts accept) to 2049-12-31. Logins outside it count in no cumulative metric.
with days as (
    {{ dbt.date_spine('day', "cast('2000-01-01' as date)", "cast('2049-12-31' as date)") }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
