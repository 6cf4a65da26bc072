-- One row per dbt invocation that reached its end: whether it passed and
-- published, how long it took, what it cost. A view, so it includes the run
-- that has just ended (record_run logs it after the models are built).
with runs as (
    select * from {{ source('run_log', 'runs') }}
),

node_results as (
    select * from {{ source('run_log', 'node_results') }}
),

run_resources as (
    select * from {{ source('run_log', 'run_resources') }}
),

reconciled_files as (
    select * from {{ ref('file_reconciliation') }}
),

first_failures as (
    -- The pipeline's own one-line reason comes first in a node's message.
    select
        invocation_id,
        min(node_name || ': ' || message) as first_failure
    from node_results
    where status in ('error', 'fail', 'runtime error')
    group by invocation_id
),

-- What a run read from the Hub and wrote to the marts: the data lines of
-- the files file_reconciliation counted in it, and of those the lines
-- loaded or quarantined (a duplicate is not written again). A file
-- recounted later, when a late user re-admits its logins, counts for the
-- later run.
lines_by_run as (
    select
        processed_at as run_started_at,
        sum(rows_read) as rows_read,
        sum(rows_loaded + rows_quarantined) as rows_written
    from reconciled_files
    group by processed_at
),

final as (
    select
        runs.invocation_id,
        runs.command,
        runs.target,
        runs.run_started_at,
        runs.run_finished_at,
        {{ dbt.datediff('runs.run_started_at', 'runs.run_finished_at', 'millisecond') }} / 1000.0 as duration_seconds,
        runs.succeeded,
        coalesce(runs.published, false) as published,
        runs.nodes,
        runs.nodes_failed,
        runs.nodes_skipped,
        runs.nodes - runs.nodes_failed - runs.nodes_skipped as nodes_passed,
        (runs.nodes - runs.nodes_failed - runs.nodes_skipped) / nullif(runs.nodes, 0) as node_success_rate,
        first_failures.first_failure,
        coalesce(lines_by_run.rows_read, 0) as rows_read,
        coalesce(lines_by_run.rows_written, 0) as rows_written,
        run_resources.peak_memory_bytes / 1048576.0 as peak_memory_mb,
        run_resources.cpu_seconds
    from runs
    left join first_failures
        on runs.invocation_id = first_failures.invocation_id
    left join run_resources
        on runs.invocation_id = run_resources.invocation_id
    left join lines_by_run
        on runs.run_started_at = lines_by_run.run_started_at
)

select * from final
