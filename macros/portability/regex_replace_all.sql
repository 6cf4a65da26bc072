{% macro regex_replace_all(expression, pattern, replacement) %}
    {{ return(adapter.dispatch('regex_replace_all')(expression, pattern, replacement)) }}
{% endmacro %}

{% macro default__regex_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro spark__regex_replace_all(expression, pattern, replacement) -%}
    {#- Java writes a group `$1` where RE2 writes `\1`, and reads `$` and
        `\` in a replacement as special: the RE2 replacement is translated. -#}
    regexp_replace({{ expression }}, {{ pattern }}, regexp_replace(
        regexp_replace({{ replacement }}, {{ sql_literal('([$])') }}, {{ sql_literal('\\\\$1') }}),
        {{ sql_literal('\\\\([0-9])') }}, {{ sql_literal('\\$$1') }}
    ))
{%- endmacro %}
