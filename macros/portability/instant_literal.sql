{% macro instant_literal(moment) %}
    {{ return(adapter.dispatch('instant_literal')(moment)) }}
{% endmacro %}

{% macro default__instant_literal(moment) -%}
    {#- A time-zone-aware Python datetime (run_started_at) as a literal of
        the engine's time-zone-aware timestamp, comparable with file times. -#}
    timestamptz '{{ moment.isoformat() }}'
{%- endmacro %}

{% macro spark__instant_literal(moment) -%}
    {#- Spark's timestamp is an instant (shown in the session's zone). -#}
    timestamp '{{ moment.isoformat() }}'
{%- endmacro %}
