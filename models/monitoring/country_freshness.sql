-- One row per registered country: when its app last delivered (read live
-- from the Hub when queried) and whether that is longer ago than its
-- threshold (var delivery_freshness_days: a default, or per app code).
{%- set thresholds = var('delivery_freshness_days') %}
{%- set overrides = thresholds.items() | rejectattr(0, 'equalto', 'default') | list %}

with countries as (
    select * from {{ ref('dim_countries') }}
),

hub_files as (
    select * from {{ source('hub', 'files') }}
),

deliveries as (
    select
        split_part(regexp_extract(filename, '[^/]+/[^/]+$', 0), '/', 1) as app_code,
        count(*) as files_delivered,
        max(cast(last_modified as {{ dbt.type_timestamp() }})) as last_delivery_at
    from hub_files
    group by 1
),

with_thresholds as (
    select
        countries.country_code,
        countries.app_code,
        coalesce(deliveries.files_delivered, 0) as files_delivered,
        deliveries.last_delivery_at,
        {{ dbt.datediff('deliveries.last_delivery_at', dbt.current_timestamp(), 'hour') }} / 24.0 as days_since_last_delivery,
        {% if overrides -%}
            case countries.app_code
                {%- for app_code, days in overrides %}
                    when {{ sql_literal(app_code) }} then {{ days }}
                {%- endfor %}
                else {{ thresholds['default'] }}
            end
        {%- else -%}
            {{ thresholds['default'] }}
        {%- endif %} as freshness_threshold_days
    from countries
    left join deliveries
        on countries.app_code = deliveries.app_code
),

final as (
    select
        *,
        coalesce(days_since_last_delivery > freshness_threshold_days, true) as is_stale
    from with_thresholds
)

select * from final
