{% macro hub_dir() %}
    {#- The hub folder without a trailing slash, as the paths are built. -#}
    {{ return((var('hub_dir') | string | trim).rstrip('/')) }}
{% endmacro %}


{% macro hub_relative_path(filename_column) %}
    {#- `fr/FR User Data.csv`: file paths in every model are relative to the
        hub, so results do not depend on where the hub was mounted. -#}
    substring({{ filename_column }}, {{ (hub_dir() | length) + 2 }})
{% endmacro %}


{% macro hub_files_to_read(path_glob) %}
    {#- The files a glob matches, less those this incremental model has
        already read (files in the Hub are never edited). Listed when the
        model compiles, so the reader opens only new files. -#}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set query -%}
        select file from glob({{ sql_literal(path_glob) }})
        {%- if is_incremental() %}
        where {{ hub_relative_path('file') }} not in (select distinct source_file from {{ this }})
        {%- endif %}
        order by file
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{% endmacro %}


{% macro read_hub_lines(entity) %}
    {#- Every line of every `entity` file ('users' or 'logins') of every
        registered country not read before, decoded with that country's
        encoding, numbered as in the file (line 1 is the header). Fields
        are split later, so a malformed line is kept whole instead of
        failing the read. Each file is its own scan, numbered as it
        streams: no window over all lines, which would have to hold them
        all (100M logins ran out of memory that way). -#}
    {%- set reads = [] -%}
    {%- for country in hub_countries() -%}
        {%- for file in hub_files_to_read(hub_dir() ~ '/' ~ country.app_code ~ '/' ~ country[entity].file_pattern) -%}
            {%- do reads.append({'country': country, 'file': file}) -%}
        {%- endfor -%}
    {%- endfor -%}
    select
        app_code,
        {{ hub_relative_path('filename') }} as source_file,
        cast(line_number as integer) as line_number,
        -- CRLF files: the line break is not part of the data.
        rtrim(coalesce(raw_line, ''), chr(13)) as raw_line,
        {{ run_started_at_timestamp() }} as processed_at
    from (
        {%- for read in reads %}
        {%- if not loop.first %}
        union all
        {%- endif %}
        select
            '{{ read.country.app_code }}' as app_code,
            filename,
            raw_line,
            row_number() over () as line_number
        from {{ read_lines_of_files([read.file], read.country.encoding) }}
        {%- else %}
        select
            cast(null as varchar) as app_code,
            cast(null as varchar) as filename,
            cast(null as varchar) as raw_line,
            cast(null as bigint) as line_number
        where false
        {%- endfor %}
    ) as numbered_lines
{% endmacro %}


{% macro read_lines_of_files(files, encoding) %}
    {{ return(adapter.dispatch('read_lines_of_files')(files, encoding)) }}
{% endmacro %}

{% macro default__read_lines_of_files(files, encoding) %}
    {#- One column per physical line: no delimiter or quote is interpreted
        here, and the reader keeps file order, so row_number() over () is the
        line number. Decoding errors stop the run naming the file. -#}
    read_csv(
        [{% for file in files %}{{ sql_literal(file) }}{{ ', ' if not loop.last }}{% endfor %}],
        columns = {'raw_line': 'varchar'},
        header = false,
        delim = chr(31),
        quote = '',
        escape = '',
        comment = '',
        skip = 0,
        encoding = {{ sql_literal(encoding) }},
        -- A small read buffer: one scan per file runs many at once.
        buffer_size = 262144,
        filename = true
    )
{% endmacro %}


{% macro hub_file_kind(file_name, app_code_column='app_code') %}
    {#- 'users' or 'logins' when the name matches the country's registered
        file pattern (the same glob the base models read), else null. -#}
    {%- set kinds = {} -%}
    {%- for country in hub_countries() -%}
        {%- set tests = [] -%}
        {%- for entity in hub_entity_columns() -%}
            {%- set like_pattern = country[entity].file_pattern | replace('%', '\\%') | replace('_', '\\_') | replace('*', '%') | replace('?', '_') -%}
            {%- do tests.append("when " ~ file_name ~ " like " ~ sql_literal(like_pattern) ~ " escape '\\' then '" ~ entity ~ "'") -%}
        {%- endfor -%}
        {%- do kinds.update({country.app_code: 'case ' ~ tests | join(' ') ~ ' end'}) -%}
    {%- endfor -%}
    {{ return(country_switch(kinds, app_code_column)) }}
{% endmacro %}
