{% macro list_item(list_expression, position) %}
    {{ return(adapter.dispatch('list_item')(list_expression, position)) }}
{% endmacro %}

{% macro default__list_item(list_expression, position) -%}
    list_extract({{ list_expression }}, {{ position }})
{%- endmacro %}

{% macro spark__list_item(list_expression, position) -%}
    element_at({{ list_expression }}, {{ position }})
{%- endmacro %}
