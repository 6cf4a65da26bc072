{% macro published_build() %}
    {#- Which build readers see now, for messages. -#}
    {%- if not table_exists('monitoring', 'publications') -%}
        {{ return('no build (none has been published yet)') }}
    {%- endif -%}
    {#- The latest by processed_at order (run_started_at here), which a clock
        set back does not upset. -#}
    {%- set latest = run_query(
        "select invocation_id, published_at from monitoring.publications"
        ~ " order by run_started_at desc limit 1").rows[0] -%}
    {{ return('build ' ~ latest[0] ~ ', published ' ~ latest[1].strftime('%Y-%m-%d %H:%M:%S') ~ ' UTC') }}
{% endmacro %}
