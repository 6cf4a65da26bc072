{% macro columns_match(left, right, columns) -%}
    {#- Join condition: `left` and `right` agree on every column (a key of
        one or more columns). -#}
    {%- for column in columns -%}
        {{ ' and ' if not loop.first }}{{ left }}.{{ column }} = {{ right }}.{{ column }}
    {%- endfor -%}
{%- endmacro %}
