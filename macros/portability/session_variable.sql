{% macro session_variable(name) %}
    {{ return(adapter.dispatch('session_variable')(name)) }}
{% endmacro %}

{% macro default__session_variable(name) -%}
    {#- A value set on the session (DuckDB: SET VARIABLE), null when unset. -#}
    getvariable('{{ name }}')
{%- endmacro %}

{% macro spark__session_variable(name) -%}
    {#- A Spark setting `spark.hub.<name>` (profiles.yml), substituted by
        Spark into the query text it runs, never written into dbt's; null
        when empty. (Not named *secret*: Spark would substitute its
        redaction mark.) -#}
    nullif('${spark.hub.{{ name }}}', '')
{%- endmacro %}
