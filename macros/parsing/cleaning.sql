{% macro clean_text(expression) -%}
    {#- Trimmed of surrounding white space; blank becomes null. -#}
    nullif({{ trim_whitespace(expression) }}, '')
{%- endmacro %}


{% macro normalise_email(expression) -%}
    lower({{ clean_text(expression) }})
{%- endmacro %}


{% macro is_valid_email(expression) -%}
    {#- One @, a non-empty local part, a dotted domain, no white space. -#}
    {{ regex_full_match(expression, "'[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}'") }}
{%- endmacro %}


{% macro is_valid_e164(expression) -%}
    {{ regex_full_match(expression, "'\\+[1-9][0-9]{7,14}'") }}
{%- endmacro %}


{% macro normalise_phone_e164(expression, country_calling_code, trunk_prefix) -%}
    {#- National (`07700 900123`), international (`+44 7700 900123`) or
        `0044…` written numbers to E.164 (`+447700900123`); null when the
        result is not a plausible E.164 number. -#}
    {%- set digits = regex_replace_all(clean_text(expression), "'[\\s().\\-/]'", "''") -%}
    case
        when {{ is_valid_e164(phone_e164_candidate(digits, country_calling_code, trunk_prefix)) }}
            then {{ phone_e164_candidate(digits, country_calling_code, trunk_prefix) }}
    end
{%- endmacro %}


{% macro phone_e164_candidate(digits, country_calling_code, trunk_prefix) -%}
    case
        when {{ regex_full_match(digits, "'\\+[0-9]+'") }} then {{ digits }}
        when {{ regex_full_match(digits, "'00[0-9]+'") }} then '+' || substring({{ digits }}, 3)
        when {{ trunk_prefix }} <> '' and substring({{ digits }}, 1, length({{ trunk_prefix }})) = {{ trunk_prefix }}
            then '+' || {{ country_calling_code }} || substring({{ digits }}, length({{ trunk_prefix }}) + 1)
        when {{ trunk_prefix }} = '' and {{ regex_full_match(digits, "'[0-9]+'") }}
            then '+' || {{ country_calling_code }} || {{ digits }}
    end
{%- endmacro %}


{% macro normalise_postcode(expression, pattern, format_pattern, format_replacement) -%}
    {#- Upper case, white space removed, then the country's canonical layout
        (`SW1A1AA` -> `SW1A 1AA`); null when it does not match the country's
        postcode pattern. Leading zeros are kept: postcodes are text. -#}
    {%- set compact = "upper(" ~ regex_replace_all(clean_text(expression), "'\\s+'", "''") ~ ")" -%}
    {%- set laid_out = regex_replace_all(compact, format_pattern, format_replacement) -%}
    case
        when {{ regex_full_match(laid_out, pattern) }} then {{ laid_out }}
    end
{%- endmacro %}


{% macro delivery_date_from_path(path) -%}
    {#- The date in a delivery's file name: `... 2025-02.csv` -> 2025-02-01,
        `... 2025-02-14.csv` or `..._20250214.csv` -> 2025-02-14. No date
        in the name (the first delivery) -> null. -#}
    {%- set file_name = regex_extract(path, "'[^/]*$'") -%}
    {%- set found = "replace(" ~ regex_extract(file_name, "'(19|20)[0-9]{2}-?(0[1-9]|1[0-2])(-?(0[1-9]|[12][0-9]|3[01]))?'") ~ ", '-', '')" -%}
    cast(
        {{ parse_timestamp("case when length(" ~ found ~ ") = 6 then " ~ found ~ " || '01' else " ~ found ~ " end", '%Y%m%d') }}
        as date
    )
{%- endmacro %}
