{% macro quarantine_reasons() %}
    {#- Every reason a line is quarantined for, in the order the rules are
        checked (the overview page lists them with what each means). -#}
    {{ return([
        'line_too_long', 'empty_line', 'control_character', 'unclosed_quote', 'stray_quote',
        'wrong_field_count', 'missing_user_id', 'invalid_user_id', 'missing_email', 'invalid_email',
        'missing_login_time', 'invalid_login_time', 'nonexistent_local_time', 'unknown_user',
    ]) }}
{% endmacro %}
