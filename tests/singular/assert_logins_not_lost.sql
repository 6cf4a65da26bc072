-- Every loaded login line is represented in fct_logins (duplicates of one
-- login collapse into one row, but none disappears), except the lines of a
-- person erased on request, which no longer name anyone. Like the generic
-- tests, it checks the lines judged since the published build, so a new
-- delivery pays for its own lines; a full refresh checks every line.
select
    logins.source_file,
    logins.line_number
from {{ ref('int_logins_validated') }} as logins
left join {{ ref('fct_logins') }} as facts
    on
        logins.country_code = facts.country_code
        and logins.source_user_id = facts.source_user_id
        and logins.logged_in_at_utc = facts.logged_in_at_utc
where
    logins.line_status = 'loaded'
    and logins.source_user_id is not null
    and logins.processed_at > {{ last_publication_sql() }}
    and facts.login_key is null
