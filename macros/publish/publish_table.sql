{% macro publish_table(model) %}
    {{ return(adapter.dispatch('publish_table')(model)) }}
{% endmacro %}


{% macro default__publish_table(model) %}
    {#- Bring one published copy level with its audited mart, inside the
        publishing transaction, and say what changed (for the log line; none:
        nothing). An
        incremental mart sends only what changed: rows written since the
        copy's newest `processed_at` replace theirs by unique key, and rows
        the audited mart no longer has (its count says so) are removed. A
        new copy, a changed column list, a full refresh or a table model is
        copied whole. -#}
    {%- set audited = model.relation_name -%}
    {%- set published = model.config.meta.published_schema ~ '.' ~ model.alias -%}
    {%- set key = model.config.unique_key -%}
    {%- set keys = [key] if key is string else key or [] -%}
    {%- set incremental = model.config.materialized == 'incremental' and keys and not flags.FULL_REFRESH -%}
    {%- set published_columns = run_query(
        "select column_name, data_type from information_schema.columns where table_schema = "
        ~ sql_literal(model.config.meta.published_schema) ~ " and table_name = " ~ sql_literal(model.alias)
        ~ " order by ordinal_position") -%}
    {%- set audited_columns = run_query(
        "select column_name, data_type from information_schema.columns where table_schema = "
        ~ sql_literal(model.schema) ~ " and table_name = " ~ sql_literal(model.alias)
        ~ " order by ordinal_position") -%}
    {%- if incremental and published_columns.rows | list == audited_columns.rows | list -%}
        {%- set watermark = run_query('select max(processed_at) from ' ~ published).columns[0].values()[0] -%}
        {%- set changed = audited ~ (' where processed_at > ' ~ sql_literal(watermark | string) if watermark is not none else '') -%}
        {%- set same_key = columns_match('published', 'audited', keys) -%}
        {%- do run_query('delete from ' ~ published ~ ' as published using (select distinct ' ~ keys | join(', ')
            ~ ' from ' ~ changed ~ ') as audited where ' ~ same_key) -%}
        {%- set written = run_query('insert into ' ~ published ~ ' select * from ' ~ changed).columns[0].values()[0] -%}
        {%- set removed = 0 -%}
        {%- if not published_count_matches(published, audited) -%}
            {%- set removed = run_query('delete from ' ~ published ~ ' as published where not exists (select 1 from '
                ~ audited ~ ' as audited where ' ~ same_key ~ ')').columns[0].values()[0] -%}
        {%- endif -%}
        {%- if published_count_matches(published, audited) -%}
            {%- if written == 0 and removed == 0 -%}
                {{ return(none) }}
            {%- endif -%}
            {{ return(model.alias ~ ' ' ~ written ~ ' rows written' ~ (', ' ~ removed ~ ' removed' if removed else '')) }}
        {%- endif -%}
    {%- endif -%}
    {%- set copied = run_query('create or replace table ' ~ published ~ ' as select * from ' ~ audited).columns[0].values()[0] -%}
    {#- A new table has no grants yet (none on DuckDB, which has no roles). -#}
    {%- if model.config.grants -%}
        {%- do apply_grants(api.Relation.create(database=model.database,
            schema=model.config.meta.published_schema, identifier=model.alias), model.config.grants, should_revoke=false) -%}
    {%- endif -%}
    {{ return(model.alias ~ ' copied whole (' ~ copied ~ ' rows)') }}
{% endmacro %}


{% macro spark__publish_table(model) %}
    {#- Spark's Parquet tables have neither transactions nor in-place
        deletes: the audited mart is copied whole into a table of this
        build, `<published schema>_builds.<mart>__<build>`, which readers
        see once commit_publication switches the published view to it. -#}
    {%- set copy = model.config.meta.published_schema ~ '_builds.' ~ model.alias ~ '__' ~ invocation_id | replace('-', '') -%}
    {%- do run_query('create schema if not exists ' ~ model.config.meta.published_schema ~ '_builds') -%}
    {%- do run_query('create table ' ~ copy ~ ' using parquet as select * from ' ~ model.relation_name) -%}
    {%- set copied = run_query('select count(*) from ' ~ copy).columns[0].values()[0] -%}
    {{ return(model.alias ~ ' copied whole (' ~ copied ~ ' rows)') }}
{% endmacro %}
