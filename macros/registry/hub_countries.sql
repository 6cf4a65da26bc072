{#- The country registry lives in dbt_project.yml (var `hub_countries`).
    These macros read it. Only the Hub's readers (base_hub__countries,
    base_hub__line_fields) and the two field models (stg_hub__user_fields,
    stg_hub__login_fields) use them: everything downstream is plain SQL
    over named columns. -#}

{% macro hub_countries() %}
    {#- Every registered country as a dict with its `app_code`, defaults
        filled in, checked by validate_hub_country before any model runs. -#}
    {%- set countries = [] -%}
    {%- for app_code, entry in var('hub_countries').items() | sort -%}
        {%- set country = {'app_code': app_code} -%}
        {%- do country.update(entry) -%}
        {%- do country.setdefault('user_id_pattern', none) -%}
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
    {%- if country.encoding | lower not in hub_encodings() -%}
        {%- do hub_registry_error(country, 'encoding', "'" ~ country.encoding ~ "' is not a supported encoding: use one of "
            ~ hub_encodings().keys() | join(', ')) -%}
    {%- endif -%}
    {%- for path in hub_timestamp_fields() -%}
        {%- set format = hub_registry_lookup(country, path) -%}
        {%- set unsupported = modules.re.findall('%[^' ~ hub_format_tokens() ~ ']', format) -%}
        {%- if format != 'epoch_seconds' and (unsupported or '%' not in format) -%}
            {%- do hub_registry_error(country, path, "'" ~ format ~ "' is not a supported format: use strptime tokens %" ~ (hub_format_tokens() | list | join(' %')) ~ ", or epoch_seconds") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if country.delimiter | length != 1 or country.delimiter in '"\r\n' -%}
        {%- do hub_registry_error(country, 'delimiter', 'must be one character, not a quote or a line break') -%}
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
    {#- Registry paths of every date and time format the field models parse. -#}
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
