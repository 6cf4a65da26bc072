{% macro hub_glob(pattern) %}
    {#- The SQL literal of `<hub_dir>/<pattern>` for DuckDB's glob and
        read_blob: the folder is data, so its glob characters are escaped
        (`[` `*` `?` each become a one-character class) and it is quoted;
        only `pattern` (e.g. `*/*`) globs. The same escaping as the source
        hub.files (_hub__sources.yml), which YAML writes out itself. -#}
    {%- set folder = (var('hub_dir') | string | trim).rstrip('/') -%}
    {{ return(sql_literal(folder | replace('[', '[[]') | replace('*', '[*]') | replace('?', '[?]') ~ '/' ~ pattern)) }}
{% endmacro %}
