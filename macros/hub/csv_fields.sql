{% macro csv_fields(line, delimiter) -%}
    {#- A line's fields, split at `delimiter` (one character) under RFC 4180
        quoting: a field is either quoted, with doubled quotes inside, or
        free of quotes. Lines without a quote take the fast plain split; the
        others are matched field by field, each with the delimiter before it
        (one is put before the line), so that no match is empty: after an
        empty match the engine would skip a character, and with it an empty
        first field. Only meaningful when csv_quoting_problem() finds none. -#}
    {%- set d = modules.re.escape(delimiter) -%}
    {%- set matched_fields -%}
        regexp_extract_all({{ sql_literal(delimiter) }} || {{ line }}, {{ sql_literal(d ~ '("(?:[^"]|"")*"|[^' ~ d ~ '"]*)') }}, 1)
    {%- endset -%}
    case
        when instr({{ line }}, '"') = 0 then {{ split_text(line, sql_literal(delimiter)) }}
        else {{ list_map(
            matched_fields,
            'field',
            "case when field like '\"%' then replace(substring(field, 2, length(field) - 2), '\"\"', '\"') else field end"
        ) }}
    end
{%- endmacro %}
