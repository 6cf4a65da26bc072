{#- Pseudonyms: a keyed hash of a person's natural key. Without the salt
    nobody can recompute one from a user id (an unsalted md5 such as
    user_key can be reversed by hashing every possible id). -#}

{% macro pseudonym_salt() %}
    {#- The secret salt, from the environment. The default is public (it is
        in this file), so it is refused in prod. The salt ends up in compiled
        SQL, hence no docs site compiled from prod either. -#}
    {%- set dev_salt = 'user-login-hub-dev-salt-not-secret' -%}
    {%- set salt = env_var('PSEUDONYM_SALT', dev_salt) -%}
    {%- if execute and target.name == 'prod' -%}
        {%- if salt in (dev_salt, '') -%}
            {{ exceptions.raise_compiler_error(
                "The prod target needs a secret pseudonym salt: set the environment variable "
                ~ "PSEUDONYM_SALT (e.g. to the output of `openssl rand -hex 32`, from your secret store) and run again."
            ) }}
        {%- endif -%}
        {%- if flags.WHICH == 'generate' -%}
            {{ exceptions.raise_compiler_error(
                "A docs site compiled from the prod target would publish the pseudonym salt in compiled SQL: "
                ~ "use `dbt docs generate --no-compile`, or the dev target."
            ) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(salt) }}
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
    sha256({{ sql_literal(pseudonym_salt()) }} || '|' || {{ country_code }} || '|' || {{ user_id }})
{%- endmacro %}
