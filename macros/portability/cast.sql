{% macro spark__cast(field, type) -%}
    {#- dbt's cross-database cast, which checks model contracts (it casts
        null to each column's `data_type`): the contracts spell types as
        DuckDB does, Spark spells `varchar` `string` and its `timestamp`
        is the instant DuckDB calls `timestamp with time zone`. -#}
    {%- set spark_type = {'varchar': 'string', 'timestamp with time zone': 'timestamp'}.get(type | lower | trim, type) -%}
    cast({{ field }} as {{ spark_type }})
{%- endmacro %}
