{% macro delivery_date_from_file_name(file_name) -%}
    {#- The date in a delivery's file name: `... 2025-02.csv` or `..._202502.csv`
        -> 2025-02-01, `... 2025-02-14.csv` or `..._20250214.csv` ->
        2025-02-14. No date in the name (the first delivery) -> null. -#}
    {%- set found = "replace(regexp_extract(" ~ file_name ~ ", '(19|20)[0-9]{2}-?(0[1-9]|1[0-2])(-?(0[1-9]|[12][0-9]|3[01]))?', 0), '-', '')" -%}
    cast(
        {{ parse_timestamp("case when length(" ~ found ~ ") = 6 then " ~ found ~ " || '01' else " ~ found ~ " end", '%Y%m%d') }}
        as date
    )
{%- endmacro %}
