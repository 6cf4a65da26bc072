{% macro parse_timestamp(text, format) %}
    {{ return(adapter.dispatch('parse_timestamp')(text, format)) }}
{% endmacro %}

{% macro default__parse_timestamp(text, format) -%}
    {#- Text to a timestamp with a strptime format (a Jinja string), or Unix
        seconds for `epoch_seconds`; null when the text does not match or
        names a moment that does not exist (31/02). -#}
    {%- if format == 'epoch_seconds' -%}
        case
            when {{ regex_full_match(text, "'-?[0-9]{1,12}'") }}
                then cast(to_timestamp(cast({{ text }} as bigint)) at time zone 'UTC' as timestamp)
        end
    {%- else -%}
        try_strptime({{ text }}, {{ sql_literal(format) }})
    {%- endif -%}
{%- endmacro %}

{% macro spark__parse_timestamp(text, format) -%}
    {#- The same, with Spark's parser and the Java pattern of the strptime
        format. Java's one-letter fields read any number of digits and
        letters in any case, so the text is first held to strptime's
        shape (1-2 digits a field, 1-4 a year, literals as written). -#}
    {%- if format == 'epoch_seconds' -%}
        case
            when {{ regex_full_match(text, "'-?[0-9]{1,12}'") }}
                then timestamp_seconds(cast({{ text }} as bigint))
        end
    {%- else -%}
        {%- set shape = namespace(regex='', java='') -%}
        {%- set parts = modules.re.findall('%.|[^%]+', format) -%}
        {%- for part in parts -%}
            {%- if part.startswith('%') -%}
                {#- Two fields side by side (`%Y%m%d`) keep their widths. -#}
                {%- set next_is_field = not loop.last and parts[loop.index].startswith('%') -%}
                {%- set previous_is_field = not loop.first and parts[loop.index0 - 1].startswith('%') -%}
                {%- set fixed = next_is_field or previous_is_field -%}
                {%- set java, width = {
                    'd': ('dd', 2), 'm': ('MM', 2), 'Y': ('yyyy', 4), 'H': ('HH', 2),
                    'I': ('hh', 2), 'M': ('mm', 2), 'S': ('ss', 2), 'p': ('a', 0),
                }[part[1]] -%}
                {%- if part[1] == 'p' -%}
                    {%- set shape.regex = shape.regex ~ '[AaPp][Mm]' -%}
                {%- else -%}
                    {%- set shape.regex = shape.regex ~ '[0-9]{' ~ (width if fixed else 1) ~ ',' ~ width ~ '}' -%}
                {%- endif -%}
                {%- set shape.java = shape.java ~ (java if fixed else java[0]) -%}
            {%- else -%}
                {%- set shape.regex = shape.regex ~ modules.re.escape(part) -%}
                {%- set shape.java = shape.java ~ "'" ~ part | replace("'", "''") ~ "'" -%}
            {%- endif -%}
        {%- endfor -%}
        case
            when {{ regex_full_match(text, sql_literal(shape.regex)) }}
                then try_to_timestamp({{ text }}, {{ sql_literal(shape.java) }})
        end
    {%- endif -%}
{%- endmacro %}
