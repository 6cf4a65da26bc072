{% macro regex_full_match(expression, pattern) %}
    {{ return(adapter.dispatch('regex_full_match')(expression, pattern)) }}
{% endmacro %}

{% macro default__regex_full_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_full_match(expression, pattern) -%}
    {#- Java's `$` also matches before a final line break: \z does not. -#}
    {{ expression }} rlike concat('^(?:', {{ pattern }}, {{ sql_literal(')\\z') }})
{%- endmacro %}
