{% macro check_hub() %}
    {#- Run at the start of every dbt run, build, test or snapshot: a wrong
        `hub_dir` must stop the run with what to do, not build empty marts. -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set registered = hub_countries() | map(attribute='app_code') | list -%}
    {%- set folders = run_query(
        "select distinct split_part(" ~ hub_relative_path('file') ~ ", '/', 1) as folder"
        ~ " from glob(" ~ sql_literal(hub_dir() ~ '/*/*') ~ ") order by folder"
    ).columns[0].values() | list -%}
    {%- if not folders -%}
        {{ exceptions.raise_compiler_error(
            "No delivery found in the Hub folder '" ~ hub_dir() ~ "' (looked for files in "
            ~ hub_dir() ~ "/<country>/ for " ~ registered | join(', ') ~ "). Point dbt at the Hub: "
            ~ "dbt build --vars '{hub_dir: /path/to/hub}'."
        ) }}
    {%- endif -%}
    {%- for folder in folders if folder not in registered -%}
        {%- do exceptions.warn(
            "Hub folder '" ~ folder ~ "/' is not a registered country (" ~ registered | join(', ')
            ~ "): its files are not loaded. Register it (docs/adding-a-country.md) or move them."
        ) -%}
    {%- endfor -%}
    {#- The optional erasure list sits beside the country folders. -#}
    {%- do check_erasure_requests() -%}
    {{ return('') }}
{% endmacro %}
