{% macro known_time_zone_names() %}
    {{ return(adapter.dispatch('known_time_zone_names')()) }}
{% endmacro %}

{% macro default__known_time_zone_names() -%}
    {#- A subquery of the IANA zone names the engine can convert with. -#}
    select name from pg_timezone_names()
{%- endmacro %}
