{#- The country registry lives in dbt_project.yml (var `hub_countries`).
    These macros are the only readers of it: models never name a country. -#}

{% macro hub_countries() %}
    {#- Every registered country as a dict with its `app_code`, defaults
        filled in, checked by validate_hub_country before any model runs. -#}
    {%- set countries = [] -%}
    {%- for app_code, entry in var('hub_countries').items() | sort -%}
        {%- set country = {'app_code': app_code} -%}
        {%- do country.update(entry) -%}
        {%- do country.setdefault('user_id_pattern', '^[0-9]{1,18}$') -%}
        {%- do country.setdefault('postcode_pattern', '.+') -%}
        {%- do country.setdefault('postcode_format', {'pattern': '^(.*)$', 'replacement': '\\1'}) -%}
        {%- do country.setdefault('phone_trunk_prefix', '0') -%}
        {%- if country.logins is mapping -%}
            {%- do country.logins.setdefault('logged_in_at_time_zone', country.time_zone) -%}
        {%- endif -%}
        {%- do validate_hub_country(country) -%}
        {%- do countries.append(country) -%}
    {%- endfor -%}
    {{ return(countries) }}
{% endmacro %}


{% macro validate_hub_country(country) %}
    {#- A broken registry entry stops parsing with one line naming the
        country and the field, before any model runs. -#}
    {%- set required = [
        'country_code', 'time_zone', 'encoding', 'delimiter', 'phone_country_code',
        'postcode_area_pattern', 'users.file_pattern', 'logins.file_pattern',
    ] -%}
    {%- for entity, columns in hub_entity_columns().items() -%}
        {%- for column in columns -%}
            {%- do required.append(entity ~ '.columns.' ~ column) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for path in required + hub_timestamp_fields() -%}
        {%- if hub_registry_lookup(country, path) is none -%}
            {%- do hub_registry_error(country, path, 'missing') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for path in ['time_zone', 'logins.logged_in_at_time_zone'] -%}
        {%- if hub_registry_lookup(country, path) not in modules.pytz.all_timezones -%}
            {%- do hub_registry_error(country, path, "'" ~ hub_registry_lookup(country, path) ~ "' is not an IANA time zone") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for path in hub_timestamp_fields() -%}
        {%- set format = hub_registry_lookup(country, path) -%}
        {%- set unsupported = modules.re.findall('%[^' ~ hub_format_tokens() ~ ']', format) -%}
        {%- if format != 'epoch_seconds' and (unsupported or '%' not in format) -%}
            {%- do hub_registry_error(country, path, "'" ~ format ~ "' is not a supported format: use strptime tokens %" ~ (hub_format_tokens() | list | join(' %')) ~ ", or epoch_seconds") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if country.delimiter | length != 1 -%}
        {%- do hub_registry_error(country, 'delimiter', 'must be one character') -%}
    {%- endif -%}
    {#- The area is the start of the postcode: a pattern anchored at both
        ends could return the whole postcode into the pseudonymous marts. -#}
    {%- set area_pattern = country.postcode_area_pattern | string -%}
    {%- if not area_pattern.startswith('^') or area_pattern.endswith('$') -%}
        {%- do hub_registry_error(country, 'postcode_area_pattern', "'" ~ area_pattern ~ "' must match the start of a postcode only: begin with ^ and do not end with $") -%}
    {%- endif -%}
    {%- if not modules.re.fullmatch('[A-Z]{2}', country.country_code | string) -%}
        {%- do hub_registry_error(country, 'country_code', "'" ~ country.country_code ~ "' is not an ISO 3166-1 alpha-2 code") -%}
    {%- endif -%}
{% endmacro %}


{% macro hub_timestamp_fields() %}
    {#- Registry paths of every date and time format the shared SQL parses. -#}
    {{ return(['users.formats.date_of_birth', 'users.formats.signup_date', 'logins.formats.logged_in_at']) }}
{% endmacro %}


{% macro hub_format_tokens() %}
    {#- The strptime tokens the parsers are tested with (see unit tests). -#}
    {{ return('dmYHIMSp') }}
{% endmacro %}


{% macro hub_registry_error(country, path, problem) %}
    {{ exceptions.raise_compiler_error(
        "Country registry (vars.hub_countries in dbt_project.yml): country '" ~ country.app_code ~ "', field '" ~ path ~ "': " ~ problem ~ "."
    ) }}
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


{% macro by_country(rule, arguments) %}
    {#- `rule(*arguments)` applied with each country's own registry values:
        an argument written `registry:<path>` becomes that country's value
        as a SQL literal. Every branch is constant, so the engine compiles
        each pattern once rather than once per row. -#}
    {%- set branches = {} -%}
    {%- for country in hub_countries() -%}
        {%- set resolved = [] -%}
        {%- for argument in arguments -%}
            {%- if argument is string and argument.startswith('registry:') -%}
                {%- do resolved.append(sql_literal(hub_registry_lookup(country, argument[9:]))) -%}
            {%- else -%}
                {%- do resolved.append(argument) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do branches.update({country.app_code: rule(*resolved)}) -%}
    {%- endfor -%}
    {{ return(country_switch(branches)) }}
{% endmacro %}
