{% macro get_where_subquery(relation) -%}
    {#- dbt's hook for a data test's `where` config, extended with one
        placeholder: `__last_publication__`, the start of the run whose
        marts are published. With the project default
        `processed_at > __last_publication__`, a test checks only the rows
        written since then: every row is tested before it is first
        published, a new delivery pays for its own rows, and rows a failed
        run left behind are tested again. A full refresh writes every row
        anew, so it tests everything. Relations without `processed_at`
        (seeds, the file inventory, full-rebuild tables) are tested whole. -#}
    {%- set where = config.get('where') -%}
    {%- if where and '__last_publication__' in where -%}
        {%- set columns = adapter.get_columns_in_relation(relation) if execute else [] -%}
        {%- if 'processed_at' in columns | map(attribute='name') | map('lower') | list -%}
            {%- set where = where | replace('__last_publication__', last_publication_sql()) -%}
        {%- else -%}
            {%- set where = none -%}
        {%- endif -%}
    {%- endif -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') as dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}


{% macro last_publication_sql() -%}
    {%- set publications = adapter.get_relation(target.database, 'monitoring', 'publications') -%}
    {%- if publications is none -%}
        cast('1900-01-01' as {{ dbt.type_timestamp() }})
    {%- else -%}
        (select coalesce(max(run_started_at), cast('1900-01-01' as {{ dbt.type_timestamp() }})) from {{ publications }})
    {%- endif -%}
{%- endmacro %}
