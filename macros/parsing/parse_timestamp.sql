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
