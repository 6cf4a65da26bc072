-- One row per complete file in the Hub: how many data lines it holds,
-- counted in its own bytes, and how many of them the pipeline judged, and
-- with what verdict: loaded, duplicate or quarantined (a test holds the
-- two counts equal: no line is lost or counted twice between the Hub and
-- the marts). A file still being written is left out until the run that
-- reads it. Each run recounts only the files that are new or had a
-- verdict changed.
{{
    config(
        materialized=incremental_by_key(),
        incremental_strategy='merge',
        unique_key='source_file',
    )
}}

with hub_files as (
    select * from {{ ref('base_hub__files') }}
    where is_complete
),

line_verdicts as (
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
    {% if is_incremental() %}
        select distinct source_file
        from line_verdicts
        where {{ processed_since_last_run() }}
        union
        select source_file from hub_files
        where source_file not in (select counted.source_file from {{ this }} as counted)
    {% else %}
        select source_file from hub_files
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

-- Counted by the reader in the file's text, apart from splitting it into
-- lines: line feeds, and a last line without one; the header is no data.
data_lines_in_files as (
    select
        source_file,
        greatest(max(file_line_count) - 1, 0) as data_lines_in_file
    from {{ ref('base_hub__lines') }}
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
        cast(
            case
                when hub_files.file_kind <> 'unrecognised' then coalesce(data_lines_in_files.data_lines_in_file, 0)
            end as bigint
        ) as data_lines_in_file,
        cast(coalesce(line_counts.rows_read, 0) as bigint) as rows_read,
        cast(coalesce(line_counts.rows_loaded, 0) as bigint) as rows_loaded,
        cast(coalesce(line_counts.rows_duplicate, 0) as bigint) as rows_duplicate,
        cast(coalesce(line_counts.rows_quarantined, 0) as bigint) as rows_quarantined,
        {{ run_started_at_timestamp() }} as processed_at
    from hub_files
    left join line_counts
        on hub_files.source_file = line_counts.source_file
    left join data_lines_in_files
        on hub_files.source_file = data_lines_in_files.source_file
    {% if is_incremental() %}
        where hub_files.source_file in (select files_to_count.source_file from files_to_count)
    {% endif %}
)

select * from final
