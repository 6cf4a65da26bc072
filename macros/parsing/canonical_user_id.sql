{% macro canonical_user_id(user_id, is_integer) -%}
    {#- The id as the app means it: an integer id without leading zeros
        (`007` and `7` are one person); any other form as written. -#}
    {%- if is_integer -%}
        case
            when {{ regex_full_match(user_id, "'[0-9]{1,18}'") }} then cast(cast({{ user_id }} as bigint) as {{ dbt.type_string() }})
            else {{ user_id }}
        end
    {%- else -%}
        {{ user_id }}
    {%- endif -%}
{%- endmacro %}
