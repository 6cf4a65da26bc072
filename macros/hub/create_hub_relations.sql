{% macro create_hub_relations() %}
    {#- on-run-start, first: make the Hub's files relations the sources
        (hub.files, hub.file_contents) can name, for the hub_dir of this
        run. DuckDB needs none: its sources are read_blob() over the folder
        (external_location in _hub__sources.yml). -#}
    {{ return(adapter.dispatch('create_hub_relations')()) }}
{% endmacro %}

{% macro default__create_hub_relations() %}
    {{ return('') }}
{% endmacro %}

{% macro spark__create_hub_relations() %}
    {#- Spark lists files with its binaryFile data source (path, length,
        modificationTime, and the bytes, read only by queries that select
        them). hub.folder is an external table over the Hub folder, every
        file under it: a missing or empty folder lists nothing (check_hub
        then says what to do) instead of failing, and the listing is taken
        once per run. Dropping it never touches the files. hub.folder_files
        adds each file's path relative to the Hub; the sources keep the
        files directly in a country folder, as DuckDB's `*/*` does (Spark's
        listing also descends into sub-folders), and their modification time
        in whole seconds, as DuckDB reads it. A relative hub_dir is relative
        to the project folder. -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set folder = hub_dir() -%}
    {%- if not modules.re.match('(/|[A-Za-z][A-Za-z0-9+.-]*:)', folder) -%}
        {%- set folder = invocation_args_dict.get('project_dir', '.') ~ '/' ~ folder -%}
    {%- endif -%}
    {%- do run_query('create schema if not exists hub') -%}
    {%- do run_query('drop table if exists hub.folder') -%}
    {%- do run_query("create table hub.folder using binaryFile options (recursiveFileLookup 'true') location "
        ~ sql_literal(folder)) -%}
    {#- The folder as Spark qualifies it (file:/..., hdfs://...). -#}
    {%- set location = run_query('describe table extended hub.folder').rows
        | selectattr(0, 'eq', 'Location') | map(attribute=1) | first -%}
    {%- do run_query(
        "create or replace view hub.folder_files as select substring(path, " ~ (location | length + 2)
        ~ ") as relative_path, path, length, modificationTime, content from hub.folder where startswith(path, "
        ~ sql_literal(location ~ '/') ~ ")") -%}
    {%- for table in ['files', 'file_contents'] -%}
        {%- do run_query(
            "create or replace view " ~ source('hub', table) ~ " as select path as filename, length as size,"
            ~ " date_trunc('second', modificationTime) as last_modified, content from hub.folder_files"
            ~ " where relative_path rlike '^[^/]+/[^/]+$'") -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}
