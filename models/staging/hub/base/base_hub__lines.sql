-- Every line of every delivery file in the Hub, as delivered: one row per
-- physical line (a line ends at a line feed; a carriage return just before
-- it is not data), numbered as in the file (line 1 is the header), with the
-- file's size and modification time as it was read. The only model that
-- opens the files. Each run reads the complete files it has not read yet.
--
-- It stops the run, naming the file, before storing anything of it, when a
-- file breaks the Hub contract (bytes that are not valid in its country's
-- encoding, UTF-8 text in a country that is not UTF-8, a header without a
-- registered column), and when a file it read before has changed or is
-- gone (files in the Hub are never edited or removed).
-- Spark decodes with its own functions: spark/base_hub__lines.sql.
{{ config(materialized='incremental', enabled=target.type != 'spark') }}

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

files_read_before as (
    {% if is_incremental() %}
        select
            source_file,
            min(file_size_bytes) as file_size_bytes,
            min(file_modified_at) as file_modified_at
        from {{ this }}
        group by source_file
    {% else %}
        select
            cast(null as varchar) as source_file,
            cast(null as bigint) as file_size_bytes,
            cast(null as timestamp) as file_modified_at
        where false
    {% endif %}
),

{% if is_incremental() %}
    changed_files as (
        select
            files_read_before.source_file,
            'Hub file ' || files_read_before.source_file
            || case
                when delivery_files.source_file is null then ' was loaded but is no longer in the Hub'
                else
                    ' changed after it was loaded (then ' || files_read_before.file_size_bytes
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

    -- One row, always computed (even when no file is new): the run stops here.
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
        countries.file_delimiter,
        case delivery_files.file_kind
            when 'users' then countries.users_header
            else countries.logins_header
        end as registered_header
    from delivery_files
    inner join countries
        on delivery_files.app_code = countries.app_code
    -- Complete files that no run has read.
    where
        delivery_files.is_complete
        and delivery_files.source_file not in (select files_read_before.source_file from files_read_before)
),

decoded_files as (
    select
        new_files.*,
        hub_files.content,
        hub_files.size as file_size_bytes,
        hub_files.last_modified as file_modified_at,
        -- The bytes as text, null when they are not valid in the encoding
        -- (plugins/hub_text.py: Python's codecs).
        hub_decode(hub_files.content, new_files.file_encoding) as file_text
    from hub_files
    inner join new_files
        on hub_files.filename = new_files.file_path
),

checked_files as (
    select
        *,
        case
            when file_text is null
                then {{ raise_error(
                    "'Hub contract break in ' || source_file || ', line ' || hub_undecodable_line(content, file_encoding)
                    || ': the bytes are not valid ' || file_encoding || ', the encoding registered for '
                    || app_code || '/ (the file is not read; deliver it again in ' || file_encoding || ')'"
                ) }}
            -- Text that is valid UTF-8 decodes without error in most other
            -- encodings, garbled (é as Ã©): refused instead.
            when hub_utf8_line(content, file_encoding) is not null
                then {{ raise_error(
                    "'Hub contract break in ' || source_file || ', line ' || hub_utf8_line(content, file_encoding)
                    || ': the text is UTF-8, not ' || file_encoding || ' as registered for ' || app_code
                    || '/ (its accented letters would load garbled: é as Ã©)'"
                ) }}
            when file_text <> '' and not list_has_all(header_names, {{ list_map('registered_header', 'name', 'lower(name)') }})
                then {{ raise_error(
                    "'Hub contract break in ' || source_file || ': required column(s) missing from the header: '
                    || array_to_string(list_filter(registered_header, name -> not list_contains(header_names, lower(name))), ', ')
                    || case when len(header_names) = 1 then ' (the header does not split into fields: is the file delimited with \"'
                        || file_delimiter || '\" as registered?)' else '' end"
                ) }}
        end as contract_break
    from (
        select
            *,
            -- The header's names as the file writes them: split plainly
            -- (headers hold no delimiter), trimmed of spaces, quotes and a
            -- carriage return.
            {{ list_map(
                split_text(dbt.split_part('file_text', 'chr(10)', 1), 'file_delimiter'),
                'name', "lower(trim(name, ' \"' || chr(13)))"
            ) }} as header_names
        from decoded_files
    ) as with_header_names
),

split_files as (
    select
        -- The bytes are not needed once decoded (files can be large).
        * exclude (content),
        -- A line ends at a line feed; what follows the last one is a line
        -- only when it is not empty.
        case
            when file_text = '' then []
            when suffix(file_text, chr(10)) then {{ split_text('left(file_text, length(file_text) - 1)', 'chr(10)') }}
            else {{ split_text('file_text', 'chr(10)') }}
        end as file_lines,
        -- Counted apart from the split, for file_reconciliation's check that
        -- no line is lost: line feeds, and a last line without one.
        length(file_text) - length(replace(file_text, chr(10), ''))
        + case when file_text <> '' and not suffix(file_text, chr(10)) then 1 else 0 end as file_line_count
    from checked_files
    where contract_break is null
),

final as (
    select
        source_file,
        app_code,
        file_kind,
        cast(generate_subscripts(file_lines, 1) as integer) as line_number,
        -- CRLF files: the carriage return before the line feed is not data.
        unnest({{ list_map('file_lines', 'line', 'case when suffix(line, chr(13)) then left(line, length(line) - 1) else line end') }})
            as raw_line,
        file_size_bytes,
        file_modified_at,
        file_line_count,
        {{ run_started_at_timestamp() }} as processed_at
    from split_files
)

select final.* from final
{% if is_incremental() %}
    inner join hub_unchanged on hub_unchanged.is_unchanged
{% endif %}
