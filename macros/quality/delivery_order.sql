{% macro delivery_order(lines) -%}
    {#- The order in which delivered lines count, for "first delivered"
        logins and user versions: the undated first delivery, then by
        delivery date, then in the order the files landed (a delivery
        dropped again under another name lands later, so it never displaces
        the original), then by file name and line. `lines` has
        delivery_date, landed_at, source_file and line_number. -#}
    {{ lines }}.delivery_date nulls first, {{ lines }}.landed_at, {{ lines }}.source_file, {{ lines }}.line_number
{%- endmacro %}
