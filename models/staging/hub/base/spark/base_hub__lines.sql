-- The Hub's reader on Spark: the same rows, checks and messages as
-- ../base_hub__lines.sql (read its comments first), with Spark's functions
-- instead of the DuckDB plugin that decodes bytes (hub_decode) and DuckDB's
-- list unnesting. Spark decodes with the Java name of the registered
-- encoding (hub_encodings), reading a byte the encoding does not define as
-- U+FFFD (profiles.yml: spark.sql.legacy.codingErrorAction); bytes are
-- valid when the text has no U+FFFD or encodes back to the same bytes (a
-- real U+FFFD in UTF-8). Lines of bytes are cut at line feeds in the
-- ISO-8859-1 reading of the file, which keeps one character per byte, to
-- name the line of a bad byte as the DuckDB reader does.
{{ config(materialized='incremental', enabled=target.type == 'spark') }}

with hub_files as (
    select * from {{ source('hub', 'file_contents') }}
),

delivery_files as (
    select * from {{ ref('base_hub__files') }}
    where file_kind in ('users', 'logins')
),

countries as (
    select * from {{ ref('base_hub__countries') }}
),

{% if is_incremental() %}
    files_read_before as (
        select
            source_file,
            min(file_size_bytes) as file_size_bytes,
            min(file_modified_at) as file_modified_at
        from {{ this }}
        group by source_file
    ),

    changed_files as (
        select
            files_read_before.source_file,
            'Hub file ' || files_read_before.source_file
            || case
                when delivery_files.source_file is null then ' was loaded but is no longer in the Hub'
                else ' changed after it was loaded (then ' || files_read_before.file_size_bytes
                    || ' bytes, modified ' || files_read_before.file_modified_at || '; now '
                    || delivery_files.size_bytes || ' bytes, modified ' || delivery_files.landed_at || ')'
            end
            || ': files in the Hub are never edited or removed. Deliver a change as a new file,'
            || ' or rebuild everything with dbt build --full-refresh.' as problem
        from files_read_before
        left join delivery_files
            on files_read_before.source_file = delivery_files.source_file
        where
            delivery_files.source_file is null
            or delivery_files.size_bytes <> files_read_before.file_size_bytes
            or delivery_files.landed_at <> files_read_before.file_modified_at
    ),

    hub_unchanged as (
        select
            case
                when count(*) = 0 then true
                else {{ raise_error("min(problem) || case when count(*) > 1 then ' (and ' || (count(*) - 1) || ' more file(s))' else '' end") }}
            end as is_unchanged
        from changed_files
    ),
{% endif %}

new_files as (
    select
        delivery_files.source_file,
        delivery_files.file_path,
        delivery_files.app_code,
        delivery_files.file_kind,
        countries.file_encoding,
        case countries.file_encoding
            {%- for python_name, java_name in hub_encodings().items() %}
            when {{ sql_literal(python_name) }} then {{ sql_literal(java_name) }}
            {%- endfor %}
        end as java_charset,
        countries.file_delimiter,
        case delivery_files.file_kind
            when 'users' then countries.users_header
            else countries.logins_header
        end as registered_header
    from delivery_files
    inner join countries
        on delivery_files.app_code = countries.app_code
    where
        delivery_files.is_complete
        {% if is_incremental() %}
            and delivery_files.source_file not in (select files_read_before.source_file from files_read_before)
        {% endif %}
),

decoded_files as (
    select
        new_files.*,
        hub_files.size as file_size_bytes,
        hub_files.last_modified as file_modified_at,
        hub_files.content,
        decode(hub_files.content, new_files.java_charset) as decoded_text,
        decode(hub_files.content, 'ISO-8859-1') as byte_text
    from hub_files
    inner join new_files
        on hub_files.filename = new_files.file_path
),

texts as (
    select
        *,
        -- UTF-8's optional byte-order mark is not text (Python's utf-8-sig).
        case
            when java_charset = 'UTF-8' then regexp_replace(decoded_text, '^\uFEFF', '')
            else decoded_text
        end as file_text
    from decoded_files
),

headers as (
    select
        *,
        instr(decoded_text, '\uFFFD') = 0 or encode(decoded_text, java_charset) = content as is_decodable,
        java_charset <> 'UTF-8'
        and byte_text rlike '[\\x80-\\xFF]'
        and (instr(decode(content, 'UTF-8'), '\uFFFD') = 0 or encode(decode(content, 'UTF-8'), 'UTF-8') = content)
            as is_utf8_text,
        {{ list_map(
            split_text('substring_index(file_text, chr(10), 1)', 'file_delimiter'),
            'name', "lower(btrim(name, ' \"' || chr(13)))"
        ) }} as header_names
    from texts
),

checked_files as (
    select
        source_file,
        app_code,
        file_kind,
        file_size_bytes,
        file_modified_at,
        file_text,
        length(file_text) - length(replace(file_text, chr(10), ''))
        + case when file_text <> '' and not endswith(file_text, chr(10)) then 1 else 0 end as file_line_count,
        case
            when not is_decodable
                then {{ raise_error(
                    "'Hub contract break in ' || source_file || ', line '
                    || array_position(transform(split(byte_text, chr(10), -1), line_bytes ->
                        instr(decode(encode(line_bytes, 'ISO-8859-1'), java_charset), '\\uFFFD') > 0
                        and encode(decode(encode(line_bytes, 'ISO-8859-1'), java_charset), java_charset)
                            <> encode(line_bytes, 'ISO-8859-1')), true)
                    || ': the bytes are not valid ' || file_encoding || ', the encoding registered for '
                    || app_code || '/ (the file is not read; deliver it again in ' || file_encoding || ')'"
                ) }}
            when is_utf8_text
                then {{ raise_error(
                    "'Hub contract break in ' || source_file || ', line '
                    || size(split(substring(byte_text, 1, regexp_instr(byte_text, '[\\\\x80-\\\\xFF]')), chr(10), -1))
                    || ': the text is UTF-8, not ' || file_encoding || ' as registered for ' || app_code
                    || '/ (its accented letters would load garbled: é as Ã©)'"
                ) }}
            when file_text <> ''
                and size(array_except(transform(registered_header, name -> lower(name)), header_names)) > 0
                then {{ raise_error(
                    "'Hub contract break in ' || source_file || ': required column(s) missing from the header: '
                    || array_join(filter(registered_header, name -> not array_contains(header_names, lower(name))), ', ')
                    || case when size(header_names) = 1 then ' (the header does not split into fields: is the file delimited with \"'
                        || file_delimiter || '\" as registered?)' else '' end"
                ) }}
        end as contract_break
    from headers
),

file_lines as (
    select
        source_file,
        app_code,
        file_kind,
        file_size_bytes,
        file_modified_at,
        file_line_count,
        size(lines) as piece_count,
        posexplode(lines) as (line_index, line_text)
    from (
        select
            *,
            {{ split_text('file_text', 'chr(10)') }} as lines
        from checked_files
        where contract_break is null
    ) as split_files
),

final as (
    select
        source_file,
        app_code,
        file_kind,
        cast(line_index + 1 as integer) as line_number,
        case
            when endswith(line_text, chr(13)) then left(line_text, length(line_text) - 1)
            else line_text
        end as raw_line,
        file_size_bytes,
        file_modified_at,
        file_line_count,
        {{ run_started_at_timestamp() }} as processed_at
    from file_lines
    -- What follows the last line feed is a line only when it is not empty.
    where not (line_index + 1 = piece_count and line_text = '')
)

select final.* from final
{% if is_incremental() %}
    inner join hub_unchanged on hub_unchanged.is_unchanged
{% endif %}
