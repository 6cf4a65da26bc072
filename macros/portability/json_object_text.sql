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

{% macro spark__json_object_text(pairs) -%}
    {#- Spark's to_json leaves null fields out unless told not to. -#}
    to_json(named_struct(
        {%- for key, expression in pairs %}
        '{{ key }}', {{ expression }}{{ ',' if not loop.last }}
        {%- endfor %}
    ), map('ignoreNullFields', 'false'))
{%- endmacro %}
