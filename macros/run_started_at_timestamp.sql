{% macro run_started_at_timestamp() -%}
    {#- This run's `processed_at`, recorded by the on-run-start hook
        record_run_start(): its start, and never earlier than an earlier
        run's, so a clock set back cannot hide new rows below an old
        high-water mark. SQL text, read when the statement runs: it
        compiles without a database (lint, `dbt compile`, the docs site). -#}
    (select processed_at from monitoring.run_starts where invocation_id = {{ sql_literal(invocation_id) }})
{%- endmacro %}
