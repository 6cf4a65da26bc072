{#- Write-audit-publish. Marts are written and tested in their build schema
    (`audit`); other teams read copies in the schema named by the model's
    `meta.published_schema` (`marts`). The copies are replaced together, in
    one transaction, and only by a `dbt build` in which every model, seed,
    snapshot and data test ran and passed. A failed, partial or killed build
    leaves the published marts exactly as the last good build left them. -#}

{% macro published_models() %}
    {%- set models = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.config.meta.get('published_schema') -%}
        {%- do models.append(node) -%}
    {%- endfor -%}
    {{ return(models | sort(attribute='name')) }}
{% endmacro %}


{% macro publish_blockers(results) %}
    {#- Why this run may not publish: an empty list means it may. -#}
    {%- if flags.WHICH != 'build' -%}
        {{ return(['`dbt ' ~ flags.WHICH ~ '` does not test; only `dbt build` publishes']) }}
    {%- endif -%}
    {%- set blockers = [] -%}
    {%- set ran = [] -%}
    {%- for result in results -%}
        {%- do ran.append(result.node.unique_id) -%}
        {%- if result.status in ['error', 'fail', 'skipped', 'runtime error'] -%}
            {%- do blockers.append(result.node.name ~ ' ' ~ result.status) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set not_run = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type in ['model', 'seed', 'snapshot', 'test'] and node.unique_id not in ran -%}
        {%- do not_run.append(node.name) -%}
    {%- endfor -%}
    {%- if not_run -%}
        {%- do blockers.append(not_run | length ~ ' model(s), seed(s), snapshot(s) or test(s) not selected') -%}
    {%- endif -%}
    {{ return(blockers) }}
{% endmacro %}


{% macro publish_marts(results) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set blockers = publish_blockers(results) -%}
    {%- if blockers -%}
        {{ log('Marts not published (' ~ blockers[:3] | join('; ') ~ '): '
               ~ 'readers keep the last good build. See monitoring.publications.', info=true) }}
        {{ return('') }}
    {%- endif -%}
    {%- set models = published_models() -%}
    {%- do adapter.dispatch('publish_tables')(models) -%}
    {{ log('Published ' ~ models | length ~ ' marts to ' ~ (models | map(attribute='config.meta.published_schema')
           | unique | join(', ')) ~ '.', info=true) }}
    {{ return('') }}
{% endmacro %}


{% macro default__publish_tables(models) %}
    {#- One transaction: readers see all of the old marts or all of the new.
        A process killed inside it leaves nothing behind (the database
        rolls back an uncommitted transaction when it next opens). -#}
    {%- set record = publication_record_sql(models) -%}
    {#- run_query opens dbt's transaction (or joins the one erasure opened);
        every statement below runs in it, and the commit ends it. -#}
    {%- for schema in models | map(attribute='config.meta.published_schema') | unique -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
    {%- endfor -%}
    {%- for model in models -%}
        {%- do publish_table(model) -%}
    {%- endfor -%}
    {%- do run_query(record) -%}
    {%- do adapter.commit() -%}
{% endmacro %}


{% macro publish_table(model) %}
    {#- Bring one published copy level with its audited model. An
        incremental mart sends only what changed: rows written since the
        copy's newest `processed_at` replace theirs by unique key, and rows
        the audited model no longer has (its count says so) are removed.
        A new copy, a full refresh or a table model is copied whole. -#}
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
        {%- do run_query('insert into ' ~ published ~ ' select * from ' ~ changed) -%}
        {%- if not published_count_matches(published, audited) -%}
            {%- do run_query('delete from ' ~ published ~ ' as published where not exists (select 1 from '
                ~ audited ~ ' as audited where ' ~ same_key ~ ')') -%}
        {%- endif -%}
        {%- if published_count_matches(published, audited) -%}
            {{ return(none) }}
        {%- endif -%}
    {%- endif -%}
    {%- do run_query('create or replace table ' ~ published ~ ' as select * from ' ~ audited) -%}
    {#- A new table has no grants yet (none on DuckDB, which has no roles). -#}
    {%- if model.config.grants -%}
        {%- do apply_grants(api.Relation.create(database=model.database,
            schema=model.config.meta.published_schema, identifier=model.alias), model.config.grants, should_revoke=false) -%}
    {%- endif -%}
{% endmacro %}


{% macro published_count_matches(published, audited) %}
    {%- set counts = run_query('select (select count(*) from ' ~ published ~ ') = (select count(*) from ' ~ audited ~ ')') -%}
    {{ return(counts.columns[0].values()[0]) }}
{% endmacro %}


{% macro publication_record_sql(models) %}
    {#- What readers are looking at: which build, when, which tables. -#}
    {%- do run_query('create schema if not exists monitoring') -%}
    {%- do run_query(
        'create table if not exists monitoring.publications ('
        ~ 'invocation_id ' ~ dbt.type_string() ~ ', run_started_at ' ~ dbt.type_timestamp()
        ~ ', published_at ' ~ dbt.type_timestamp() ~ ', tables ' ~ dbt.type_string() ~ ')') -%}
    {{ return('insert into monitoring.publications values ('
        ~ sql_literal(invocation_id) ~ ', ' ~ run_started_at_timestamp() ~ ', ' ~ dbt.current_timestamp()
        ~ ', ' ~ sql_literal(models | map(attribute='alias') | join(', ')) ~ ')') }}
{% endmacro %}


{% macro record_run(results) %}
    {#- One row per dbt invocation that reached its end: success rates, run
        times and failures over time (a killed run leaves no row). -#}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set counts = {'nodes': results | length, 'failed': 0, 'skipped': 0} -%}
    {%- for result in results -%}
        {%- if result.status in ['error', 'fail', 'runtime error'] -%}
            {%- do counts.update({'failed': counts.failed + 1}) -%}
        {%- elif result.status == 'skipped' -%}
            {%- do counts.update({'skipped': counts.skipped + 1}) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- One statement per query: Spark runs one at a time. -#}
    {%- do run_query('create schema if not exists monitoring') -%}
    {%- do run_query(
        'create table if not exists monitoring.runs (invocation_id ' ~ dbt.type_string() ~ ', command ' ~ dbt.type_string()
        ~ ', target ' ~ dbt.type_string() ~ ', run_started_at ' ~ dbt.type_timestamp() ~ ', run_finished_at '
        ~ dbt.type_timestamp() ~ ', nodes integer, nodes_failed integer, nodes_skipped integer, succeeded boolean)') -%}
    insert into monitoring.runs values (
        {{ sql_literal(invocation_id) }}, {{ sql_literal(flags.WHICH) }}, {{ sql_literal(target.name) }},
        {{ run_started_at_timestamp() }}, {{ dbt.current_timestamp() }},
        {{ counts.nodes }}, {{ counts.failed }}, {{ counts.skipped }}, {{ counts.failed + counts.skipped == 0 }}
    )
{% endmacro %}


{% macro spark__publish_tables(models) %}
    {#- Spark's Parquet tables have no transactions and cannot be replaced
        in place while read. Each mart is first copied whole into a table of
        this build (`<schema>_builds.<mart>__<invocation>`); only when every
        copy is written does each published name, a view, switch to its
        copy, one after the other (each switch is atomic, the set is not:
        docs/spark.md); then the earlier builds' copies are dropped. A run
        that fails or is killed before the switches leaves `marts` as it was. -#}
    {%- set build = invocation_id | replace('-', '') -%}
    {%- set record = publication_record_sql(models) -%}
    {%- for schema in models | map(attribute='config.meta.published_schema') | unique -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
        {%- do run_query('create schema if not exists ' ~ schema ~ '_builds') -%}
    {%- endfor -%}
    {%- for model in models -%}
        {%- set schema = model.config.meta.published_schema -%}
        {%- do run_query('create table ' ~ schema ~ '_builds.' ~ model.alias ~ '__' ~ build
            ~ ' using parquet as select * from ' ~ model.relation_name) -%}
    {%- endfor -%}
    {%- for model in models -%}
        {%- set schema = model.config.meta.published_schema -%}
        {%- do run_query('create or replace view ' ~ schema ~ '.' ~ model.alias
            ~ ' as select * from ' ~ schema ~ '_builds.' ~ model.alias ~ '__' ~ build) -%}
    {%- endfor -%}
    {%- do run_query(record) -%}
    {%- for schema in models | map(attribute='config.meta.published_schema') | unique -%}
        {#- (SHOW TABLES also lists the session's temporary views.) -#}
        {%- for table in run_query('show tables in ' ~ schema ~ '_builds').rows
            if not table['isTemporary'] and not table['tableName'].endswith('__' ~ build) -%}
            {%- do run_query('drop table ' ~ schema ~ '_builds.' ~ table['tableName']) -%}
        {%- endfor -%}
    {%- endfor -%}
{% endmacro %}
