{% macro processed_since_last_run(relation_alias=none) -%}
    {#- True for upstream rows written after this model last ran (always
        true on a full build): each run processes what is new since the
        last run that wrote the model, so a new delivery costs what it is
        worth and a run with nothing new changes nothing. A model that
        failed is caught up next run: its own high-water mark did not move. -#}
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
