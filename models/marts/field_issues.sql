-- Values of loaded user rows that broke a rule and were set to null. Each
-- run appends the issues of the user lines judged since the last run.
{{
    config(
        materialized=incremental_by_key(),
        incremental_strategy='delete+insert',
        unique_key='field_issue_key',
    )
}}
{%- set checked_columns = ['date_of_birth', 'postcode', 'phone', 'signup_date'] %}
with loaded_users as {{ not_materialized() }} (
    select * from {{ ref('int_users_validated') }}
    where
        line_status = 'loaded'
        and {{ processed_since_last_run() }}
),

issues as (
    {%- for column in checked_columns %}
        {%- if not loop.first %}

            union all
        {%- endif %}

        select
            source_file,
            line_number,
            country_code,
            source_user_id,
            '{{ column }}' as column_name,
            {{ column }}_raw as raw_value,
            {{ column }}_issue as reason
        from loaded_users
        where {{ column }}_issue is not null
    {%- endfor %}
),

final as (
    select
        {{ generate_surrogate_key(['source_file', 'line_number', 'column_name']) }} as field_issue_key,
        *,
        {{ run_started_at_timestamp() }} as processed_at
    from issues
)

select * from final
