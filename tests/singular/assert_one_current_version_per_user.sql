-- Each user has exactly one current version in the history.
select
    user_key,
    count(*) as current_versions
from {{ ref('dim_users_history') }}
where is_current
group by user_key
having count(*) <> 1
