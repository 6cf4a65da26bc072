with hub_files as (
    select * from {{ source('hub', 'files') }}
),

named as (
    select
        {{ hub_relative_path('filename') }} as source_file,
        {{ dbt.split_part(hub_relative_path('filename'), "'/'", 1) }} as app_code,
        {{ regex_extract('filename', "'[^/]*$'") }} as file_name,
        size as size_bytes,
        last_modified as landed_at
    from hub_files
),

final as (
    select
        source_file,
        app_code,
        {{ country_attribute('country_code') }} as country_code,
        file_name,
        coalesce({{ hub_file_kind('file_name') }}, 'unrecognised') as file_kind,
        {{ delivery_date_from_path('source_file') }} as delivery_date,
        size_bytes,
        landed_at
    from named
)

select * from final
