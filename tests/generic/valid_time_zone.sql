{% test valid_time_zone(model, column_name) %}
-- Values that are not an IANA time zone the engine knows.
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
    and {{ column_name }} not in ({{ known_time_zone_names() }})
{% endtest %}
