{% macro check_hub() %}
    {#- The on-run-start report on the Hub, before any model runs: a
        `hub_dir` with no delivery stops the run, saying what to do (it must
        not build empty marts); anything the run will not load is named in a
        warning (a folder that is not a registered country, a file matching
        no delivery pattern, a sub-folder of a country folder, a file still
        being written); a malformed erasure list stops the run. -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set countries = hub_countries() -%}
    {%- set registered = countries | map(attribute='app_code') | list -%}
    {%- set listing -%}
        select
            regexp_extract(filename, '([^/]+)/[^/]+$', 1) as folder,
            regexp_extract(filename, '[^/]+$', 0) as file_name,
            case regexp_extract(filename, '([^/]+)/[^/]+$', 1)
                {%- for country in countries %}
                when {{ sql_literal(country.app_code) }} then case
                    when lower(regexp_extract(filename, '[^/]+$', 0)) like {{ sql_literal(glob_to_like(country.users.file_pattern)) }} escape {{ sql_literal('\\') }} then 'users'
                    when lower(regexp_extract(filename, '[^/]+$', 0)) like {{ sql_literal(glob_to_like(country.logins.file_pattern)) }} escape {{ sql_literal('\\') }} then 'logins'
                end
                {%- endfor %}
            end as file_kind,
            -- As base_hub__files judges it: from the start of this run (wall clock).
            cast({{ epoch_seconds(instant_literal(run_started_at)) }} - {{ epoch_seconds('last_modified') }} as integer)
                as seconds_since_change
        -- render(): the Hub as it is, also under `dbt build --empty` (make
        -- lint), which would make the source an empty subquery.
        from {{ source('hub', 'files').render() }}
        order by folder, file_name
    {%- endset -%}
    {%- set files = [] -%}
    {%- for row in run_query(listing).rows -%}
        {%- do files.append({'folder': row[0], 'file_name': row[1], 'file_kind': row[2], 'seconds_since_change': row[3]}) -%}
    {%- endfor -%}
    {%- set deliveries = files | selectattr('folder', 'in', registered) | list -%}
    {%- if not deliveries -%}
        {{ exceptions.raise_compiler_error(
            "No delivery found in the Hub folder '" ~ var('hub_dir') ~ "' (looked for files in "
            ~ var('hub_dir') ~ "/<country>/ for " ~ registered | join(', ') ~ "). Point dbt at the Hub: "
            ~ "dbt build --vars '{hub_dir: /path/to/hub}'."
        ) }}
    {%- endif -%}
    {%- for folder in files | map(attribute='folder') | unique if folder not in registered -%}
        {%- do exceptions.warn(
            "Warning: Hub folder '" ~ folder ~ "/' is not a registered country (" ~ registered | join(', ')
            ~ "): its files are not loaded. Register it (docs/adding-a-country.md) or move them."
        ) -%}
    {%- endfor -%}
    {%- for file in deliveries if file.file_kind is none -%}
        {%- set country = countries | selectattr('app_code', 'eq', file.folder) | first -%}
        {%- do exceptions.warn(
            "Warning: Hub file '" ~ file.folder ~ "/" ~ file.file_name ~ "' matches no delivery pattern of " ~ file.folder
            ~ "/ (users: " ~ country.users.file_pattern ~ ", logins: " ~ country.logins.file_pattern
            ~ ", in any letter case): it is not loaded."
        ) -%}
    {%- endfor -%}
    {%- for file in deliveries if file.file_kind and file.seconds_since_change < var('hub_settle_seconds') -%}
        {%- do exceptions.warn(
            "Warning: Hub file '" ~ file.folder ~ "/" ~ file.file_name ~ "' is still being written (changed "
            ~ file.seconds_since_change ~ " s before this run, less than hub_settle_seconds = "
            ~ var('hub_settle_seconds') ~ "): it is left for the next run."
        ) -%}
    {%- endfor -%}
    {%- for folder in hub_subfolders() if folder.split('/')[0] in registered -%}
        {%- do exceptions.warn(
            "Warning: Hub folder '" ~ folder ~ "/' is inside a country folder: only files directly in "
            ~ folder.split('/')[0] ~ "/ are deliveries, so it is not read."
        ) -%}
    {%- endfor -%}
    {#- The optional erasure list sits beside the country folders. -#}
    {%- do check_erasure_requests() -%}
    {{ return('') }}
{% endmacro %}
