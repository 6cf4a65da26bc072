-- Every data line the base models read from the Hub appears in exactly one
-- file's reconciliation counts: nothing is lost between reading and the marts.
with lines_read as (
    select
        source_file,
        count(*) as data_lines
    from (
        select
            source_file,
            line_number
        from {{ ref('base_hub__user_lines') }}
        union all
        select
            source_file,
            line_number
        from {{ ref('base_hub__login_lines') }}
    ) as hub_lines
    where line_number > 1
    group by source_file
),

reconciled as (
    select * from {{ ref('file_reconciliation') }}
)

select
    coalesce(lines_read.source_file, reconciled.source_file) as source_file,
    lines_read.data_lines,
    reconciled.rows_read
from lines_read
full outer join reconciled
    on lines_read.source_file = reconciled.source_file
where coalesce(lines_read.data_lines, 0) <> coalesce(reconciled.rows_read, 0)
