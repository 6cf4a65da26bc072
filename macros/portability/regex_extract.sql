{% macro regex_extract(expression, pattern) %}
    {{ return(adapter.dispatch('regex_extract')(expression, pattern)) }}
{% endmacro %}

{% macro default__regex_extract(expression, pattern) -%}
    {#- The first match of the pattern, '' when there is none. -#}
    regexp_extract({{ expression }}, {{ pattern }})
{%- endmacro %}
