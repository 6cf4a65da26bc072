-- The country apps that deliver to the Hub, described by the country
-- registry and named by the ISO 3166-1 reference seed.
with iso_countries as (
    select * from {{ ref('iso_3166_countries') }}
),

registered_apps as (
    select * from {{ ref('base_hub__countries') }}
),

final as (
    select
        registered_apps.country_code,
        iso_countries.country_name,
        iso_countries.alpha3_code,
        registered_apps.app_code,
        registered_apps.time_zone,
        registered_apps.phone_country_code,
        registered_apps.file_encoding,
        registered_apps.file_delimiter
    from registered_apps
    left join iso_countries
        on registered_apps.country_code = iso_countries.country_code
)

select * from final
