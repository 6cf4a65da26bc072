-- Every delivered line split into its fields, with its country's delimiter
-- and the Hub's quoting rule (RFC 4180: a field is quoted, with doubled
-- quotes inside, or has no quote at all), next to its file's header, and
-- what makes it malformed, if anything. A malformed line is quarantined
-- whole: no field of it is trusted.
{{ config(materialized='view') }}

with hub_lines as {{ not_materialized() }} (
    select * from {{ ref('base_hub__lines') }}
),

hub_files as (
    select * from {{ ref('base_hub__files') }}
),

split_lines as {{ not_materialized() }} (
    select
        *,
        case app_code
            {%- for country in hub_countries() %}
                when {{ sql_literal(country.app_code) }} then {{ csv_fields('raw_line', country.delimiter) }}
            {%- endfor %}
        end as field_values,
        case app_code
            {%- for country in hub_countries() %}
                when {{ sql_literal(country.app_code) }} then {{ csv_quoting_problem('raw_line', country.delimiter) }}
            {%- endfor %}
        end as quoting_problem
    from hub_lines
),

headers as (
    select
        source_file,
        -- Names compare trimmed and in lower case.
        {{ list_map('field_values', 'name', 'lower(' ~ trim_whitespace('name') ~ ')') }} as header_fields
    from split_lines
    where line_number = 1
),

final as (
    select
        split_lines.app_code,
        hub_files.country_code,
        split_lines.file_kind,
        split_lines.source_file,
        hub_files.delivery_date,
        split_lines.line_number,
        split_lines.raw_line,
        split_lines.field_values,
        headers.header_fields,
        case
            when split_lines.line_number = 1 then null
            when length(split_lines.raw_line) > {{ var('hub_max_line_length') }} then 'line_too_long'
            when {{ clean_text('split_lines.raw_line') }} is null then 'empty_line'
            -- NUL, 0x1F and the like, and a carriage return inside the line;
            -- a tab is white space.
            when {{ regex_contains('split_lines.raw_line', sql_literal('[\\x00-\\x08\\x0B-\\x1F\\x7F]')) }} then 'control_character'
            when split_lines.quoting_problem is not null then split_lines.quoting_problem
            when {{ list_length('split_lines.field_values') }} <> {{ list_length('headers.header_fields') }}
                then 'wrong_field_count'
        end as malformed_reason,
        split_lines.file_modified_at,
        split_lines.processed_at
    from split_lines
    inner join headers
        on split_lines.source_file = headers.source_file
    inner join hub_files
        on split_lines.source_file = hub_files.source_file
)

select * from final
