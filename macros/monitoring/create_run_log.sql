{% macro create_run_log() %}
    {#- on-run-start: the run log's tables exist before any model reads them
        (the monitoring views are bound to them when they are created), and
        a database logged by an older version gains the newer columns. -#}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    create schema if not exists monitoring;
    create table if not exists monitoring.runs (
        invocation_id varchar,
        command varchar,
        target varchar,
        run_started_at {{ dbt.type_timestamp() }},
        run_finished_at {{ dbt.type_timestamp() }},
        nodes integer,
        nodes_failed integer,
        nodes_skipped integer,
        succeeded boolean
    );
    alter table monitoring.runs add column if not exists published boolean;
    create table if not exists monitoring.node_results (
        invocation_id varchar,
        unique_id varchar,
        resource_type varchar,
        node_name varchar,
        status varchar,
        execution_seconds double,
        rows_affected bigint,
        failures bigint,
        message varchar
    );
    create table if not exists monitoring.run_resources (
        invocation_id varchar,
        peak_memory_bytes bigint,
        cpu_seconds double,
        measured_by varchar
    )
{% endmacro %}
