{% macro regex_contains(expression, pattern) %}
    {{ return(adapter.dispatch('regex_contains')(expression, pattern)) }}
{% endmacro %}

{% macro default__regex_contains(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_contains(expression, pattern) -%}
    {{ expression }} rlike {{ pattern }}
{%- endmacro %}
