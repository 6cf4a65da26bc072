{% macro known_time_zone_names() %}
    {{ return(adapter.dispatch('known_time_zone_names')()) }}
{% endmacro %}

{% macro default__known_time_zone_names() -%}
    {#- A subquery of the IANA zone names the engine can convert with. -#}
    select name from pg_timezone_names()
{%- endmacro %}

{% macro spark__known_time_zone_names() -%}
    {#- Spark has no table of zones; it converts with Java's, whose IANA
        names are those of the tz database (pytz's list, at compile time). -#}
    select * from values
    {%- for name in modules.pytz.all_timezones %}
        ({{ sql_literal(name) }}){{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
