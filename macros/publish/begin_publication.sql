{% macro begin_publication() %}
    {{ return(adapter.dispatch('begin_publication')()) }}
{% endmacro %}

{% macro default__begin_publication() %}
    {#- Hooks run outside a transaction (each statement commits on its own),
        so the transaction is opened here and committed by
        commit_publication. -#}
    {%- do run_query('begin transaction') -%}
{% endmacro %}

{% macro spark__begin_publication() %}
    {#- Spark has no transactions: publish_table writes this build's copies
        beside the published ones, and commit_publication switches to them. -#}
{% endmacro %}
