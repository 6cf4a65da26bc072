-- The queue: every file landed in the Hub that the published marts do not
-- hold yet, with its age. Read live: the Hub is listed when the view is
-- queried (a second reader of source hub.files on purpose: base_hub__files is
-- a snapshot taken at the last build). A file is loaded once a published
-- build counted it: its file_reconciliation row was written no later than
-- the start of the last run that published.
with hub_files as (
    select * from {{ source('hub', 'files') }}
),

reconciled_files as (
    select * from {{ ref('file_reconciliation') }}
),

runs as (
    select * from {{ source('run_log', 'runs') }}
),

last_publication as (
    select max(run_started_at) as published_run_started_at
    from runs
    where published
),

landed_files as (
    select
        regexp_extract(filename, '[^/]+/[^/]+$', 0) as source_file,
        size as size_bytes,
        cast(last_modified as {{ dbt.type_timestamp() }}) as landed_at
    from hub_files
),

final as (
    select
        landed_files.source_file,
        split_part(landed_files.source_file, '/', 1) as app_code,
        landed_files.size_bytes,
        landed_files.landed_at,
        {{ dbt.datediff('landed_files.landed_at', dbt.current_timestamp(), 'second') }} / 3600.0 as age_hours,
        reconciled_files.source_file is not null as is_counted_by_unpublished_build
    from landed_files
    cross join last_publication
    left join reconciled_files
        on landed_files.source_file = reconciled_files.source_file
    where
        reconciled_files.source_file is null
        or last_publication.published_run_started_at is null
        or reconciled_files.processed_at > last_publication.published_run_started_at
)

select * from final
