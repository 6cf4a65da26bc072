-- The country registry (vars.hub_countries in dbt_project.yml) as a
-- relation, one row per country app: what the Hub's inventory and reader,
-- and dim_countries, need to know about each country.
with registered_apps as (
    select registry.*
    from (
        values
        {%- for country in hub_countries() %}
            (
                {{ sql_literal(country.app_code) }},
                {{ sql_literal(country.country_code) }},
                {{ sql_literal(country.time_zone) }},
                {{ sql_literal(country.phone_country_code) }},
                {{ sql_literal(country.encoding | lower) }},
                {{ sql_literal(country.delimiter) }},
                {{ sql_literal(glob_to_like(country.users.file_pattern)) }},
                {{ sql_literal(glob_to_like(country.logins.file_pattern)) }},
                [{% for name in country.users.columns.values() %}{{ sql_literal(name) }}{{ ', ' if not loop.last }}{% endfor %}],
                [{% for name in country.logins.columns.values() %}{{ sql_literal(name) }}{{ ', ' if not loop.last }}{% endfor %}]
            ){{ ',' if not loop.last }}
        {%- endfor %}
    ) as registry (
        app_code,
        country_code,
        time_zone,
        phone_country_code,
        file_encoding,
        file_delimiter,
        users_file_like,
        logins_file_like,
        users_header,
        logins_header
    )
)

select * from registered_apps
