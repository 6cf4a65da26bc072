{% test valid_email(model, column_name) %}
-- Non-null values that are not a plausible e-mail address (the same rule
-- that quarantines delivered lines: macro is_valid_email).
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
    and not {{ is_valid_email(column_name) }}
{% endtest %}
