{% macro check_docs_site_var() %}
    {#- on-run-start: var `docs_site` documents the marts in their published
        schema (generate_schema_name), so a run given it would write them
        there untested. generate_schema_name refuses it when dbt parses;
        this stops a run that reused the docs site's parse (same vars).
        `dbt docs generate` renders this hook too, without running it. -#}
    {%- if var('docs_site', false) and flags.WHICH != 'generate' -%}
        {{ exceptions.raise_compiler_error(docs_site_var_error()) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
