{% macro list_length(list_expression) %}
    {{ return(adapter.dispatch('list_length')(list_expression)) }}
{% endmacro %}

{% macro default__list_length(list_expression) -%}
    len({{ list_expression }})
{%- endmacro %}

{% macro spark__list_length(list_expression) -%}
    {#- Null for null, like DuckDB (size() gives -1). -#}
    array_size({{ list_expression }})
{%- endmacro %}
