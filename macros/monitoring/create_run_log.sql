{% macro create_run_log() %}
    {#- on-run-start: the run log's tables exist before any model reads them
        (the monitoring views are bound to them when they are created), and
        a database logged by an older version gains the newer columns. -#}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set statements -%}
    create schema if not exists monitoring;
    create table if not exists monitoring.runs (
        invocation_id {{ dbt.type_string() }},
        command {{ dbt.type_string() }},
        target {{ dbt.type_string() }},
        run_started_at {{ dbt.type_timestamp() }},
        run_finished_at {{ dbt.type_timestamp() }},
        nodes integer,
        nodes_failed integer,
        nodes_skipped integer,
        succeeded boolean,
        published boolean
    );
    {%- if target.type != 'spark' %}
    {#- DuckDB: a database logged before `published` existed (a Spark
        warehouse's log always had it; Spark has no `add column if not
        exists`). #}
    alter table monitoring.runs add column if not exists published boolean;
    {%- endif %}
    create table if not exists monitoring.node_results (
        invocation_id {{ dbt.type_string() }},
        unique_id {{ dbt.type_string() }},
        resource_type {{ dbt.type_string() }},
        node_name {{ dbt.type_string() }},
        status {{ dbt.type_string() }},
        execution_seconds double,
        rows_affected bigint,
        failures bigint,
        message {{ dbt.type_string() }}
    );
    create table if not exists monitoring.run_resources (
        invocation_id {{ dbt.type_string() }},
        peak_memory_bytes bigint,
        cpu_seconds double,
        measured_by {{ dbt.type_string() }}
    )
    {%- endset -%}
    {{ return(sql_script(statements)) }}
{% endmacro %}
