{% macro local_to_utc(local_timestamp, time_zone) %}
    {{ return(adapter.dispatch('local_to_utc')(local_timestamp, time_zone)) }}
{% endmacro %}

{% macro default__local_to_utc(local_timestamp, time_zone) -%}
    {#- The engine's reading of a wall-clock time; at a daylight-saving
        change int_login_minutes_resolved checks it rather than trusting it. -#}
    timezone('UTC', timezone({{ time_zone }}, {{ local_timestamp }}))
{%- endmacro %}

{% macro spark__local_to_utc(local_timestamp, time_zone) -%}
    to_utc_timestamp({{ local_timestamp }}, {{ time_zone }})
{%- endmacro %}
