{% macro epoch_seconds(instant) %}
    {{ return(adapter.dispatch('epoch_seconds')(instant)) }}
{% endmacro %}

{% macro default__epoch_seconds(instant) -%}
    {#- Seconds since 1970-01-01 00:00 UTC, with their fraction. -#}
    epoch({{ instant }})
{%- endmacro %}

{% macro spark__epoch_seconds(instant) -%}
    unix_micros({{ instant }}) / 1000000.0
{%- endmacro %}
