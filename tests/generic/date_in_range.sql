{% test date_in_range(model, column_name, min_date, max_date=none) %}
-- Dates before min_date or after max_date (default: today).
select {{ column_name }}
from {{ model }}
where {{ column_name }} < cast('{{ min_date }}' as date)
    or {{ column_name }} > {{ "cast('" ~ max_date ~ "' as date)" if max_date else 'current_date' }}
{% endtest %}
