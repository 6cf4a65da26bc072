{% macro publication_record_sql(models) %}
    {#- What readers are looking at: which build, its processed_at
        (`run_started_at`, what data tests compare with), when it was
        published, which tables. Run inside the publishing transaction. -#}
    {{ return(sql_script(
        'create schema if not exists monitoring; '
        ~ 'create table if not exists monitoring.publications ('
        ~ 'invocation_id ' ~ dbt.type_string() ~ ', run_started_at ' ~ dbt.type_timestamp() ~ ', published_at ' ~ dbt.type_timestamp()
        ~ ', tables ' ~ dbt.type_string() ~ '); '
        ~ 'insert into monitoring.publications select '
        ~ sql_literal(invocation_id) ~ ', ' ~ run_started_at_timestamp() ~ ', ' ~ dbt.current_timestamp()
        ~ ', ' ~ sql_literal(models | map(attribute='alias') | join(', '))
    )) }}
{% endmacro %}
