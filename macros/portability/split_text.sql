{% macro split_text(text, delimiter) %}
    {{ return(adapter.dispatch('split_text')(text, delimiter)) }}
{% endmacro %}

{% macro default__split_text(text, delimiter) -%}
    {#- `text` cut at every occurrence of `delimiter` (a SQL string), as a list. -#}
    string_split({{ text }}, {{ delimiter }})
{%- endmacro %}

{% macro spark__split_text(text, delimiter) -%}
    {#- Spark splits at a regex: the delimiter is quoted (\Q...\E). -#}
    split({{ text }}, concat({{ sql_literal('\\Q') }}, {{ delimiter }}, {{ sql_literal('\\E') }}), -1)
{%- endmacro %}
