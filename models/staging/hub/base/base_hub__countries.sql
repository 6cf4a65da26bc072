-- The country registry (vars.hub_countries in dbt_project.yml) as a
-- relation, one row per country app: what the Hub's inventory and reader,
-- and dim_countries, need to know about each country.
with registered_apps as (
    select registry.*
    from (
        values
        {%- for country in hub_countries() %}
            {#- Each header's column names as literals, for a list both
                engines read (Spark has no `[...]` list literal). #}
            {%- set headers = {'users': [], 'logins': []} %}
            {%- for entity, names in headers.items() %}
                {%- for name in country[entity].columns.values() %}{% do names.append(sql_literal(name)) %}{% endfor %}
            {%- endfor %}
            (
                {{ sql_literal(country.app_code) }},
                {{ sql_literal(country.country_code) }},
                {{ sql_literal(country.time_zone) }},
                {{ sql_literal(country.phone_country_code) }},
                {{ sql_literal(country.encoding | lower) }},
                {{ sql_literal(country.delimiter) }},
                {{ sql_literal(glob_to_like(country.users.file_pattern)) }},
                {{ sql_literal(glob_to_like(country.logins.file_pattern)) }},
                {{ dbt.array_construct(headers.users, dbt.type_string()) }},
                {{ dbt.array_construct(headers.logins, dbt.type_string()) }}
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
