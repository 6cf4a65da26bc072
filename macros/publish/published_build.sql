{% macro published_build() %}
    {#- Which build readers see now, for messages. Asked of the database, not
        dbt's relation cache, which does not see tables made by hooks. -#}
    {%- set publications = run_query(
        "select count(*) from information_schema.tables"
        ~ " where table_schema = 'monitoring' and table_name = 'publications'").columns[0].values()[0] -%}
    {%- if not publications -%}
        {{ return('no build (none has been published yet)') }}
    {%- endif -%}
    {#- The latest by processed_at order (run_started_at here), which a clock
        set back does not upset. -#}
    {%- set latest = run_query(
        "select invocation_id, strftime(published_at, '%Y-%m-%d %H:%M:%S') from monitoring.publications"
        ~ " order by run_started_at desc limit 1").rows[0] -%}
    {{ return('build ' ~ latest[0] ~ ', published ' ~ latest[1] ~ ' UTC') }}
{% endmacro %}
