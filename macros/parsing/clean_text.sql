{% macro clean_text(expression) -%}
    {#- Trimmed of surrounding white space; blank becomes null. -#}
    nullif({{ trim_whitespace(expression) }}, '')
{%- endmacro %}
