{% macro list_position_of(list_expression, value) %}
    {{ return(adapter.dispatch('list_position_of')(list_expression, value)) }}
{% endmacro %}

{% macro default__list_position_of(list_expression, value) -%}
    list_position({{ list_expression }}, {{ value }})
{%- endmacro %}

{% macro spark__list_position_of(list_expression, value) -%}
    {#- Spark says 0 for absent (element_at refuses 0), as a bigint
        (element_at takes an int). -#}
    cast(nullif(array_position({{ list_expression }}, {{ value }}), 0) as int)
{%- endmacro %}
