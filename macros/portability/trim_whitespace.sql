{% macro trim_whitespace(expression) %}
    {{ return(adapter.dispatch('trim_whitespace')(expression)) }}
{% endmacro %}

{% macro default__trim_whitespace(expression) -%}
    {#- Spaces, tabs, line breaks and no-break spaces at either end. -#}
    trim({{ expression }}, ' ' || chr(9) || chr(10) || chr(13) || chr(160))
{%- endmacro %}

{% macro spark__trim_whitespace(expression) -%}
    btrim({{ expression }}, ' ' || chr(9) || chr(10) || chr(13) || chr(160))
{%- endmacro %}
