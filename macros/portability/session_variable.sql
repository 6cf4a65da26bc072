{% macro session_variable(name) %}
    {{ return(adapter.dispatch('session_variable')(name)) }}
{% endmacro %}

{% macro default__session_variable(name) -%}
    {#- A value set on the session (DuckDB: SET VARIABLE), null when unset. -#}
    getvariable('{{ name }}')
{%- endmacro %}
