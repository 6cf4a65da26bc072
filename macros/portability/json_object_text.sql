{% macro json_object_text(pairs) %}
    {{ return(adapter.dispatch('json_object_text')(pairs)) }}
{% endmacro %}

{% macro default__json_object_text(pairs) -%}
    {#- pairs: a list of (key, sql expression); a JSON object as text. -#}
    cast(json_object(
        {%- for key, expression in pairs %}
        '{{ key }}', {{ expression }}{{ ',' if not loop.last }}
        {%- endfor %}
    ) as {{ dbt.type_string() }})
{%- endmacro %}
