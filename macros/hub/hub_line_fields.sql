{% macro hub_line_fields(entity, lines) %}
    {#- The shared first step of every staging model: split each data line
        of `lines` with its country's delimiter, find each shared column by
        its country's header name, and say what is malformed. One row per
        data line (headers are consumed). Headers were checked against the
        contract when the lines were read (hub_contract_check). -#}
    {%- set columns = hub_entity_columns()[entity] -%}
    with split_lines as {{ not_materialized() }} (
        select
            app_code,
            source_file,
            line_number,
            raw_line,
            {{ split_hub_line('raw_line') }} as fields,
            (length(raw_line) - length(replace(raw_line, '"', ''))) % 2 = 1 as has_unclosed_quote
        from {{ lines }}
    ),

    header_positions as (
        {{ hub_header_positions(entity, 'split_lines') }}
    ),

    data_lines as (
        select
            split_lines.app_code,
            {{ country_attribute('country_code', 'split_lines.app_code') }} as country_code,
            split_lines.source_file,
            header_positions.delivery_date,
            split_lines.line_number,
            split_lines.raw_line,
            case
                when {{ clean_text('split_lines.raw_line') }} is null then 'empty_line'
                when split_lines.has_unclosed_quote then 'unclosed_quote'
                when {{ list_length('split_lines.fields') }} <> header_positions.header_field_count
                    then 'wrong_field_count'
            end as malformed_reason,
            {%- for column in columns %}
            {{ list_item('split_lines.fields', 'header_positions.' ~ column ~ '_position') }} as {{ column }}_raw{{ ',' if not loop.last }}
            {%- endfor %}
        from split_lines
        inner join header_positions
            on split_lines.source_file = header_positions.source_file
        where split_lines.line_number > 1
    )

    select * from data_lines
{% endmacro %}


{% macro split_hub_line(line) %}
    {#- A raw line as a list of fields, split with its country's delimiter. -#}
    {%- set delimiters = {} -%}
    {%- for country in hub_countries() -%}
        {%- do delimiters.update({country.app_code: split_delimited(line, country.delimiter)}) -%}
    {%- endfor -%}
    {{ return(country_switch(delimiters)) }}
{% endmacro %}


{% macro hub_header_positions(entity, split_lines) %}
    {#- One row per file: where each shared column sits in its header. -#}
    select
        app_code,
        source_file,
        {{ delivery_date_from_path('source_file') }} as delivery_date,
        {{ list_length('fields') }} as header_field_count,
        {%- for column in hub_entity_columns()[entity] %}
        {{ header_position(entity, column, 'fields') }} as {{ column }}_position{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ split_lines }}
    where line_number = 1
{% endmacro %}


{% macro header_position(entity, column, fields) -%}
    {#- Where the country's header name for a shared column sits in `fields`. -#}
    {{ list_position_of(normalise_header_fields(fields), 'lower(' ~ country_attribute(entity ~ '.columns.' ~ column) ~ ')') }}
{%- endmacro %}


{% macro header_within_contract(entity) %}
    {#- True for a header line (`raw_line` of `source_file`, `app_code`) that
        has every registered column; stops the run, naming the file and the
        columns, for one that does not. A renamed or missing column is a
        contract break, not bad data. The base models check before they
        store a line, so a refused file leaves nothing behind and is read
        when the app re-delivers it. -#}
    {%- set missing_columns -%}
        concat_ws(
            ', '
            {%- for column in hub_entity_columns()[entity] %},
            case
                when {{ header_position(entity, column, split_hub_line('raw_line')) }} is null
                    then {{ country_attribute(entity ~ '.columns.' ~ column) }}
            end
            {%- endfor %}
        )
    {%- endset -%}
    {#- A header that does not split at all: the delimiter is the likely fault. -#}
    {%- set delimiter_hint -%}
        case
            when {{ list_length(split_hub_line('raw_line')) }} = 1
                then ' (the header does not split into fields: is the file delimited with "'
                || {{ country_attribute('delimiter') }} || '" as registered?)'
            else ''
        end
    {%- endset -%}
    coalesce(
        case
            when {{ missing_columns }} <> ''
                then {{ raise_error("'Hub contract break in ' || source_file || ': required column(s) missing from the header: ' || "
                    ~ missing_columns ~ " || " ~ delimiter_hint) }}
        end,
        true
    )
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


{% macro decoded_as_registered() %}
    {#- True for a line (`raw_line` of `source_file`, `app_code`) that reads
        as text in its country's single-byte encoding; stops the run for one
        that shows UTF-8 read as Windows-1252/Latin-1 (é as Ã©, ’ as â€™):
        such a file decodes without error and would load garbled names. -#}
    {%- set checks = {} -%}
    {%- for country in hub_countries() if not country.encoding.lower().startswith('utf') -%}
        {%- do checks.update({country.app_code: "case when " ~ regex_contains('raw_line', "'" ~ utf8_misread_pattern() ~ "'")
            ~ " then " ~ raise_error("'Hub contract break in ' || source_file || ', line ' || line_number || "
            ~ "': the text is UTF-8 (é reads as Ã©), not " ~ country.encoding ~ " as registered'") ~ " end"}) -%}
    {%- endfor -%}
    {%- if not checks -%}
        {{ return('true') }}
    {%- endif -%}
    {{ return('coalesce(' ~ country_switch(checks) ~ ', true)') }}
{% endmacro %}


{% macro utf8_misread_pattern() %}
    {#- A UTF-8 lead byte (Â Ã Å â€) followed by what a continuation byte
        decodes to in Windows-1252: no French, German or English name has it. -#}
    {{ return('[ÂÃÅ][\\x{A0}-\\x{BF}\\x{152}\\x{153}\\x{160}\\x{161}\\x{178}\\x{17D}\\x{17E}\\x{192}\\x{2C6}\\x{2DC}'
        ~ '\\x{2013}\\x{2014}\\x{2018}-\\x{201E}\\x{2020}-\\x{2022}\\x{2026}\\x{2030}\\x{2039}\\x{203A}\\x{20AC}\\x{2122}]|â€') }}
{% endmacro %}
