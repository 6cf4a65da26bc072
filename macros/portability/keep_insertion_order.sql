{% macro keep_insertion_order(keep) %}
    {{ return(adapter.dispatch('keep_insertion_order')(keep)) }}
{% endmacro %}

{% macro default__keep_insertion_order(keep) -%}
    {#- DuckDB buffers a large result to keep its row order; a model whose
        order does not matter turns that off around itself (base models
        rely on it, so it is turned back on after). -#}
    set preserve_insertion_order = {{ 'true' if keep else 'false' }}
{%- endmacro %}
