"""Readers never see a half-built or untested state: a build that fails,
is killed, or collides with another leaves the published marts exactly as
the last good build left them (or, killed while publishing, all of them
exactly as the new build has them), and the next run catches up without
counting anything twice, even after the clock went back."""
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from conftest import DBT, FR_USERS_HEADER, PROJECT, Build, generate_hub, write_fr
from test_incremental import DELIVERIES, MARTS, deliver, marts

# The publish step's log lines (macros/publish/publish_marts.sql).
PUBLISH_STARTS = "Publish: every node passed"
PUBLISHED = "Publish: published build"
NOT_PUBLISHED = "Publish: nothing published"


def build_ok(build: Build, *args: str):
    result = build.run("build", *args)
    assert result.returncode == 0, result.stdout[-5000:]
    return result


def start_build(build: Build, *args: str) -> subprocess.Popen:
    """`dbt build` in the background, its log readable line by line."""
    dbt_vars = json.dumps({"hub_dir": str(build.hub), "hub_settle_seconds": 0})
    command = [DBT, "build", *args, "--vars", dbt_vars, "--target-path", str(build.target)]
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
    assert NOT_PUBLISHED in result.stdout
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
    assert "no_logins_in_february" in result.stdout and NOT_PUBLISHED in result.stdout
    assert marts(build, with_audit_columns=True) == before
    # The audit schema holds the rejected candidate: there to inspect.
    assert build.one("select count(*) from audit.fct_logins where month(logged_in_at_utc) = 2") > 0


