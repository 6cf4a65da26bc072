{% macro sql_literal(value) %}
    {#- A Jinja value as a quoted SQL string literal, or null. -#}
    {%- if value is none -%}
        {{ return('null') }}
    {%- else -%}
        {{ return("'" ~ (value | string | replace("'", "''")) ~ "'") }}
    {%- endif -%}
{% endmacro %}
