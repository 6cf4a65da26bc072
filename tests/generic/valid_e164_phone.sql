{% test valid_e164_phone(model, column_name) %}
-- Non-null values that are not E.164 (`+` and 8 to 15 digits).
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
    and not {{ is_valid_e164(column_name) }}
{% endtest %}
