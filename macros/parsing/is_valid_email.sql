{% macro is_valid_email(expression) -%}
    {#- One @, a non-empty local part, a dotted domain, no white space. -#}
    {{ regex_full_match(expression, sql_literal('[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}')) }}
{%- endmacro %}
