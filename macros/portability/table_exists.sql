{% macro table_exists(schema, identifier) %}
    {#- Whether the table exists, asked of the database, not dbt's relation
        cache (which does not see tables made by hooks). -#}
    {{ return(adapter.dispatch('table_exists')(schema, identifier)) }}
{% endmacro %}

{% macro default__table_exists(schema, identifier) %}
    {{ return(run_query(
        "select count(*) from information_schema.tables where table_schema = " ~ sql_literal(schema)
        ~ " and table_name = " ~ sql_literal(identifier)).columns[0].values()[0] > 0) }}
{% endmacro %}

{% macro spark__table_exists(schema, identifier) %}
    {#- Spark has no information_schema. -#}
    {{ return(run_query("show tables in " ~ schema ~ " like " ~ sql_literal(identifier)).rows | length > 0) }}
{% endmacro %}
