{% macro list_map(list_expression, variable, expression) %}
    {{ return(adapter.dispatch('list_map')(list_expression, variable, expression)) }}
{% endmacro %}

{% macro default__list_map(list_expression, variable, expression) -%}
    {#- Each item of a list passed through `expression` over `variable`. -#}
    list_transform({{ list_expression }}, {{ variable }} -> {{ expression }})
{%- endmacro %}

{% macro spark__list_map(list_expression, variable, expression) -%}
    transform({{ list_expression }}, {{ variable }} -> {{ expression }})
{%- endmacro %}
