-- Every loaded login line is represented in fct_logins (duplicates of one
-- login collapse into one row, but none disappears), except the lines of a
-- person erased on request, which no longer name anyone. Like the generic
-- tests, it checks the lines judged since the published build, so a new
-- delivery pays for its own lines; a full refresh checks every line.
with judged_lines as (
    select
        source_file,
        line_number,
        country_code,
        source_user_id,
        logged_in_at_utc
    from {{ ref('int_logins_validated') }}
    where
        line_status = 'loaded'
        and source_user_id is not null
        and processed_at > {{ last_publication_sql() }}
)

-- The judged lines on the right: DuckDB builds its join over them (a day's
-- lines), not over the whole of fct_logins (1.5 s -> 0.04 s at 10M logins).
select
    judged_lines.source_file,
    judged_lines.line_number
from {{ ref('fct_logins') }} as facts
right join judged_lines  -- noqa: CV08
    on
        facts.country_code = judged_lines.country_code
        and facts.source_user_id = judged_lines.source_user_id
        and facts.logged_in_at_utc = judged_lines.logged_in_at_utc
where facts.login_key is null
