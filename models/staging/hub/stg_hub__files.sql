with hub_files as (
    select * from {{ source('hub', 'files') }}
),

named as (
    select
        {{ hub_relative_path('filename') }} as source_file,
        regexp_extract(filename, '[^/]*$') as file_name,
        size as size_bytes,
        last_modified as landed_at
    from hub_files
),

final as (
    select
        source_file,
        split_part(source_file, '/', 1) as app_code,
        {{ country_attribute('country_code', "split_part(source_file, '/', 1)") }} as country_code,
        file_name,
        coalesce(
            {{ hub_file_kind('file_name', "split_part(source_file, '/', 1)") }},
            'unrecognised'
        ) as file_kind,
        {{ delivery_date_from_path('source_file') }} as delivery_date,
        size_bytes,
        landed_at
    from named
)

select * from final
