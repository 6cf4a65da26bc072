{% macro postcode_area(postcode, area_pattern) -%}
    {#- The coarse start of a canonical postcode that the pseudonymous marts
        may show instead of it (the country's `postcode_area_pattern`, a
        Jinja string anchored at the start); null when none. -#}
    nullif(regexp_extract({{ postcode }}, {{ sql_literal(area_pattern) }}, 0), '')
{%- endmacro %}
