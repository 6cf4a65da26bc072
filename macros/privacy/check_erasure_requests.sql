{% macro check_erasure_requests() %}
    {#- Called by check_hub at the start of a run: a malformed erasure list
        must stop the run, naming the line and what is wrong with it, before
        any model rebuilds the data it should erase. -#}
    {{ return(adapter.dispatch('check_erasure_requests')()) }}
{% endmacro %}


{% macro spark__check_erasure_requests() %}
    {#- Erasure deletes and updates rows in place, which Spark's plain
        Parquet tables cannot do (docs/spark.md): a run with a request stops
        before it builds anything. -#}
    {%- if erasure_requests_file_exists() -%}
        {{ exceptions.raise_compiler_error(
            "Erasure requests " ~ erasure_requests_path() ~ ": erasing on Spark needs tables that can delete and "
            ~ "update rows (Delta Lake, file_format: delta); plain Parquet tables cannot. Build on DuckDB, or see docs/spark.md."
        ) }}
    {%- endif -%}
{% endmacro %}


{% macro default__check_erasure_requests() %}
    {#- The list is read as the Hub's files are (UTF-8, a line per line
        feed, RFC 4180 quoting), with a comma between fields. -#}
    {%- set path = erasure_requests_path() -%}
    {%- if not erasure_requests_file_exists() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set country_codes = hub_countries() | map(attribute='country_code') | sort -%}
    {%- set what = "Each line: country_code (a registered code: " ~ country_codes | join(', ')
        ~ "), user_id (as the app delivers it, not blank), requested_on (YYYY-MM-DD)." -%}
    {%- set checks -%}
        with request_file as (
            select
                hub_decode(content, 'utf-8') as file_text,
                hub_undecodable_line(content, 'utf-8') as undecodable_line
            from read_blob({{ hub_glob('erasure_requests.csv') }})
        ),

        lines as (
            select
                generate_subscripts(string_split(file_text, chr(10)), 1) as line_number,
                unnest(string_split(file_text, chr(10))) as line,
                len(string_split(file_text, chr(10))) as pieces,
                undecodable_line
            from request_file
        ),

        fields as (
            select
                line_number,
                {{ csv_fields("rtrim(line, chr(13))", ',') }} as fields,
                {{ csv_quoting_problem("rtrim(line, chr(13))", ',') }} as quoting_problem,
                undecodable_line
            from lines
            where not (line_number = pieces and line = '')
        ),

        header as (
            select list_transform(fields, name -> lower(trim(name))) as names
            from fields
            where line_number = 1
        ),

        requests as (
            select
                fields.line_number,
                fields.quoting_problem,
                len(fields.fields) as field_count,
                len(header.names) as header_count,
                fields.fields[list_position(header.names, 'country_code')] as country_code,
                fields.fields[list_position(header.names, 'user_id')] as user_id,
                fields.fields[list_position(header.names, 'requested_on')] as requested_on
            from fields, header
            where fields.line_number > 1
        )

        select
            coalesce(
                (select 'line ' || undecodable_line || ' is not valid UTF-8' from request_file where undecodable_line is not null),
                (select 'the header lacks ' || array_to_string(list_filter(['country_code', 'user_id', 'requested_on'],
                    name -> not list_contains(names, name)), ', ') from header
                    where not list_has_all(names, ['country_code', 'user_id', 'requested_on'])),
                (select 'line ' || line_number || ' ' || case
                        when quoting_problem = 'unclosed_quote' then 'has an unclosed quote'
                        when quoting_problem = 'stray_quote' then 'has a double quote inside a field that is not quoted'
                        when field_count <> header_count then 'has ' || field_count || ' fields where the header has ' || header_count
                        else 'is not a valid request'
                    end
                    from requests
                    where quoting_problem is not null
                        or field_count <> header_count
                        or coalesce(upper({{ clean_text('country_code') }}), '') not in (
                            {%- for code in country_codes %}{{ sql_literal(code) }}{{ ', ' if not loop.last }}{% endfor -%}
                        )
                        or {{ clean_text('user_id') }} is null
                        or {{ parse_timestamp(clean_text('requested_on'), '%Y-%m-%d') }} is null
                    order by line_number
                    limit 1)
            ) as problem
    {%- endset -%}
    {%- set problem = run_query(checks).columns[0].values()[0] -%}
    {%- if problem -%}
        {{ exceptions.raise_compiler_error("Erasure requests " ~ path ~ (", " if problem.startswith('line') else ": ")
            ~ problem ~ ". " ~ what) }}
    {%- endif -%}
{% endmacro %}
