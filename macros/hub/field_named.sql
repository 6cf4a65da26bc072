{% macro field_named(fields, header_fields, name) -%}
    {#- The field of `fields` under the header `name` (compared in lower
        case): each file's own header says where its columns are. -#}
    {{ list_item(fields, list_position_of(header_fields, sql_literal(name | lower))) }}
{%- endmacro %}
