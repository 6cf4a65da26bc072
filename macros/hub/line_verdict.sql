{#- One verdict per delivered data line, the same way for every file kind. -#}

{% macro is_repeat_of_earlier_line() -%}
    {#- True for an exact copy of an earlier line of the same file: it is
        counted as a duplicate and kept once. -#}
    row_number() over (
        partition by source_file, raw_line
        order by line_number
    ) > 1
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
