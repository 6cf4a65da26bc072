{% macro publish_blockers(results) %}
    {#- Why this run may not publish: an empty list means it may. Unit tests
        are not required: they test the code, and the daily run leaves
        them to CI (`make run`). -#}
    {%- if flags.WHICH != 'build' -%}
        {{ return(['only a complete `dbt build` publishes, and this was `dbt ' ~ flags.WHICH ~ '`']) }}
    {%- endif -%}
    {%- set blockers = [] -%}
    {%- set ran = [] -%}
    {%- for result in results -%}
        {%- do ran.append(result.node.unique_id) -%}
        {%- if result.status in ['error', 'fail', 'skipped', 'runtime error'] -%}
            {%- do blockers.append(result.node.name ~ ' ' ~ result.status) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set not_run = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type in ['model', 'seed', 'snapshot', 'test'] and node.unique_id not in ran -%}
        {%- do not_run.append(node.name) -%}
    {%- endfor -%}
    {%- if not_run -%}
        {%- do blockers.append(not_run | length ~ ' model(s), seed(s), snapshot(s) or test(s) not selected') -%}
    {%- endif -%}
    {{ return(blockers) }}
{% endmacro %}
