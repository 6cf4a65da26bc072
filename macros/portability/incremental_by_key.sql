{% macro incremental_by_key() %}
    {#- The materialization of a model whose runs replace or delete rows by
        key (merge, delete+insert). -#}
    {{ return(adapter.dispatch('incremental_by_key')()) }}
{% endmacro %}

{% macro default__incremental_by_key() %}
    {{ return('incremental') }}
{% endmacro %}

{% macro spark__incremental_by_key() %}
    {#- Spark's plain Parquet tables can only be appended to or overwritten
        whole: such a model is rebuilt whole on each run, which gives the
        same rows as any sequence of incremental runs (test_incremental.py).
        Models that only append stay incremental. -#}
    {{ return('table') }}
{% endmacro %}
