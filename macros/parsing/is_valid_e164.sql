{% macro is_valid_e164(expression) -%}
    {#- `+`, then 8 to 15 digits, the first not 0. -#}
    {{ regex_full_match(expression, sql_literal('\\+[1-9][0-9]{7,14}')) }}
{%- endmacro %}
