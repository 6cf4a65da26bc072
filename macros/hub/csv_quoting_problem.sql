{% macro csv_quoting_problem(line, delimiter) -%}
    {#- Why a line does not follow RFC 4180 quoting with `delimiter`, or
        null when it does: `unclosed_quote` (a quoted field runs to the end
        of the line), else `stray_quote` (a quote inside an unquoted field,
        `Jo"h"n`, or text after a closing quote, `"Jo"hn`). Such a line is
        quarantined, never loaded with a field cut short. -#}
    {%- set d = modules.re.escape(delimiter) -%}
    {%- set field = '(?:"(?:[^"]|"")*"|[^' ~ d ~ '"]*)' -%}
    case
        when instr({{ line }}, '"') = 0 then null
        when {{ regex_full_match(line, sql_literal(field ~ '(?:' ~ d ~ field ~ ')*')) }} then null
        when {{ regex_full_match(line, sql_literal('(?:' ~ field ~ d ~ ')*"(?:[^"]|"")*')) }} then 'unclosed_quote'
        else 'stray_quote'
    end
{%- endmacro %}
