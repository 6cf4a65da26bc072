{% macro regex_full_match(expression, pattern) %}
    {{ return(adapter.dispatch('regex_full_match')(expression, pattern)) }}
{% endmacro %}

{% macro default__regex_full_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, {{ pattern }})
{%- endmacro %}
