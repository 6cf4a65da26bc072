{#- Write-audit-publish, its last step. The marts are written and tested in
    their build schema (`audit`); other teams read copies in the schema named
    by the model's `meta.published_schema` (`marts`). -#}

{% macro publish_marts(results) %}
    {#- on-run-end, after erasure. At the end of a `dbt build` in which every
        model, seed, snapshot and data test ran and passed, every published
        copy is brought level with its audited mart, and the publication is
        recorded in `monitoring.publications`, in one DuckDB transaction:
        readers see all of the old marts or all of the new, and a process
        killed inside it leaves the old ones (DuckDB drops a transaction
        that was not committed). Otherwise nothing changes. Either way the
        log says what happened, in a line starting with `Publish:`. -#}
    {%- if not execute or flags.WHICH not in ('build', 'run', 'seed', 'snapshot', 'test', 'retry') -%}
        {#- `dbt compile` and `dbt docs generate` render the hooks without
            running a build: nothing to publish, nothing to say. -#}
        {{ return('') }}
    {%- endif -%}
    {%- set blockers = publish_blockers(results) -%}
    {%- if blockers -%}
        {{ log('Publish: nothing published, because ' ~ blockers[:3] | join('; ') ~ '. Readers keep '
               ~ published_build() ~ '; schema audit holds this run\'s candidates.', info=true) }}
        {{ return('') }}
    {%- endif -%}
    {%- set models = published_models() -%}
    {%- set schemas = models | map(attribute='config.meta.published_schema') | unique | list -%}
    {#- On Spark, published views switch to this build's copies one after
        another (docs/spark.md). -#}
    {%- set how = 'by switching views' if target.type == 'spark' else 'in one transaction' -%}
    {{ log('Publish: every node passed; publishing ' ~ models | length ~ ' marts to ' ~ schemas | join(', ')
           ~ ' ' ~ how ~ '.', info=true) }}
    {%- do begin_publication() -%}
    {%- for schema in schemas -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
    {%- endfor -%}
    {%- set changes = [] -%}
    {%- set unchanged = [] -%}
    {%- for model in models -%}
        {%- set change = publish_table(model) -%}
        {%- if change -%}
            {%- do changes.append(change) -%}
        {%- else -%}
            {%- do unchanged.append(model.alias) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do run_query(publication_record_sql(models)) -%}
    {%- do commit_publication(models) -%}
    {%- if unchanged -%}
        {%- do changes.append('unchanged: ' ~ unchanged | join(', ')) -%}
    {%- endif -%}
    {{ log('Publish: published build ' ~ invocation_id ~ ' to ' ~ schemas | join(', ')
           ~ ' ' ~ how ~ ' (committed): ' ~ changes | join('; ') ~ '.', info=true) }}
    {{ return('') }}
{% endmacro %}
