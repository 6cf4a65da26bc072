{% macro sql_literal(value) %}
    {{ return(adapter.dispatch('sql_literal')(value)) }}
{% endmacro %}

{% macro default__sql_literal(value) %}
    {#- A Jinja value as a quoted SQL string literal, or null. -#}
    {%- if value is none -%}
        {{ return('null') }}
    {%- else -%}
        {{ return("'" ~ (value | string | replace("'", "''")) ~ "'") }}
    {%- endif -%}
{% endmacro %}

{% macro spark__sql_literal(value) %}
    {#- Spark reads a backslash in a string literal as an escape
        (`'\\s'` is `\s`): it is doubled, so regexes arrive as written. -#}
    {%- if value is none -%}
        {{ return('null') }}
    {%- else -%}
        {{ return("'" ~ (value | string | replace('\\', '\\\\') | replace("'", "''")) ~ "'") }}
    {%- endif -%}
{% endmacro %}
