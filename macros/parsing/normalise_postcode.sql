{% macro normalise_postcode(expression, pattern, layout_pattern, layout_replacement) -%}
    {#- Upper case, white space removed, then laid out in the country's
        canonical form (`SW1A1AA` -> `SW1A 1AA`); null when it does not match
        the country's postcode pattern. Leading zeros are kept: postcodes
        are text. The patterns are Jinja strings (registry values). -#}
    {%- set compact = "upper(" ~ regex_replace_all(clean_text(expression), sql_literal('\\s+'), "''") ~ ")" -%}
    {%- set laid_out = regex_replace_all(compact, sql_literal(layout_pattern), sql_literal(layout_replacement)) -%}
    case when {{ regex_full_match(laid_out, sql_literal(pattern)) }} then {{ laid_out }} end
{%- endmacro %}
