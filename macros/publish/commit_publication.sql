{% macro commit_publication(models) %}
    {{ return(adapter.dispatch('commit_publication')(models)) }}
{% endmacro %}

{% macro default__commit_publication(models) %}
    {%- do run_query('commit') -%}
{% endmacro %}

{% macro spark__commit_publication(models) %}
    {#- Every copy of this build is written (publish_table): each published
        name, a view, now switches to its copy, one after the other. Each
        switch is atomic, the set is not (docs/spark.md). Then the earlier
        builds' copies are dropped. -#}
    {%- set build = invocation_id | replace('-', '') -%}
    {%- for model in models -%}
        {%- set schema = model.config.meta.published_schema -%}
        {%- do run_query('create or replace view ' ~ schema ~ '.' ~ model.alias
            ~ ' as select * from ' ~ schema ~ '_builds.' ~ model.alias ~ '__' ~ build) -%}
    {%- endfor -%}
    {%- for schema in models | map(attribute='config.meta.published_schema') | unique -%}
        {#- (SHOW TABLES also lists the session's temporary views.) -#}
        {%- for table in run_query('show tables in ' ~ schema ~ '_builds').rows
            if not table['isTemporary'] and not table['tableName'].endswith('__' ~ build) -%}
            {%- do run_query('drop table ' ~ schema ~ '_builds.' ~ table['tableName']) -%}
        {%- endfor -%}
    {%- endfor -%}
{% endmacro %}
