{% macro hub_dir() %}
    {#- The `hub_dir` variable as given, without a trailing slash (for messages). -#}
    {{ return((var('hub_dir') | string | trim).rstrip('/')) }}
{% endmacro %}
