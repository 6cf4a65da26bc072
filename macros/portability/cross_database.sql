{#- The few places where engines differ. Each has a DuckDB-flavoured
    `default__` (also valid on PostgreSQL where noted in _macros.yml);
    another engine adds `<adapter>__<name>` beside it, no model changes. -#}

{% macro regex_full_match(expression, pattern) %}
    {{ return(adapter.dispatch('regex_full_match')(expression, pattern)) }}
{% endmacro %}

{% macro default__regex_full_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, {{ pattern }})
{%- endmacro %}


{% macro regex_contains(expression, pattern) %}
    {{ return(adapter.dispatch('regex_contains')(expression, pattern)) }}
{% endmacro %}

{% macro default__regex_contains(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ pattern }})
{%- endmacro %}


{% macro regex_replace_all(expression, pattern, replacement) %}
    {{ return(adapter.dispatch('regex_replace_all')(expression, pattern, replacement)) }}
{% endmacro %}

{% macro default__regex_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}


{% macro regex_extract(expression, pattern) %}
    {{ return(adapter.dispatch('regex_extract')(expression, pattern)) }}
{% endmacro %}

{% macro default__regex_extract(expression, pattern) -%}
    {#- The first match of the pattern, '' when there is none. -#}
    regexp_extract({{ expression }}, {{ pattern }})
{%- endmacro %}


{% macro trim_whitespace(expression) %}
    {{ return(adapter.dispatch('trim_whitespace')(expression)) }}
{% endmacro %}

{% macro default__trim_whitespace(expression) -%}
    {#- Spaces, tabs, line breaks and no-break spaces at either end. -#}
    trim({{ expression }}, ' ' || chr(9) || chr(10) || chr(13) || chr(160))
{%- endmacro %}


{% macro raise_error(message) %}
    {{ return(adapter.dispatch('raise_error')(message)) }}
{% endmacro %}

{% macro default__raise_error(message) -%}
    error({{ message }})
{%- endmacro %}


{% macro split_delimited(line, delimiter) %}
    {{ return(adapter.dispatch('split_delimited')(line, delimiter)) }}
{% endmacro %}

{% macro default__split_delimited(line, delimiter) -%}
    {#- RFC 4180 fields: a field is either quoted (doubled quotes inside) or
        free of quotes. Lines without a quote take the fast plain split. -#}
    {%- set d = modules.re.escape(delimiter) -%}
    case
        when strpos({{ line }}, '"') = 0 then string_split({{ line }}, '{{ delimiter }}')
        else list_transform(
            regexp_extract_all({{ line }}, '(?:^|{{ d }})("(?:[^"]|"")*"|[^{{ d }}"]*)', 1),
            field -> case
                when field like '"%"' then replace(field[2:-2], '""', '"')
                else field
            end
        )
    end
{%- endmacro %}


{% macro list_position_of(list_expression, value) %}
    {{ return(adapter.dispatch('list_position_of')(list_expression, value)) }}
{% endmacro %}

{% macro default__list_position_of(list_expression, value) -%}
    list_position({{ list_expression }}, {{ value }})
{%- endmacro %}


{% macro list_length(list_expression) %}
    {{ return(adapter.dispatch('list_length')(list_expression)) }}
{% endmacro %}

{% macro default__list_length(list_expression) -%}
    len({{ list_expression }})
{%- endmacro %}


{% macro normalise_header_fields(list_expression) %}
    {{ return(adapter.dispatch('normalise_header_fields')(list_expression)) }}
{% endmacro %}

{% macro default__normalise_header_fields(list_expression) -%}
    {#- Header names compare trimmed, lower case, without a byte-order mark. -#}
    list_transform({{ list_expression }}, header -> lower(trim(replace(header, chr(65279), ''))))
{%- endmacro %}


{% macro parse_timestamp(text, format) %}
    {{ return(adapter.dispatch('parse_timestamp')(text, format)) }}
{% endmacro %}

{% macro default__parse_timestamp(text, format) -%}
    {#- Null when the text does not match or names a moment that does not
        exist (31/02). `epoch_seconds` reads Unix time. -#}
    {%- if format == 'epoch_seconds' -%}
        case
            when {{ regex_full_match(text, "'-?[0-9]{1,12}'") }}
                then cast(to_timestamp(cast({{ text }} as bigint)) at time zone 'UTC' as timestamp)
        end
    {%- else -%}
        try_strptime({{ text }}, {{ sql_literal(format) }})
    {%- endif -%}
{%- endmacro %}


{% macro local_to_utc(local_timestamp, time_zone) %}
    {{ return(adapter.dispatch('local_to_utc')(local_timestamp, time_zone)) }}
{% endmacro %}

{% macro default__local_to_utc(local_timestamp, time_zone) -%}
    {#- The engine's reading of a wall-clock time; at a daylight-saving
        change stg_hub__logins checks it rather than trusting it. -#}
    timezone('UTC', timezone({{ time_zone }}, {{ local_timestamp }}))
{%- endmacro %}


{% macro utc_to_local(utc_timestamp, time_zone) %}
    {{ return(adapter.dispatch('utc_to_local')(utc_timestamp, time_zone)) }}
{% endmacro %}

{% macro default__utc_to_local(utc_timestamp, time_zone) -%}
    timezone({{ time_zone }}, timezone('UTC', {{ utc_timestamp }}))
{%- endmacro %}


{% macro list_item(list_expression, position) %}
    {{ return(adapter.dispatch('list_item')(list_expression, position)) }}
{% endmacro %}

{% macro default__list_item(list_expression, position) -%}
    list_extract({{ list_expression }}, {{ position }})
{%- endmacro %}


{% macro json_object_text(pairs) %}
    {{ return(adapter.dispatch('json_object_text')(pairs)) }}
{% endmacro %}

{% macro default__json_object_text(pairs) -%}
    {#- pairs: a list of (key, sql expression); a JSON object as text. -#}
    cast(json_object(
        {%- for key, expression in pairs %}
        '{{ key }}', {{ expression }}{{ ',' if not loop.last }}
        {%- endfor %}
    ) as {{ dbt.type_string() }})
{%- endmacro %}


{% macro known_time_zone_names() %}
    {{ return(adapter.dispatch('known_time_zone_names')()) }}
{% endmacro %}

{% macro default__known_time_zone_names() -%}
    {#- A subquery of the IANA zone names the engine can convert with. -#}
    select name from pg_timezone_names()
{%- endmacro %}


{% macro keep_insertion_order(keep) %}
    {{ return(adapter.dispatch('keep_insertion_order')(keep)) }}
{% endmacro %}

{% macro default__keep_insertion_order(keep) -%}
    {#- DuckDB buffers a large result to keep its row order; a model whose
        order does not matter turns that off around itself (base models
        rely on it, so it is turned back on after). -#}
    set preserve_insertion_order = {{ 'true' if keep else 'false' }}
{%- endmacro %}


{% macro not_materialized() %}
    {{ return(adapter.dispatch('not_materialized')()) }}
{% endmacro %}

{% macro default__not_materialized() -%}
    {#- Goes after `as` in `with name as ... (`. DuckDB holds a CTE read
        more than once in memory; over millions of lines computing it again
        at each use is faster and lighter (stg_hub__logins at 10M logins:
        38.9 s -> 18.8 s, peak memory 3.0 -> 0.6 GB). -#}
    not materialized
{%- endmacro %}


{% macro session_variable(name) %}
    {{ return(adapter.dispatch('session_variable')(name)) }}
{% endmacro %}

{% macro default__session_variable(name) -%}
    {#- A value set on the session (DuckDB: SET VARIABLE), null when unset. -#}
    getvariable('{{ name }}')
{%- endmacro %}
