{#- One verdict per delivered data line, the same way for every file kind. -#}

{% macro with_duplicate_flag(lines) -%}
    {#- `lines` with `is_duplicate_line`: true for an exact copy of an
        earlier line of the same file (counted as a duplicate, kept once).
        Copies are rare, so only lines that occur more than once are ranked:
        a window over every line of a large delivery would not spill to
        disk, an aggregate and joins do. -#}
    select
        {{ lines }}.*,
        coalesce(ranked_copies.is_later_copy, false) as is_duplicate_line
    from {{ lines }}
    left join (
        select
            {{ lines }}.source_file,
            {{ lines }}.line_number,
            row_number() over (
                partition by {{ lines }}.source_file, {{ lines }}.raw_line
                order by {{ lines }}.line_number
            ) > 1 as is_later_copy
        from {{ lines }}
        inner join (
            select
                source_file,
                raw_line
            from {{ lines }}
            group by source_file, raw_line
            having count(*) > 1
        ) as repeated
            on
                {{ lines }}.source_file = repeated.source_file
                and {{ lines }}.raw_line = repeated.raw_line
    ) as ranked_copies
        on
            {{ lines }}.source_file = ranked_copies.source_file
            and {{ lines }}.line_number = ranked_copies.line_number
{%- endmacro %}


{% macro line_verdict(is_duplicate, rejection_reason) -%}
    {#- `line_status` and `quarantine_reason` from the duplicate flag and the
        first rule the line broke (null when none). -#}
    case
        when {{ is_duplicate }} then 'duplicate'
        when {{ rejection_reason }} is not null then 'quarantined'
        else 'loaded'
    end as line_status,
    case when not {{ is_duplicate }} then {{ rejection_reason }} end as quarantine_reason
{%- endmacro %}
