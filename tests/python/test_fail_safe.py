"""Readers never see a half-built or untested state: a build that fails,
is killed, or collides with another leaves the published marts exactly as
the last good build left them, and the next run catches up without
counting anything twice."""
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import DBT, FR_USERS_HEADER, PROJECT, Build, write_fr
from test_incremental import DELIVERIES, deliver, marts


def build_ok(build: Build, *args: str):
    result = build.run("build", *args)
    assert result.returncode == 0, result.stdout[-5000:]
    return result


def start_build(build: Build) -> subprocess.Popen:
    """`dbt build` in the background, its log readable line by line."""
    command = [DBT, "build", "--vars", f'{{"hub_dir": "{build.hub}"}}', "--target-path", str(build.target)]
    env = {**build.env(), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def wait_for(process: subprocess.Popen, text: str) -> list[str]:
    seen = []
    for line in process.stdout:
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"the build ended before {text!r}:\n{''.join(seen)[-3000:]}")


@pytest.fixture
def published_once(tmp_path):
    """A hub after its first delivery, built and published."""
    hub = tmp_path / "hub"
    deliver(hub, DELIVERIES[0])
    build = Build(hub, tmp_path / "db")
    build_ok(build)
    return hub, build, marts(build, with_audit_columns=True)


def full_rebuild(hub: Path, workdir: Path) -> dict:
    fresh = Build(hub, workdir)
    build_ok(fresh, "--full-refresh")
    return marts(fresh)


@pytest.fixture(scope="module")
def two_deliveries_built_at_once(tmp_path_factory) -> dict:
    """The marts of the first two deliveries, built in one run: what any
    interrupted sequence of runs must end with."""
    hub = tmp_path_factory.mktemp("two-deliveries") / "hub"
    deliver(hub, DELIVERIES[0])
    deliver(hub, DELIVERIES[1])
    return full_rebuild(hub, hub.parent / "db")


def test_a_contract_break_keeps_the_last_published_marts(published_once, two_deliveries_built_at_once):
    hub, build, before = published_once
    deliver(hub, DELIVERIES[1])
    write_fr(hub / "fr/FR User Data 2025-02.csv",
             [FR_USERS_HEADER.replace("courriel", "email"), "9;Zoé;Roy;zoe@example.fr;01/01/1990;75001;;2025-01-01"])
    result = build.run("build")
    assert result.returncode != 0
    assert "Marts not published" in result.stdout
    assert marts(build, with_audit_columns=True) == before
    assert build.query("select succeeded from monitoring.runs order by run_started_at") == [(True,), (False,)]

    # Once the break is fixed, the next run catches up: as if built at once.
    (hub / "fr/FR User Data 2025-02.csv").unlink()
    build_ok(build)
    assert marts(build) == two_deliveries_built_at_once
    assert build.one("select count(*) from monitoring.publications") == 2


def test_a_failing_audit_keeps_the_last_published_marts(published_once, tmp_path):
    """An error-severity data test failing on new data blocks publishing."""
    hub, build, before = published_once
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns(
        ".venv", ".git", "target", "logs", "node_modules", "site", "*.duckdb*", ".duckdb_tmp", "dbt_packages"))
    (project / "tests/singular/no_logins_in_february.sql").write_text(
        "select * from {{ ref('fct_logins') }} where month(logged_in_at_utc) = 2\n")
    deliver(hub, DELIVERIES[1])
    result = build.run("build", "--project-dir", str(project))
    assert result.returncode != 0
    assert "no_logins_in_february" in result.stdout and "Marts not published" in result.stdout
    assert marts(build, with_audit_columns=True) == before
    # The audit schema holds the rejected candidate: there to inspect.
    assert build.one("select count(*) from audit.fct_logins where month(logged_in_at_utc) = 2") > 0


@pytest.mark.parametrize("kill_when", [
    "OK created sql incremental model staging.stg_hub__login_fields",
    "OK created sql incremental model audit.fct_logins",
    "START hook: user_login_hub.on-run-end.0",
])
def test_kill_9_mid_build_keeps_the_last_published_marts(published_once, two_deliveries_built_at_once,
                                                        kill_when):
    hub, build, before = published_once
    deliver(hub, DELIVERIES[1])
    expected_after = two_deliveries_built_at_once

    process = start_build(build)
    wait_for(process, kill_when)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    published = marts(build, with_audit_columns=True)
    if "on-run-end" in kill_when:
        # Killed at the publish transaction: all old or all new, never a mix.
        assert published == before or marts(build) == expected_after
    else:
        assert published == before
    # The next run finishes the job, and counts nothing twice.
    build_ok(build)
    assert marts(build) == expected_after


def test_a_second_build_at_once_fails_fast_and_harms_nothing(published_once, two_deliveries_built_at_once):
    hub, build, _ = published_once
    deliver(hub, DELIVERIES[1])
    first = start_build(build)
    wait_for(first, "START hook: user_login_hub.on-run-start.0")

    second = build.run("build")
    first_log = first.communicate()[0]

    assert second.returncode != 0
    assert "Another build is using" in second.stdout and "Wait for it to finish" in second.stdout
    assert "Traceback" not in second.stdout + second.stderr
    assert first.returncode == 0, first_log[-5000:]
    assert marts(build) == two_deliveries_built_at_once


def test_the_same_delivery_under_two_names_counts_once(published_once):
    hub, build, before = published_once
    for name in ["uk/UK User Data.csv", "uk/UK-User-LoginTS.csv", "fr/FR-User-LoginTS.csv"]:
        shutil.copy(hub / name, hub / name.replace(".csv", " (copy).csv"))
    users = "select * exclude (last_delivered_in_file, processed_at) from marts.dim_users order by all"
    before, users_before = marts(build), build.query(users)
    build_ok(build)
    after = marts(build)
    for mart in ["dim_users_history", "fct_logins"]:
        assert after[mart] == before[mart], mart
    # Same users, same versions; only "last delivered in" names the copy.
    assert build.query(users) == users_before
    copies = build.query("select rows_read, rows_loaded, rows_duplicate, rows_quarantined"
                         " from marts.file_reconciliation where source_file like '%(copy)%'")
    # Every line of the copies is accounted for (valid lines count as
    # loaded: the marts, not the line verdicts, collapse repeated logins).
    assert len(copies) == 3
    for rows_read, rows_loaded, rows_duplicate, rows_quarantined in copies:
        assert rows_read == rows_loaded + rows_duplicate + rows_quarantined > 0
