{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- Schemas named for their layer (`staging`, `marts`, ...), not prefixed
        with the target schema: the names other teams query stay the same. -#}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
