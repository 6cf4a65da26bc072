"""The semantic layer, asked as another team asks it: every metric from
`mf query` equals a plain SQL computation of its definition over the
published marts, and values counted by hand in the sample Hub's files; an
erased person's logins count in the pseudonymous metrics, which reach no
identity. One sample build (with one erasure request) serves every test."""
import csv
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DBT, PROJECT, SAMPLE_HUB, Build, mart

MF = str(Path(DBT).with_name("mf"))
ERASED = ("GB", "3")  # George Taylor: 5 logins in uk/UK-User-LoginTS.csv, lines 4, 32, 60, 88, 116
DEV_SALT = "user-login-hub-dev-salt-not-secret"
DOCS = (PROJECT / "docs" / "metrics.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Build:
    """The sample Hub, built once, with GB user 3 erased on request. mf
    reads <project>/target/semantic_manifest.json: the build writes its
    target folder into a folder of its own that mf takes as the project
    (it holds dbt_project.yml, as a link)."""
    workdir = tmp_path_factory.mktemp("metrics")
    hub = workdir / "hub"
    shutil.copytree(SAMPLE_HUB, hub)
    (hub / "erasure_requests.csv").write_text(
        "country_code,user_id,requested_on\n" + ",".join(ERASED) + ",2025-03-01\n")
    (workdir / "dbt_project.yml").symlink_to(PROJECT / "dbt_project.yml")
    build = Build(hub, workdir)
    result = build.run("build")
    assert result.returncode == 0, result.stdout[-5000:]
    assert "Erasure: 1 person(s) listed in" in result.stdout
    return build


def mf(build: Build, *args: str) -> str:
    result = subprocess.run([MF, *args], cwd=build.database.parent, capture_output=True, text=True,
                            env={**build.env(), "DBT_PROJECT_DIR": str(build.database.parent)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def mf_query(build: Build, *args: str) -> list[dict]:
    """`mf query <args>`, its rows as dicts of text ('' for null)."""
    path = build.database.parent / "mf_query.csv"
    mf(build, "query", *args, "--csv", str(path))
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def by_key(rows: list[dict], metric: str, keys: list[str]) -> dict:
    """{(key values...): value} of one metric, rows without a value left out.
    Times as their date; numbers rounded (SQL and mf divide differently)."""
    def text(value):
        return value[:10] if re.match(r"\d{4}-\d\d-\d\d[ T]", value) else value or None
    return {tuple(text(row[key]) for key in keys): round(float(row[metric]), 6)
            for row in rows if row[metric] != ""}


def expected(build: Build, sql: str) -> dict:
    """{(key values...): value} from SQL whose last column is the value."""
    return {tuple(None if v is None else str(v) for v in row[:-1]): round(float(row[-1]), 6)
            for row in build.query(sql) if row[-1] is not None}


def pseudonym(country_code: str, user_id: str) -> str:
    """Written here from the definition (README, Privacy), not read from the macro."""
    return hashlib.sha256(f"{DEV_SALT}|{country_code}|{user_id}".encode()).hexdigest()


# --- Active users and logins, UTC and local -----------------------------------

# Days from 1 December 2024 (the first UTC day with a login) to 30 November
# 2025, a month after the last login: every day of a 30-day window.
DAYS = ("2024-12-01", "2025-11-30")
PERIOD = {"day": "daily", "week": "weekly", "month": "monthly"}
UTC_DAY_METRICS = ["logins", "daily_active_users", "users_active_in_last_30_days", "users_ever_active",
                   "users_with_no_login_in_30_days", "stickiness"]


@pytest.fixture(scope="module")
def per_utc_day(build):
    """The metrics by UTC day (metric_time) and country, from mf and from SQL."""
    found = mf_query(build, "--metrics", ",".join(UTC_DAY_METRICS),
                     "--group-by", "metric_time__day,user__country_code",
                     "--start-time", DAYS[0], "--end-time", DAYS[1])
    # For each day and country: logins that day, and people by when they
    # logged in relative to it. Days on which a count is 0 have no mf row.
    sql = f"""
        with logins as (
            select country_code, user_key, cast(logged_in_at_utc as date) as login_date
            from {mart('fct_logins')}
        ),
        days as (
            select cast(range as date) as day
            from range(date '{DAYS[0]}', date '{DAYS[1]}' + 1, interval 1 day)
        ),
        counted as (
            select
                days.day,
                logins.country_code,
                count(*) filter (where logins.login_date = days.day) as logins,
                count(distinct logins.user_key) filter (where logins.login_date = days.day) as daily,
                count(distinct logins.user_key) filter (where logins.login_date > days.day - 30) as last_30_days,
                count(distinct logins.user_key) as ever
            from days
            inner join logins on logins.login_date <= days.day
            group by all
        )
        select * from counted"""
    rows = build.query(sql)
    columns = {
        "logins": lambda r: r["logins"] or None,
        "daily_active_users": lambda r: r["daily"] or None,
        "users_active_in_last_30_days": lambda r: r["last_30_days"] or None,
        "users_ever_active": lambda r: r["ever"],
        "users_with_no_login_in_30_days": lambda r: r["ever"] - r["last_30_days"],
        "stickiness": lambda r: r["daily"] / r["last_30_days"] if r["last_30_days"] else None,
    }
    names = ["day", "country_code", "logins", "daily", "last_30_days", "ever"]
    computed = {metric: {} for metric in columns}
    for row in (dict(zip(names, values)) for values in rows):
        for metric, value in columns.items():
            if value(row) is not None:
                computed[metric][(str(row["day"]), row["country_code"])] = round(value(row), 6)
    return found, computed


@pytest.mark.parametrize("metric", UTC_DAY_METRICS)
def test_metric_by_utc_day_and_country_equals_its_definition(per_utc_day, metric):
    found, computed = per_utc_day
    assert by_key(found, metric, ["metric_time__day", "user__country_code"]) == computed[metric]


def test_utc_day_metrics_match_hand_counts(per_utc_day):
    found, _ = per_utc_day
    value = lambda metric, day, country: by_key(found, metric, ["metric_time__day", "user__country_code"])[
        (day, country)]
    # uk/UK-User-LoginTS.csv on 2025-01-15: users 3, 7, 10 and 13 (and the
    # invalid id `abc`); user 3 is erased.
    assert value("daily_active_users", "2025-01-15", "GB") == 3
    # 29 UK people have logged in (users 1-30 but 6 and 17, whose user lines
    # are quarantined, and the late user 31); 28 once user 3 is erased. In the
    # 30 days to 1 March (31 January to 1 March) only users 1, 4, 25 and 28
    # logged in, all on 31 January.
    assert value("users_ever_active", "2025-03-01", "GB") == 28
    assert value("users_with_no_login_in_30_days", "2025-03-01", "GB") == 24
    # FR user 1 logged in at 00:00:00 on 1 January 2025, Paris time: 23:00
    # UTC on 31 December; user 5 at 01:47:01 Paris, 00:47 UTC on 1 January.
    assert value("daily_active_users", "2024-12-31", "FR") == 1
    assert value("daily_active_users", "2025-01-01", "FR") == 1


@pytest.mark.parametrize("grain", ["day", "week", "month"])
def test_active_users_and_logins_by_local_period_equal_their_definition(build, grain):
    metric = f"{PERIOD[grain]}_active_users"
    period = f"login__logged_in_at_local__{grain}"
    found = mf_query(build, "--metrics", f"{metric},logins", "--group-by", f"{period},user__country_code")
    truncated = f"cast(date_trunc('{grain}', logged_in_at_local) as date)"
    people = expected(build, f"select {truncated}, country_code, count(distinct user_key)"
                             f" from {mart('fct_logins')} group by all")
    logins = expected(build, f"select {truncated}, country_code, count(*) from {mart('fct_logins')} group by all")
    assert by_key(found, metric, [period, "user__country_code"]) == people
    assert by_key(found, "logins", [period, "user__country_code"]) == logins
    if grain == "day":
        # FR users 1 (00:00:00) and 5 (01:47:01) on 1 January 2025, Paris time.
        assert people[("2025-01-01", "FR")] == 2
    if grain == "month":
        # The analysis monthly_active_share (not a metric) counts its active
        # people as this metric does.
        compiled = build.run("compile", "--select", "monthly_active_share")
        assert compiled.returncode == 0, compiled.stdout[-3000:]
        sql = (build.target / "compiled" / "user_login_hub" / "analyses" / "monthly_active_share.sql").read_text()
        assert {(str(month), country): float(active) for country, month, _, active, _ in build.query(sql)} == people


def test_monthly_active_users_and_new_users_by_utc_month_equal_their_definition(build):
    found = mf_query(build, "--metrics", "monthly_active_users,new_users",
                     "--group-by", "metric_time__month,user__country_code")
    keys = ["metric_time__month", "user__country_code"]
    assert by_key(found, "monthly_active_users", keys) == expected(build, f"""
        select cast(date_trunc('month', logged_in_at_utc) as date), country_code, count(distinct user_key)
        from {mart('fct_logins')} group by all""")
    # An unknown sign-up day counts under an empty month.
    assert by_key(found, "new_users", keys) == expected(build, f"""
        select cast(date_trunc('month', signup_date) as date), country_code, count(*)
        from {mart('dim_users')} group by all""")
    # Hand counts, uk/UK User Data*.csv: 28 UK people logged in in January 2025
    # (above; user 3 erased). Signed up in January 2024: users 12 and 24.
    assert by_key(found, "monthly_active_users", keys)[("2025-01-01", "GB")] == 28
    assert by_key(found, "new_users", keys)[("2024-01-01", "GB")] == 2


def test_weekly_engagement_saved_queries_equal_their_definition(build):
    week = "cast(date_trunc('week', logins.logged_in_at_utc) as date)"
    keys = ["metric_time__week", "user__country_code"]
    found = mf_query(build, "--saved-query", "weekly_engagement")
    assert by_key(found, "weekly_active_users", keys) == expected(build, f"""
        select {week}, logins.country_code, count(distinct logins.user_key)
        from {mart('fct_logins')} as logins group by all""")
    assert by_key(found, "logins", keys) == expected(build, f"""
        select {week}, logins.country_code, count(*) from {mart('fct_logins')} as logins group by all""")

    cohorts = mf_query(build, "--saved-query", "weekly_engagement_by_signup_cohort")
    keys = ["metric_time__week", "user__country_code", "user__signup_date__month"]
    assert by_key(cohorts, "weekly_active_users", keys) == expected(build, f"""
        select {week}, logins.country_code, cast(date_trunc('month', users.signup_date) as date),
            count(distinct logins.user_key)
        from {mart('fct_logins')} as logins
        inner join {mart('dim_users')} as users on logins.user_key = users.user_key
        group by all""")

    per_person = mf_query(build, "--saved-query", "logins_per_user_per_week")
    assert by_key(per_person, "logins", ["user", "metric_time__week", "user__country_code"]) == expected(
        build, f"""select logins.user_key, {week}, logins.country_code, count(*)
                   from {mart('fct_logins')} as logins group by all""")


# --- Data quality ---------------------------------------------------------------

def test_quarantined_login_share_per_file_and_country_equals_its_definition(build):
    found = mf_query(build, "--metrics", "quarantined_login_share,lines_read,lines_quarantined",
                     "--group-by", "file,file__country_code")
    keys = ["file", "file__country_code"]
    reconciliation = mart("file_reconciliation")
    assert by_key(found, "quarantined_login_share", keys) == expected(build, f"""
        select source_file, country_code, rows_quarantined / rows_read from {reconciliation}
        where file_kind = 'logins' and rows_read > 0""")
    assert by_key(found, "lines_read", keys) == expected(
        build, f"select source_file, country_code, rows_read from {reconciliation}")
    assert by_key(found, "lines_quarantined", keys) == expected(
        build, f"select source_file, country_code, rows_quarantined from {reconciliation}")
    # fr/FR-User-LoginTS.csv: 54 lines; quarantined: users 42 and 6 (unknown),
    # 32/01, 2025-01-18 (invalid times), Z, the empty id, the extra field.
    assert by_key(found, "quarantined_login_share", keys)[("fr/FR-User-LoginTS.csv", "FR")] == round(7 / 54, 6)


# --- The pseudonymous metrics and the erased person --------------------------

PSEUDONYMOUS = ["pseudonymous_logins", "pseudonymous_daily_active_users", "pseudonymous_weekly_active_users",
                "pseudonymous_monthly_active_users", "pseudonymous_new_users"]


PSEUDONYMOUS_GROUPS = ["pseudonymous_user__country_code", "pseudonymous_user__age_band_at_signup",
                       "pseudonymous_user__postcode_area"]
# The period grouped by: (mf's name, the pseudonymous_logins column, grain).
PSEUDONYMOUS_PERIODS = [("metric_time__day", "logged_in_at_utc", "day"),
                        ("metric_time__week", "logged_in_at_utc", "week"),
                        ("metric_time__month", "logged_in_at_utc", "month"),
                        ("pseudonymous_login__logged_in_at_local__day", "logged_in_at_local", "day")]


@pytest.fixture(scope="module")
def pseudonymous(build):
    """The pseudonymous metrics by each period, country, age band and
    postcode area; new users with the UTC months (their sign-up month)."""
    found = {}
    for period, _, grain in PSEUDONYMOUS_PERIODS:
        metrics = [f"pseudonymous_{PERIOD[grain]}_active_users", "pseudonymous_logins"]
        if period == "metric_time__month":
            metrics.append("pseudonymous_new_users")
        found[period] = mf_query(build, "--metrics", ",".join(metrics),
                                 "--group-by", ",".join([period, *PSEUDONYMOUS_GROUPS]))
    return found


def pseudonymous_total(pseudonymous, period: str, metric: str, day: str, country: str) -> float:
    """A country's value, added up over age bands and postcode areas (a
    person is in one of each, so distinct people add up too)."""
    return sum(value for key, value in by_key(pseudonymous[period], metric, [period, *PSEUDONYMOUS_GROUPS]).items()
               if key[:2] == (day, country))


@pytest.mark.parametrize("period, column, grain", PSEUDONYMOUS_PERIODS, ids=[p[0] for p in PSEUDONYMOUS_PERIODS])
def test_pseudonymous_metrics_equal_their_definition(build, pseudonymous, period, column, grain):
    keys = [period, *PSEUDONYMOUS_GROUPS]
    sql = """
        select cast(date_trunc('{grain}', logins.{column}) as date), users.country_code,
            users.age_band_at_signup, users.postcode_area, {count}
        from {logins} as logins
        inner join {users} as users on logins.user_pseudonym = users.user_pseudonym
        group by all"""
    for metric, count in [(f"pseudonymous_{PERIOD[grain]}_active_users", "count(distinct logins.user_pseudonym)"),
                          ("pseudonymous_logins", "count(*)")]:
        assert by_key(pseudonymous[period], metric, keys) == expected(build, sql.format(
            grain=grain, column=column, count=count, logins=mart("pseudonymous_logins"),
            users=mart("pseudonymous_users"))), metric
    if period == "metric_time__month":
        assert by_key(pseudonymous[period], "pseudonymous_new_users", keys) == expected(build, f"""
            select signup_month, country_code, age_band_at_signup, postcode_area, count(*)
            from {mart('pseudonymous_users')} group by all""")


def test_an_erased_persons_logins_count_in_the_pseudonymous_metrics_only(build, pseudonymous, per_utc_day):
    per_person = by_key(mf_query(build, "--metrics", "pseudonymous_logins", "--group-by", "pseudonymous_user"),
                        "pseudonymous_logins", ["pseudonymous_user"])
    assert per_person[(pseudonym(*ERASED),)] == 5  # counted by hand above
    # The hand counts above, with UK user 3: on 15 January users 3, 7, 10
    # and 13; in January 29 people.
    assert pseudonymous_total(pseudonymous, "metric_time__day", "pseudonymous_daily_active_users",
                              "2025-01-15", "GB") == 4
    assert pseudonymous_total(pseudonymous, "metric_time__month", "pseudonymous_monthly_active_users",
                              "2025-01-01", "GB") == 29
    identified, _ = per_utc_day
    assert by_key(identified, "daily_active_users", ["metric_time__day", "user__country_code"])[
        ("2025-01-15", "GB")] == 3


def test_pseudonymous_metrics_reach_no_identity(build):
    """Whatever a team with the pseudonymous marts only groups or filters
    by, it stays within them: every dimension of every pseudonymous metric is
    reached through pseudonymous entities only (no path to `user`)."""
    listing = mf(build, "list", "metrics", "--search", "pseudonymous", "--show-all-dimensions")
    dimensions = {metric: names.split(", ") for metric, names in re.findall(r"^• (\w+): (.+)$", listing, re.M)}
    assert sorted(dimensions) == sorted(PSEUDONYMOUS)
    for metric, names in dimensions.items():
        paths = {entity for name in names if name != "metric_time" for entity in name.split("__")[:-1]}
        assert paths == {"pseudonymous_user", "pseudonymous_login"} - (
            {"pseudonymous_login"} if metric == "pseudonymous_new_users" else set()), metric


# --- Configuration, documentation, where metrics read ------------------------

def test_semantic_layer_validates_against_the_warehouse(build):
    output = mf(build, "validate-configs")
    # The manifest's semantics, then semantic models, dimensions, entities,
    # measures and metrics against the warehouse.
    assert re.findall(r"\(ERRORS: (\d+),", output) == ["0"] * 6, output


def test_every_metric_is_tested_and_defined_in_the_docs(build):
    manifest = json.loads((build.target / "semantic_manifest.json").read_text())
    definitions = {metric["name"]: metric["description"] for metric in manifest["metrics"]}
    tested = set(UTC_DAY_METRICS) | set(PSEUDONYMOUS) | {
        "weekly_active_users", "monthly_active_users", "new_users",
        "quarantined_login_share", "lines_read", "lines_quarantined"}
    assert set(definitions) == tested
    documented = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|$", DOCS, re.M))
    assert documented == definitions
    assert all(re.fullmatch(r"[^.]+\.", text) for text in definitions.values()), "one sentence each"


def test_metrics_read_the_published_rows_after_a_green_build(build, tmp_path):
    """The check docs/metrics.md gives readers: true after a green build (and
    the tests above compared mf with the published marts); false once a run
    has rewritten an audited mart without publishing it."""
    check = re.search(r"```sql\s+(select\s+\(select max\(processed_at\).*?)```", DOCS, re.S).group(1)
    assert build.one(check) is True
    later = Build(build.hub, tmp_path)
    shutil.copy(build.database, later.database)
    result = later.run("run", "--full-refresh", "--select", "fct_logins")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Marts not published" in result.stdout
    assert later.one(check) is False
