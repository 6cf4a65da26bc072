{% macro published_count_matches(published, audited) %}
    {#- Whether a published copy and its audited mart have as many rows. -#}
    {%- set counts = run_query('select (select count(*) from ' ~ published ~ ') = (select count(*) from ' ~ audited ~ ')') -%}
    {{ return(counts.columns[0].values()[0]) }}
{% endmacro %}
