{% macro normalise_phone_e164(expression, country_calling_code, trunk_prefix) -%}
    {#- A phone number written nationally (`07700 900123`, with the
        country's trunk prefix), internationally (`+44 7700 900123`,
        `0044 ...`) or with separators, as E.164 (`+447700900123`); null
        when the result is not a plausible E.164 number. The calling code
        and trunk prefix are Jinja strings (registry values). -#}
    {%- set digits = regex_replace_all(clean_text(expression), sql_literal('[\\s().\\-/]'), "''") -%}
    {%- set candidate -%}
        case
            when {{ regex_full_match(digits, sql_literal('\\+[0-9]+')) }} then {{ digits }}
            when {{ regex_full_match(digits, "'00[0-9]+'") }} then '+' || substring({{ digits }}, 3)
            {%- if trunk_prefix %}
            when {{ regex_full_match(digits, sql_literal(trunk_prefix ~ '[0-9]+')) }}
                then {{ sql_literal('+' ~ country_calling_code) }} || substring({{ digits }}, {{ trunk_prefix | length + 1 }})
            {%- else %}
            when {{ regex_full_match(digits, "'[0-9]+'") }} then {{ sql_literal('+' ~ country_calling_code) }} || {{ digits }}
            {%- endif %}
        end
    {%- endset -%}
    case when {{ is_valid_e164(candidate) }} then {{ candidate }} end
{%- endmacro %}
