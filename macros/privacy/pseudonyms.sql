{#- Pseudonyms: a keyed hash of a person's natural key. Without the salt
    nobody can recompute one from a user id (an unsalted md5 such as
    user_key can be reversed by hashing every possible id). -#}

{% macro pseudonym_salt() %}
    {#- The secret salt as a SQL expression: the session variable that the
        dbt-duckdb plugin plugins/pseudonym_salt.py sets from the environment
        variable PSEUDONYM_SALT, so the secret never enters compiled SQL,
        target/ or logs/. The dev default is public (it is in this file):
        prod refuses to run without a secret, and reads the variable alone
        (a missing plugin gives null pseudonyms, which the not_null test
        stops, never the public salt). -#}
    {%- set dev_salt = 'user-login-hub-dev-salt-not-secret' -%}
    {%- if target.name == 'prod' -%}
        {%- if execute and env_var('PSEUDONYM_SALT', '') in (dev_salt, '') -%}
            {{ exceptions.raise_compiler_error(
                "The prod target needs a secret pseudonym salt: set the environment variable "
                ~ "PSEUDONYM_SALT (e.g. to the output of `openssl rand -hex 32`, from your secret store) and run again."
            ) }}
        {%- endif -%}
        {{ return(session_variable('pseudonym_salt')) }}
    {%- endif -%}
    {{ return('coalesce(' ~ session_variable('pseudonym_salt') ~ ', ' ~ sql_literal(dev_salt) ~ ')') }}
{% endmacro %}


{% macro check_pseudonym_salt() %}
    {#- on-run-start: a prod run with the public salt stops before any model
        is built, not halfway through. -#}
    {%- do pseudonym_salt() -%}
    {{ return('') }}
{% endmacro %}


{% macro user_pseudonym(country_code, user_id) %}
    {{ return(adapter.dispatch('user_pseudonym')(country_code, user_id)) }}
{% endmacro %}

{% macro default__user_pseudonym(country_code, user_id) -%}
    {#- sha256 of salt|country|id as 64 hex digits; the separators keep
        ('GB', '13') and ('GB1', '3') apart. -#}
    sha256({{ pseudonym_salt() }} || '|' || {{ country_code }} || '|' || {{ user_id }})
{%- endmacro %}

{% macro spark__user_pseudonym(country_code, user_id) -%}
    sha2({{ pseudonym_salt() }} || '|' || {{ country_code }} || '|' || {{ user_id }}, 256)
{%- endmacro %}
