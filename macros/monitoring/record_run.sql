{% macro record_run(results) %}
    {#- on-run-end, after publishing: one row per dbt invocation that reached
        its end in monitoring.runs, and one per node it ran in
        monitoring.node_results (a killed run leaves no row). `published`
        reads monitoring.publications, where publish_marts recorded this
        invocation if it published. -#}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set counts = {'failed': 0, 'skipped': 0} -%}
    {%- for result in results -%}
        {%- if result.status in ['error', 'fail', 'runtime error'] -%}
            {%- do counts.update({'failed': counts.failed + 1}) -%}
        {%- elif result.status == 'skipped' -%}
            {%- do counts.update({'skipped': counts.skipped + 1}) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- Publishing may have created the table during this run. -#}
    {%- set publications_exist = table_exists('monitoring', 'publications') -%}
    {%- set statements -%}
    insert into monitoring.runs (
        invocation_id, command, target, run_started_at, run_finished_at,
        nodes, nodes_failed, nodes_skipped, succeeded, published
    )
    select
        {{ sql_literal(invocation_id) }}, {{ sql_literal(flags.WHICH) }}, {{ sql_literal(target.name) }},
        {{ run_started_at_timestamp() }}, {{ dbt.current_timestamp() }},
        {{ results | length }}, {{ counts.failed }}, {{ counts.skipped }}, {{ counts.failed + counts.skipped == 0 }},
        {% if publications_exist -%}
            exists (select 1 from monitoring.publications where invocation_id = {{ sql_literal(invocation_id) }})
        {%- else -%}
            false
        {%- endif %};
    {%- if results %}
    insert into monitoring.node_results values
    {%- for result in results %}
        (
            {{ sql_literal(invocation_id) }}, {{ sql_literal(result.node.unique_id) }},
            {{ sql_literal(result.node.resource_type) }}, {{ sql_literal(result.node.name) }},
            {{ sql_literal(result.status) }}, {{ result.execution_time or 0 }},
            {{ (result.adapter_response or {}).get('rows_affected', none) | default('null', true) }},
            {{ result.failures if result.failures is not none else 'null' }}, {{ sql_literal(result.message) }}
        ){{ ',' if not loop.last }}
    {%- endfor %}
    {%- endif %}
    {%- endset -%}
    {{ return(sql_script(statements)) }}
{% endmacro %}
