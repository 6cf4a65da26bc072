{#- Coarser versions of quasi-identifiers, for the pseudonymous marts: a
    band instead of a date of birth, an area instead of a postcode. -#}

{% macro age_bands() %}
    {#- (label, youngest age in the band), youngest band first. -#}
    {{ return([
        ('under 18', 0), ('18-24', 18), ('25-34', 25), ('35-44', 35),
        ('45-54', 45), ('55-64', 55), ('65+', 65),
    ]) }}
{% endmacro %}


{% macro age_band_labels() %}
    {#- The labels alone, for the accepted_values test. -#}
    {%- set labels = [] -%}
    {%- for label, youngest in age_bands() -%}
        {%- do labels.append(label) -%}
    {%- endfor -%}
    {{ return(labels) }}
{% endmacro %}


{% macro age_in_years(date_of_birth, on_date) -%}
    {#- Completed years on `on_date`: one less before the birthday. Someone
        born on 29 February is a year older from 1 March in other years. -#}
    (
        extract(year from {{ on_date }}) - extract(year from {{ date_of_birth }})
        - case
            when extract(month from {{ on_date }}) * 100 + extract(day from {{ on_date }})
                < extract(month from {{ date_of_birth }}) * 100 + extract(day from {{ date_of_birth }})
                then 1
            else 0
        end
    )
{%- endmacro %}


{% macro age_band(age) -%}
    {#- The band of an age in years; null when the age is unknown or negative
        (a birth date after the reference date). -#}
    case
        {%- for label, youngest in age_bands() | reverse %}
        when {{ age }} >= {{ youngest }} then '{{ label }}'
        {%- endfor %}
    end
{%- endmacro %}