@pytest.mark.parametrize("kill_when", [
    "OK created sql incremental model staging.stg_hub__login_fields",
    "OK created sql incremental model audit.fct_logins",
    PUBLISH_STARTS,
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
    if kill_when == PUBLISH_STARTS:
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


# --- kill -9 at any instant of publishing -----------------------------------------

def mart_fingerprints(build: Build, schema: str) -> dict:
    """Each mart's row count and the sum of its rows' hashes (every column,
    processed_at included): equal fingerprints, equal marts."""
    with duckdb.connect(str(build.database), read_only=True) as connection:
        fingerprints = {}
        for mart in MARTS:
            columns = [column for (column,) in connection.execute(
                "select column_name from information_schema.columns"
                " where table_schema = ? and table_name = ? order by ordinal_position", [schema, mart]).fetchall()]
            fingerprints[mart] = connection.execute(
                f"select count(*), sum(hash({', '.join(columns)})) from {schema}.{mart}").fetchone()
        return fingerprints


def publications(build: Build) -> int:
    return build.one("select count(*) from monitoring.publications")


def read_until(process: subprocess.Popen, text: str) -> float:
    """Read the log until a line holding `text`; when it was read."""
    wait_for(process, text)
    return time.monotonic()


def deliver_files(generated: Path, hub: Path, first_delivery: bool):
    """Copy a generated Hub's first delivery (its files without a date in
    their names) or its later ones into `hub`."""
    for path in generated.glob("*/*"):
        if any(c.isdigit() for c in path.name) != first_delivery:
            (hub / path.parent.name).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, hub / path.parent.name / path.name)


def test_kill_9_at_any_instant_of_publishing_leaves_every_mart_old_or_every_mart_new(tmp_path):
    """A build whose publish moves about 100,000 rows into nine marts, killed
    at a series of instants after the publish step starts: after each kill,
    all nine marts (and monitoring.publications) are exactly as the last
    good build published them, or all exactly as the killed build audited
    them; never a mix. Each kill's next run is the following probe (it
    publishes the same candidates again); the run after the last kill
    completes, and equals a build of both deliveries in one run."""
    generated = tmp_path / "generated"
    generate_hub(generated, "--users", "2500", "--logins-per-user", "10", "--months", "2", "--seed", "3")
    hub = tmp_path / "hub"
    deliver_files(generated, hub, first_delivery=True)
    build = Build(hub, tmp_path / "db")

    # The last good build, published.
    process = start_build(build, "--exclude-resource-type", "unit_test")
    assert process.wait() == 0
    old, old_publications = mart_fingerprints(build, "marts"), publications(build)

    # The second delivery, built and audited, killed as publishing starts:
    # the state every probe starts from (marts old, audit new).
    deliver_files(generated, hub, first_delivery=False)
    process = start_build(build, "--exclude-resource-type", "unit_test")
    wait_for(process, PUBLISH_STARTS)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert mart_fingerprints(build, "marts") == old
    audited_only = tmp_path / "audited-only"
    shutil.copytree(build.database.parent, audited_only)

    # How long publishing these candidates takes here, run to the end once;
    # the probes start again from the audited state.
    process = start_build(build, "--exclude-resource-type", "unit_test")
    started = read_until(process, PUBLISH_STARTS)
    publish_seconds = read_until(process, PUBLISHED) - started
    assert process.wait() == 0
    shutil.rmtree(build.database.parent)
    shutil.copytree(audited_only, build.database.parent)

    probes = 6
    outcomes = []
    for probe in range(probes):
        process = start_build(build, "--exclude-resource-type", "unit_test")
        wait_for(process, PUBLISH_STARTS)
        time.sleep(publish_seconds * (probe + 0.5) / probes)
        os.killpg(process.pid, signal.SIGKILL)
        rest_of_log = process.stdout.read()
        process.wait()
        published, audited = mart_fingerprints(build, "marts"), mart_fingerprints(build, "audit")
        if published == old:
            outcome = "old"
            assert publications(build) == old_publications
        else:
            assert published == audited, (
                f"kill {probe} at {publish_seconds * (probe + 0.5) / probes:.2f} s into publishing left"
                f" a mix: {[m for m in MARTS if published[m] == old[m]]} old,"
                f" {[m for m in MARTS if published[m] == audited[m] != old[m]]} new")
            outcome = "new"
            assert publications(build) == old_publications + 1
        outcomes.append((outcome, PUBLISHED in rest_of_log))
        if outcome == "new":  # nothing left to publish: probe again from the audited state
            shutil.rmtree(build.database.parent)
            shutil.copytree(audited_only, build.database.parent)
    # Most kills landed inside publishing (before its last line): the
    # probes did hit the transaction, not only its edges.
    assert sum(not logged for _, logged in outcomes) >= probes // 2, outcomes

    # The next run finishes the job, and counts nothing twice.
    result = build_ok(build, "--exclude-resource-type", "unit_test")
    assert PUBLISHED in result.stdout
    assert marts(build) == full_rebuild(hub, tmp_path / "one-run")


# --- the clock going back ----------------------------------------------------------

FAKETIME = shutil.which("faketime")


def run_at(build: Build, clock: str | None, *args: str) -> subprocess.CompletedProcess:
    """`dbt` with the system clock as `faketime` sets it for this process
    (e.g. "+2h"): dbt's run_started_at and DuckDB's now() both read it.
    Files keep the times on disk (NO_FAKE_STAT): a clock set wrong does not
    change when a file was written."""
    command = [DBT, *args, "--vars", json.dumps({"hub_dir": str(build.hub), "hub_settle_seconds": 0}),
               "--target-path", str(build.target)]
    if clock:
        command = [FAKETIME, "-f", clock, *command]
    return subprocess.run(command, cwd=PROJECT, env={**build.env(), "FAKETIME_DONT_FAKE_MONOTONIC": "1", "NO_FAKE_STAT": "1"},
                          capture_output=True, text=True)


def test_the_clock_going_back_does_not_stall_the_pipeline(tmp_path, two_deliveries_built_at_once):
    """A run with the clock 2 hours ahead, then the clock back and a new
    delivery: the new lines reach every mart (the build, with its test that
    every Hub line is accounted for, passes), as if built in one run."""
    if FAKETIME is None:
        if os.environ.get("CI"):
            pytest.fail("faketime is not installed; CI must run the clock test (`make tools` installs it)")
        pytest.skip("faketime is not installed (`make tools` installs it); under CI=true this fails")
    hub = tmp_path / "hub"
    deliver(hub, DELIVERIES[0])
    build = Build(hub, tmp_path / "db")
    ahead = run_at(build, "+2h", "build")
    assert ahead.returncode == 0, ahead.stdout[-5000:]

    deliver(hub, DELIVERIES[1])
    back = run_at(build, None, "build")
    assert back.returncode == 0, back.stdout[-5000:]
    assert PUBLISHED in back.stdout
    assert marts(build) == two_deliveries_built_at_once

    # dbt's clock went back; processed_at did not: 1 microsecond later.
    (first_start, first_mark), (second_start, second_mark) = build.query(
        "select run_started_at, processed_at from monitoring.run_starts order by processed_at")
    assert second_start < first_start
    assert (second_mark - first_mark).total_seconds() == 0.000001
