{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- Schemas named for their layer (`staging`, `marts`, ...), not prefixed
        with the target schema: the names other teams query stay the same.
        The docs site is for those teams: `make docs` sets var `docs_site`,
        and each mart is then documented where they query it, its published
        schema (`marts`), not `audit`, where builds write and test it. The
        var changes where models would be written, so only
        `dbt docs generate` may set it (check_docs_site_var stops a run
        given it). -#}
    {%- set published_schema = node.config.meta.get('published_schema') if node.config and node.config.meta -%}
    {%- if var('docs_site', false) -%}
        {%- if flags.WHICH != 'generate' -%}
            {{ exceptions.raise_compiler_error(docs_site_var_error()) }}
        {%- endif -%}
        {%- if published_schema -%}
            {{ return(published_schema) }}
        {%- endif -%}
    {%- endif -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}


{% macro docs_site_var_error() %}
    {{ return("Var docs_site is for `dbt docs generate` only (`make docs`): it documents the marts in their "
        ~ "published schema, and `dbt " ~ flags.WHICH ~ "` would write them there untested.") }}
{% endmacro %}
