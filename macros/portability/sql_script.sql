{% macro sql_script(statements) %}
    {{ return(adapter.dispatch('sql_script')(statements)) }}
{% endmacro %}

{% macro default__sql_script(statements) -%}
    {#- DuckDB runs statements separated by semicolons in one call. -#}
    {{ statements }}
{%- endmacro %}

{% macro spark__sql_script(statements) -%}
    {#- Spark runs one statement per call, or one SQL script (a compound
        statement, BEGIN ... END) holding several. -#}
    begin
    {{ statements | trim | trim(';') }};
    end
{%- endmacro %}
