{#- The country registry lives in dbt_project.yml (var `hub_countries`).
    These macros are the only readers of it: models never name a country. -#}

{% macro hub_countries() %}
    {#- Every registered country as a dict with its `app_code`, checked for
        the fields the shared SQL needs, defaults filled in. -#}
    {%- set required = {
        'country_code': none, 'time_zone': none, 'encoding': none,
        'delimiter': none, 'phone_country_code': none,
        'users.file_pattern': none, 'logins.file_pattern': none,
        'users.formats.date_of_birth': none, 'users.formats.signup_date': none,
        'logins.formats.logged_in_at': none,
    } -%}
    {%- set countries = [] -%}
    {%- for app_code, entry in var('hub_countries').items() | sort -%}
        {%- set country = {'app_code': app_code} -%}
        {%- do country.update(entry) -%}
        {%- for path in required -%}
            {%- if hub_registry_lookup(country, path) is none -%}
                {{ exceptions.raise_compiler_error(
                    "Country registry: country '" ~ app_code ~ "' has no '" ~ path ~ "' (dbt_project.yml, vars.hub_countries)."
                ) }}
            {%- endif -%}
        {%- endfor -%}
        {%- for entity, columns in hub_entity_columns().items() -%}
            {%- for column in columns -%}
                {%- if hub_registry_lookup(country, entity ~ '.columns.' ~ column) is none -%}
                    {{ exceptions.raise_compiler_error(
                        "Country registry: country '" ~ app_code ~ "' has no '" ~ entity ~ ".columns." ~ column ~ "' (the header name of its " ~ column ~ " column)."
                    ) }}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- do country.setdefault('user_id_pattern', '^[0-9]{1,18}$') -%}
        {%- do country.setdefault('postcode_pattern', '.+') -%}
        {%- do country.setdefault('postcode_format', {'pattern': '^(.*)$', 'replacement': '\\1'}) -%}
        {%- do country.setdefault('phone_trunk_prefix', '0') -%}
        {%- do country['logins'].setdefault('logged_in_at_time_zone', country.time_zone) -%}
        {%- do countries.append(country) -%}
    {%- endfor -%}
    {{ return(countries) }}
{% endmacro %}


{% macro hub_entity_columns() %}
    {#- The shared vocabulary: the columns every country maps its headers to. -#}
    {{ return({
        'users': ['user_id', 'first_name', 'last_name', 'email', 'date_of_birth', 'postcode', 'phone', 'signup_date'],
        'logins': ['user_id', 'logged_in_at'],
    }) }}
{% endmacro %}


{% macro hub_registry_lookup(country, path) %}
    {#- A dotted path ('users.formats.signup_date') into a registry entry, or none. -#}
    {%- set node = namespace(value=country) -%}
    {%- for key in path.split('.') -%}
        {%- if node.value is mapping and key in node.value -%}
            {%- set node.value = node.value[key] -%}
        {%- else -%}
            {%- set node.value = none -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(node.value) }}
{% endmacro %}


{% macro country_switch(expressions_by_app_code, app_code_column='app_code') %}
    {#- `case app_code when 'uk' then <sql> ... end`: how one shared model
        applies each country's own format to its rows. -#}
    case {{ app_code_column }}
    {%- for app_code, expression in expressions_by_app_code.items() %}
        when '{{ app_code }}' then {{ expression }}
    {%- endfor %}
    end
{% endmacro %}


{% macro country_attribute(path, app_code_column='app_code') %}
    {#- A registry value per row, as a SQL literal chosen by the row's country. -#}
    {%- set values = {} -%}
    {%- for country in hub_countries() -%}
        {%- do values.update({country.app_code: sql_literal(hub_registry_lookup(country, path))}) -%}
    {%- endfor -%}
    {{ return(country_switch(values, app_code_column)) }}
{% endmacro %}


{% macro sql_literal(value) %}
    {%- if value is none -%}
        {{ return('null') }}
    {%- else -%}
        {{ return("'" ~ (value | string | replace("'", "''")) ~ "'") }}
    {%- endif -%}
{% endmacro %}


{% macro registry_as_rows() %}
    {#- The registry as a relation, one row per country app. -#}
    {%- for country in hub_countries() %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select
        {{ sql_literal(country.app_code) }} as app_code,
        {{ sql_literal(country.country_code) }} as country_code,
        {{ sql_literal(country.time_zone) }} as time_zone,
        {{ sql_literal(country.phone_country_code) }} as phone_country_code,
        {{ sql_literal(country.encoding) }} as file_encoding,
        {{ sql_literal(country.delimiter) }} as file_delimiter
    {%- endfor %}
{% endmacro %}


{% macro quarantine_reasons() %}
    {#- The documented list (overview page, "Quarantine reasons"). -#}
    {{ return([
        'empty_line', 'unclosed_quote', 'wrong_field_count',
        'missing_user_id', 'invalid_user_id', 'missing_email', 'invalid_email',
        'missing_login_time', 'invalid_login_time', 'nonexistent_local_time',
        'unknown_user',
    ]) }}
{% endmacro %}


{% macro field_issue_reasons() %}
    {#- The documented list (overview page, "Field issue reasons"). -#}
    {{ return([
        'invalid_date', 'date_of_birth_in_future', 'date_of_birth_before_1900',
        'signup_date_in_future', 'invalid_phone', 'invalid_postcode',
    ]) }}
{% endmacro %}
