{#- Incremental work: each run processes what is new since the last run
    that wrote the model, so a new delivery costs what it is worth and a
    run with nothing new changes nothing. Every incremental row carries
    `processed_at`, the start of the run that wrote it. -#}

{% macro run_started_at_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}


{% macro processed_since_last_run(relation_alias=none) -%}
    {#- True for upstream rows written after this model last ran (always
        true on a full build). A model that failed is caught up next run,
        because its own high-water mark did not move. -#}
    {%- set column = (relation_alias ~ '.' if relation_alias else '') ~ 'processed_at' -%}
    {%- if is_incremental() -%}
        {{ column }} > (
            select coalesce(max(processed_at), cast('1900-01-01' as {{ dbt.type_timestamp() }}))
            from {{ this }}
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}


{% macro columns_match(left, right, columns) -%}
    {#- Join condition: `left` and `right` agree on every column (a key of
        one or more columns). -#}
    {%- for column in columns -%}
        {{ ' and ' if not loop.first }}{{ left }}.{{ column }} = {{ right }}.{{ column }}
    {%- endfor -%}
{%- endmacro %}
