{% macro regex_extract_all(expression, pattern, group) %}
    {{ return(adapter.dispatch('regex_extract_all')(expression, pattern, group)) }}
{% endmacro %}

{% macro default__regex_extract_all(expression, pattern, group) -%}
    {#- Every non-overlapping match of the pattern, as the list of one group. -#}
    regexp_extract_all({{ expression }}, {{ pattern }}, {{ group }})
{%- endmacro %}
