{% macro record_run_start() %}
    {#- on-run-start, first: this run's `processed_at`, the high-water mark
        every incremental model stamps on the rows it writes
        (run_started_at_timestamp). It is the run's start by dbt's clock,
        but never earlier than an earlier run's (then 1 microsecond after
        it): with a clock set back, wall time would put new rows below the
        marks an earlier run left, and no model would take them. The hook
        runs outside a transaction, so the row is committed before any
        model runs and a run killed later still counts. -#}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set started_at = "cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as "
        ~ dbt.type_timestamp() ~ ")" -%}
    {%- set statements -%}
    create schema if not exists monitoring;
    create table if not exists monitoring.run_starts (
        invocation_id {{ dbt.type_string() }} not null,
        command {{ dbt.type_string() }} not null,
        run_started_at {{ dbt.type_timestamp() }} not null,
        processed_at {{ dbt.type_timestamp() }} not null
    );
    insert into monitoring.run_starts
    select
        {{ sql_literal(invocation_id) }} as invocation_id,
        {{ sql_literal(flags.WHICH) }} as command,
        {{ started_at }} as run_started_at,
        greatest(
            {{ started_at }},
            coalesce(max(processed_at) + interval 1 microsecond, {{ started_at }})
        ) as processed_at
    from monitoring.run_starts
    {%- endset -%}
    {{ return(sql_script(statements)) }}
{% endmacro %}
