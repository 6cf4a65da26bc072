{% macro field_issue_reasons() %}
    {#- Every reason an optional value is set to null (overview page). -#}
    {{ return([
        'invalid_date', 'date_of_birth_in_future', 'date_of_birth_before_1900',
        'signup_date_in_future', 'invalid_phone', 'invalid_postcode',
    ]) }}
{% endmacro %}
