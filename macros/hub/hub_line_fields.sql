{% macro hub_line_fields(entity, lines) %}
    {#- The shared first step of every staging model: split each data line
        of `lines` with its country's delimiter, find each shared column by
        its country's header name, and say what is malformed. One row per
        data line (headers are consumed); stops the run when a file's
        header lacks a required column. -#}
    {%- set columns = hub_entity_columns()[entity] -%}
    {%- set delimiters = {} -%}
    {%- for country in hub_countries() -%}
        {%- do delimiters.update({country.app_code: split_delimited('raw_line', country.delimiter)}) -%}
    {%- endfor -%}
    with split_lines as (
        select
            app_code,
            source_file,
            line_number,
            raw_line,
            {{ country_switch(delimiters) }} as fields,
            (length(raw_line) - length(replace(raw_line, '"', ''))) % 2 = 1 as has_unclosed_quote
        from {{ lines }}
    ),

    header_positions as (
        select
            app_code,
            source_file,
            {{ delivery_date_from_path('source_file') }} as delivery_date,
            {{ list_length('fields') }} as header_field_count,
            {%- for column in columns %}
            {{ list_position_of(normalise_header_fields('fields'), 'lower(' ~ country_attribute(entity ~ '.columns.' ~ column) ~ ')') }}
                as {{ column }}_position,
            {%- endfor %}
            concat_ws(
                ', '
                {%- for column in columns %},
                case
                    when {{ list_position_of(normalise_header_fields('fields'), 'lower(' ~ country_attribute(entity ~ '.columns.' ~ column) ~ ')') }} is null
                        then {{ country_attribute(entity ~ '.columns.' ~ column) }}
                end
                {%- endfor %}
            ) as missing_columns,
            -- A header that does not split at all: the delimiter is the likely fault.
            case
                when {{ list_length('fields') }} = 1
                    then ' (the header does not split into fields: is the file delimited with "'
                    || {{ country_attribute('delimiter') }} || '" as registered?)'
                else ''
            end as delimiter_hint
        from split_lines
        where line_number = 1
    ),

    checked_headers as (
        select *
        from header_positions
        -- A renamed or missing column is a contract break, not bad data.
        where coalesce(
            case
                when missing_columns <> ''
                    then {{ raise_error("'Hub contract break in ' || source_file || ': required column(s) missing from the header: ' || missing_columns || delimiter_hint") }}
            end,
            true
        )
    ),

    data_lines as (
        select
            split_lines.app_code,
            {{ country_attribute('country_code', 'split_lines.app_code') }} as country_code,
            split_lines.source_file,
            checked_headers.delivery_date,
            split_lines.line_number,
            split_lines.raw_line,
            case
                when {{ clean_text('split_lines.raw_line') }} is null then 'empty_line'
                when split_lines.has_unclosed_quote then 'unclosed_quote'
                when {{ list_length('split_lines.fields') }} <> checked_headers.header_field_count
                    then 'wrong_field_count'
            end as malformed_reason,
            {%- for column in columns %}
            {{ list_item('split_lines.fields', 'checked_headers.' ~ column ~ '_position') }} as {{ column }}_raw{{ ',' if not loop.last }}
            {%- endfor %}
        from split_lines
        inner join checked_headers
            on split_lines.source_file = checked_headers.source_file
        where split_lines.line_number > 1
    )

    select * from data_lines
{% endmacro %}


{% macro parse_hub_timestamp(text, entity, column) %}
    {#- `text` parsed with each country's registered format for the column. -#}
    {%- set parsers = {} -%}
    {%- for country in hub_countries() -%}
        {%- do parsers.update({country.app_code: parse_timestamp(text, country[entity].formats[column])}) -%}
    {%- endfor -%}
    {{ return(country_switch(parsers)) }}
{% endmacro %}


{% macro login_line_columns() %}
    {#- The columns stg_hub__logins carries through its time-zone steps. -#}
    app_code,
    country_code,
    source_file,
    delivery_date,
    line_number,
    raw_line,
    malformed_reason,
    user_id_raw,
    logged_in_at_raw,
    source_user_id,
    logged_in_at_written,
    written_time_zone,
    local_time_zone
{%- endmacro %}
