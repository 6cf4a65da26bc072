-- The country registry (vars.hub_countries in dbt_project.yml) as a
-- relation, one row per country app: what the Hub's reader and inventory
-- need to know about each country, for plain SQL to join to.
{%- for country in hub_countries() %}
{%- set headers = {'users': [], 'logins': []} %}
{%- for entity, names in headers.items() %}
    {%- for name in country[entity].columns.values() %}{% do names.append(sql_literal(name)) %}{% endfor %}
{%- endfor %}
{%- if not loop.first %}

union all
{% endif %}

select
    {{ sql_literal(country.app_code) }} as app_code,
    {{ sql_literal(country.country_code) }} as country_code,
    {{ sql_literal(country.time_zone) }} as time_zone,
    {{ sql_literal(country.phone_country_code) }} as phone_country_code,
    {{ sql_literal(country.encoding | lower) }} as file_encoding,
    {{ sql_literal(country.delimiter) }} as file_delimiter,
    {{ sql_literal(glob_to_like(country.users.file_pattern)) }} as users_file_like,
    {{ sql_literal(glob_to_like(country.logins.file_pattern)) }} as logins_file_like,
    {{ dbt.array_construct(headers.users, dbt.type_string()) }} as users_header,
    {{ dbt.array_construct(headers.logins, dbt.type_string()) }} as logins_header
{%- endfor %}
