"""UTC conversion agrees with Python's zoneinfo for generated wall-clock
times in every registered time zone, across daylight-saving changes.

The SQL under test is int_login_minutes_resolved itself, compiled by dbt;
it runs in DuckDB against generated login times written in every zone the
registry names (changes fall on whole minutes, so each time is a minute)."""
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import duckdb
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROJECT, SAMPLE_HUB, Build

EXAMPLES, LOGINS_PER_EXAMPLE = 200, 50  # 10,000 compared conversions
REGISTRY = yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["vars"]["hub_countries"]
ZONES = sorted({zone for entry in REGISTRY.values()
                for zone in (entry["time_zone"], entry["logins"].get("logged_in_at_time_zone"))
                if zone and zone != "UTC"})
compared = []


@pytest.fixture(scope="module")
def convert(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("zones")
    build = Build(SAMPLE_HUB, workdir)
    result = build.run("compile", "-s", "int_login_minutes_resolved", "--full-refresh")
    assert result.returncode == 0, result.stdout[-3000:]
    sql = next(build.target.glob("compiled/**/int_login_minutes_resolved.sql")).read_text()
    connection = duckdb.connect(str(build.database))
    connection.execute("set TimeZone = 'UTC'")
    connection.execute("create schema staging")
    connection.execute("create table staging.stg_hub__login_fields (written_time_zone varchar,"
                       " local_time_zone varchar, logged_in_at_written timestamp, processed_at timestamp)")

    def run(cases: list[tuple[str, datetime]]) -> list[tuple]:
        connection.execute("delete from staging.stg_hub__login_fields")
        connection.executemany("insert into staging.stg_hub__login_fields values (?, ?, ?, null)",
                               [(zone, zone, local) for zone, local in cases])
        resolved = {(zone, written): (utc, nonexistent, ambiguous) for zone, written, utc, nonexistent, ambiguous
                    in connection.execute("select written_time_zone, written_minute, utc_minute,"
                                          f" is_nonexistent_local_time, is_ambiguous_local_time from ({sql})").fetchall()}
        return [resolved[(zone, local)] for zone, local in cases]

    yield run
    connection.close()


def expected(zone: str, local: datetime) -> tuple:
    """zoneinfo's reading: a gap names no instant; an overlap takes fold=0."""
    tz = ZoneInfo(zone)
    earlier = local.replace(tzinfo=tz, fold=0)
    exists = earlier.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None) == local
    if not exists:
        return None, True, False
    ambiguous = earlier.utcoffset() != local.replace(tzinfo=tz, fold=1).utcoffset()
    return earlier.astimezone(timezone.utc).replace(tzinfo=None), False, ambiguous


@lru_cache(maxsize=None)
def offset_changes(zone: str, year: int) -> list[datetime]:
    """The UTC hours in a year after which the zone's offset changes."""
    tz, start = ZoneInfo(zone), datetime(year, 1, 1, tzinfo=timezone.utc)
    return [start + timedelta(hours=h) for h in range(0, 24 * 366)
            if (start + timedelta(hours=h)).astimezone(tz).utcoffset()
            != (start + timedelta(hours=h + 1)).astimezone(tz).utcoffset()]


def near_a_change(zone: str, year: int, day: int, minute: int) -> datetime:
    """Two times in three, a wall-clock time within a day of one of the
    zone's offset changes; otherwise any time of that year."""
    tz, start = ZoneInfo(zone), datetime(year, 1, 1, tzinfo=timezone.utc)
    changes = offset_changes(zone, year)
    anchor = changes[day % len(changes)] if changes and day % 3 else start + timedelta(days=day % 365)
    return (anchor.astimezone(tz).replace(tzinfo=None) + timedelta(minutes=minute)).replace(microsecond=0)


cases = st.lists(
    st.builds(lambda zone, year, day, minute: (zone, near_a_change(zone, year, day, minute)),
              st.sampled_from(ZONES), st.integers(1975, 2035), st.integers(0, 400), st.integers(-1440, 1440)),
    min_size=LOGINS_PER_EXAMPLE, max_size=LOGINS_PER_EXAMPLE)


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cases=cases)
def test_utc_conversion_agrees_with_zoneinfo(convert, cases):
    results = convert(cases)
    assert len(results) == len(cases)
    for (zone, local), (utc, nonexistent, ambiguous) in zip(cases, results):
        assert (utc, nonexistent, ambiguous) == expected(zone, local), (zone, local)
    compared.extend(cases)


def test_enough_cases_were_compared():
    assert len(compared) >= EXAMPLES * LOGINS_PER_EXAMPLE, len(compared)
    assert {zone for zone, _ in compared} == set(ZONES)
