-- One row per file in the Hub: every data line read is loaded, a duplicate
-- kept once, or quarantined. A test holds the three to the lines read.
with hub_files as (
    select * from {{ ref('stg_hub__files') }}
),

line_verdicts as (
    select
        source_file,
        line_status
    from {{ ref('int_users_validated') }}

    union all

    select
        source_file,
        line_status
    from {{ ref('int_logins_validated') }}
),

line_counts as (
    select
        source_file,
        count(*) as rows_read,
        sum(case when line_status = 'loaded' then 1 else 0 end) as rows_loaded,
        sum(case when line_status = 'duplicate' then 1 else 0 end) as rows_duplicate,
        sum(case when line_status = 'quarantined' then 1 else 0 end) as rows_quarantined
    from line_verdicts
    group by source_file
),

final as (
    select
        hub_files.source_file,
        hub_files.country_code,
        hub_files.file_kind,
        hub_files.delivery_date,
        hub_files.landed_at,
        hub_files.size_bytes,
        cast(coalesce(line_counts.rows_read, 0) as bigint) as rows_read,
        cast(coalesce(line_counts.rows_loaded, 0) as bigint) as rows_loaded,
        cast(coalesce(line_counts.rows_duplicate, 0) as bigint) as rows_duplicate,
        cast(coalesce(line_counts.rows_quarantined, 0) as bigint) as rows_quarantined
    from hub_files
    left join line_counts
        on hub_files.source_file = line_counts.source_file
)

select * from final
