-- One row per file in the Hub's country folders, as listed at the start of
-- this run: which country app and kind of delivery it is (by the registry's
-- file-name patterns, in any letter case), its delivery date (from its
-- name), size, landing time, and whether it is complete. Files that land
-- after this listing wait for the next run.
with hub_files as (
    select
        filename,
        size,
        last_modified
    from {{ source('hub', 'files') }}
),

countries as (
    select * from {{ ref('base_hub__countries') }}
),

named as (
    select
        filename as file_path,
        -- Paths are relative to the Hub (`fr/FR User Data.csv`), however
        -- hub_dir was written.
        regexp_extract(filename, '[^/]+/[^/]+$', 0) as source_file,
        regexp_extract(filename, '[^/]+$', 0) as file_name,
        size as size_bytes,
        last_modified as landed_at
    from hub_files
),

final as (
    select
        named.source_file,
        named.file_path,
        {{ dbt.split_part('named.source_file', "'/'", 1) }} as app_code,
        countries.country_code,
        named.file_name,
        case
            when lower(named.file_name) like countries.users_file_like escape {{ sql_literal('\\') }} then 'users'
            when lower(named.file_name) like countries.logins_file_like escape {{ sql_literal('\\') }} then 'logins'
            else 'unrecognised'
        end as file_kind,
        {{ delivery_date_from_file_name('named.file_name') }} as delivery_date,
        named.size_bytes,
        named.landed_at,
        -- A file arrives by copy: it is complete once it has not changed for
        -- hub_settle_seconds (check_hub names those that are not, and they
        -- wait for the next run).
        named.landed_at <= {{ dbt.dateadd('second', -var('hub_settle_seconds'), instant_literal(run_started_at)) }}
            as is_complete
    from named
    left join countries
        on {{ dbt.split_part('named.source_file', "'/'", 1) }} = countries.app_code
)

select * from final
