-- One row per file in the Hub: every data line read is loaded, a duplicate
-- kept once, or quarantined. A test holds the three to the lines read.
-- Each run recounts only the files that are new or had a verdict changed.
{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='source_file',
    )
}}

with hub_files as (
    select * from {{ ref('stg_hub__files') }}
),

line_verdicts as {{ not_materialized() }} (
    select
        source_file,
        line_status,
        processed_at
    from {{ ref('int_users_validated') }}

    union all

    select
        source_file,
        line_status,
        processed_at
    from {{ ref('int_logins_validated') }}
),

files_to_count as (
    select distinct source_file
    from line_verdicts
    where {{ processed_since_last_run() }}
    {% if is_incremental() %}
        union
        select source_file from hub_files
        where source_file not in (select counted.source_file from {{ this }} as counted)
    {% endif %}
),

line_counts as (
    select
        source_file,
        count(*) as rows_read,
        sum(case when line_status = 'loaded' then 1 else 0 end) as rows_loaded,
        sum(case when line_status = 'duplicate' then 1 else 0 end) as rows_duplicate,
        sum(case when line_status = 'quarantined' then 1 else 0 end) as rows_quarantined
    from line_verdicts
    where source_file in (select files_to_count.source_file from files_to_count)
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
        cast(coalesce(line_counts.rows_quarantined, 0) as bigint) as rows_quarantined,
        {{ run_started_at_timestamp() }} as processed_at
    from hub_files
    left join line_counts
        on hub_files.source_file = line_counts.source_file
    {% if is_incremental() %}
        where hub_files.source_file in (select files_to_count.source_file from files_to_count)
    {% endif %}
)

select * from final
