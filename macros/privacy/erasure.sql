{#- Right to erasure. A person listed in `<hub_dir>/erasure_requests.csv`
    (country_code,user_id,requested_on) has their personal data removed
    from every relation at the end of every run, after all models, so a
    rebuild from the Hub (which may still hold them) is erased again.
    DuckDB does not overwrite the blocks it frees, so the old values stay in
    the database file's bytes until the file is rewritten: a run that erased
    something records it in `monitoring.erasures`, and the step after dbt
    (scripts/rewrite_after_erasure.py, run by `make run`) rewrites the file. -#}

{% macro erasure_requests_path() %}
    {{ return(hub_dir() ~ '/erasure_requests.csv') }}
{% endmacro %}


{% macro erasure_requests_file_exists() %}
    {#- The file is optional: no file, no requests. -#}
    {{ return(adapter.dispatch('erasure_requests_file_exists')()) }}
{% endmacro %}

{% macro default__erasure_requests_file_exists() %}
    {{ return(run_query("select count(*) from glob(" ~ hub_glob('erasure_requests.csv') ~ ")").columns[0].values()[0] > 0) }}
{% endmacro %}

{% macro spark__erasure_requests_file_exists() %}
    {#- From the listing of the Hub folder (create_hub_relations). -#}
    {{ return(run_query("select count(*) from hub.folder_files where relative_path = 'erasure_requests.csv'")
        .columns[0].values()[0] > 0) }}
{% endmacro %}


{% macro erasure_requests_file(path) %}
    {{ return(adapter.dispatch('erasure_requests_file')(path)) }}
{% endmacro %}

{% macro default__erasure_requests_file(path) -%}
    {#- The CSV as text columns named by its header, lines in file order
        (check_erasure_requests has already checked every line). The Hub
        folder's own glob characters are escaped (hub_glob). -#}
    read_csv({{ hub_glob('erasure_requests.csv') }}, header = true, all_varchar = true, delim = ',', quote = '"')
{%- endmacro %}


{% macro erase_personal_data() %}
    {#- on-run-end, first: for every relation personal_data_relations()
        lists, a requested person's rows are deleted (identity marts) or
        their tagged columns set to null (rows stay, so reconciliation still
        balances). processed_at is left alone, so incremental models do not
        take the rows again. Raw-line tables have no user id: their lines are
        found first, through the relations that have both. Idempotent: an
        erased row no longer names anyone, so a second run finds nothing. -#}
    {%- if not execute or flags.WHICH not in ('build', 'run', 'snapshot', 'seed', 'retry') -%}
        {{ return('') }}
    {%- endif -%}
    {%- if not erasure_requests_file_exists() -%}
        {{ return('') }}
    {%- endif -%}
    {%- do run_query(
        "create or replace temporary table erasure_requests as select distinct "
        ~ "upper(" ~ clean_text('country_code') ~ ") as country_code, " ~ clean_text('user_id') ~ " as user_id "
        ~ "from " ~ erasure_requests_file(erasure_requests_path())
    ) -%}
    {%- set person_count = run_query("select count(*) from erasure_requests").columns[0].values()[0] -%}
    {%- if person_count > 0 -%}
        {%- set relations = personal_data_relations() | selectattr('relation') | list -%}
        {#- One transaction, committed here whether or not the run goes on to
            publish. A relation lookup above that missed dbt's cache made dbt
            open a transaction of its own, which it would roll back, erasure
            and all, when it closes the connection: commit that one first. -#}
        {%- do adapter.commit() -%}
        {%- do run_query('begin transaction') -%}
        {%- set line_sources = [] -%}
        {%- for entry in relations if entry.find_by == 'person' and entry.has_lines -%}
            {%- do line_sources.append("select source_file, line_number from " ~ entry.relation ~ " where " ~ erasure_rows(entry)) -%}
        {%- endfor -%}
        {%- do run_query(
            "create or replace temporary table erased_lines as select distinct source_file, line_number from ("
            ~ (line_sources | join(' union all ') if line_sources else "select null as source_file, null as line_number where false")
            ~ ") as lines"
        ) -%}
        {%- set results = [] -%}
        {%- set changed_rows = {'total': 0} -%}
        {#- Lines first, while the relations that name the person still do. -#}
        {%- for entry in (relations | selectattr('find_by', 'eq', 'line') | list)
            + (relations | selectattr('find_by', 'eq', 'person') | list) -%}
            {%- set changed = run_query(erasure_statement(entry)).columns[0].values()[0] -%}
            {%- if changed -%}
                {%- do changed_rows.update({'total': changed_rows.total + changed}) -%}
                {%- do results.append(entry.name ~ ' ' ~ changed ~ (' rows deleted' if entry.action == 'delete_rows' else ' rows anonymised')) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if results -%}
            {%- do run_query(erasure_record_sql(person_count, changed_rows.total)) -%}
        {%- endif -%}
        {%- do run_query('commit') -%}
        {%- do log(
            "Erasure: " ~ person_count ~ " person(s) listed in " ~ erasure_requests_path() ~ ": "
            ~ (results | join(', ') ~ ". Their old values stay in the database file's free space until"
               ~ " the file is rewritten: `make run` does it after dbt (docs/operations.md)"
               if results else 'nothing left to erase'), info=True
        ) -%}
        {%- do run_query("drop table if exists erased_lines") -%}
    {%- endif -%}
    {%- do run_query("drop table if exists erasure_requests") -%}
    {{ return('') }}
{% endmacro %}


{% macro erasure_rows(entry) %}
    {#- The condition on a person's rows in one relation of
        personal_data_relations(): by person, or by the lines found for
        them (temporary tables of erase_personal_data). -#}
    {%- if entry.find_by == 'line' -%}
        {{ return("(source_file, line_number) in (select source_file, line_number from erased_lines)") }}
    {%- endif -%}
    {{ return("(country_code, source_user_id) in (select country_code, user_id from erasure_requests)") }}
{% endmacro %}


{% macro erasure_statement(entry) %}
    {#- Delete the rows, or null the tagged columns of those not yet null
        (so the count returned is what changed). -#}
    {%- if entry.action == 'delete_rows' -%}
        {{ return("delete from " ~ entry.relation ~ " where " ~ erasure_rows(entry)) }}
    {%- endif -%}
    {{ return(
        "update " ~ entry.relation ~ " set " ~ entry.columns | join(' = null, ') ~ " = null"
        ~ " where " ~ erasure_rows(entry) ~ " and (" ~ entry.columns | join(' is not null or ') ~ " is not null)"
    ) }}
{% endmacro %}


{% macro erasure_record_sql(person_count, changed_rows) %}
    {#- The record of a run that erased something: the rewrite step after dbt
        (scripts/rewrite_after_erasure.py) rewrites the database file while
        a record has no `file_rewritten_at`, and sets it. Counts only: the
        record names nobody. -#}
    {{ return(
        'create schema if not exists monitoring; '
        ~ 'create table if not exists monitoring.erasures (invocation_id varchar, erased_at '
        ~ dbt.type_timestamp() ~ ', persons_listed integer, rows_changed bigint, file_rewritten_at '
        ~ dbt.type_timestamp() ~ '); '
        ~ 'insert into monitoring.erasures values (' ~ sql_literal(invocation_id) ~ ', '
        ~ dbt.current_timestamp() ~ ', ' ~ person_count ~ ', ' ~ changed_rows ~ ', null)'
    ) }}
{% endmacro %}
