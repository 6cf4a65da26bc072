-- One row per calendar day, from 2000-01-01 (the earliest sign-up date the
-- marts accept) to the day of the build: MetricFlow joins cumulative metrics
-- (users active in the last 30 days, users ever active) to it, so they have a
-- value for each day up to today, also for a day without logins, and none
-- for days that have not happened. Logins before 2000 would not count in them.
with days as (
    {{ dbt.date_spine('day', "cast('2000-01-01' as date)", "cast(" ~ run_started_at_timestamp() ~ " as date)") }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
