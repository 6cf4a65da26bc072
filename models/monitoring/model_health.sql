-- One row per model, seed, snapshot and test that has run: how often it
-- passed, how long it takes, and whether it is getting slower (its last
-- run against its average over the runs before).
with node_results as (
    select * from {{ source('run_log', 'node_results') }}
),

runs as (
    select * from {{ source('run_log', 'runs') }}
),

node_runs as (
    select
        node_results.unique_id,
        node_results.resource_type,
        node_results.node_name,
        node_results.status,
        node_results.execution_seconds,
        runs.run_started_at,
        row_number() over (
            partition by node_results.unique_id order by runs.run_started_at desc
        ) as runs_ago
    from node_results
    inner join runs
        on node_results.invocation_id = runs.invocation_id
),

final as (
    select
        unique_id,
        max(resource_type) as resource_type,
        max(node_name) as node_name,
        count(*) as runs,
        sum(case when status in ('success', 'pass') then 1 else 0 end) as runs_passed,
        sum(case when status in ('error', 'fail', 'runtime error') then 1 else 0 end) as runs_failed,
        sum(case when status in ('success', 'pass') then 1 else 0 end) / count(*) as success_rate,
        avg(execution_seconds) as average_seconds,
        max(case when runs_ago = 1 then execution_seconds end) as last_seconds,
        -- Above 1: the last run took longer than the runs before it did on average.
        max(case when runs_ago = 1 then execution_seconds end)
        / nullif(avg(case when runs_ago > 1 then execution_seconds end), 0) as last_to_average_ratio,
        max(run_started_at) as last_run_started_at
    from node_runs
    group by unique_id
)

select * from final
