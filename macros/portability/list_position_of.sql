{% macro list_position_of(list_expression, value) %}
    {{ return(adapter.dispatch('list_position_of')(list_expression, value)) }}
{% endmacro %}

{% macro default__list_position_of(list_expression, value) -%}
    list_position({{ list_expression }}, {{ value }})
{%- endmacro %}
