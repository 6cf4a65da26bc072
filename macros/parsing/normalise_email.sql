{% macro normalise_email(expression) -%}
    {#- Trimmed and in lower case: addresses compare case-insensitively. -#}
    lower({{ clean_text(expression) }})
{%- endmacro %}
