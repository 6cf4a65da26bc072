"""The Hub's state is compared with what was read: a file that changed or
disappeared after it was loaded stops the run in one line naming it and
saying what to do; a file still being written, or landing during a build,
waits for the next run and is never published half-counted. The Hub
folder's path is data: quotes, glob characters and doubled slashes in it
change nothing that is read."""
import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import SAMPLE_HUB, UK_USERS_HEADER, Build, write_uk
from test_fail_safe import start_build, wait_for
from test_incremental import marts

STOP_HINT = "Deliver a change as a new file, or rebuild everything with dbt build --full-refresh."


def build_ok(build: Build, *args: str, **options):
    result = build.run("build", *args, **options)
    assert result.returncode == 0, result.stdout[-5000:]
    return result


@pytest.fixture(scope="module")
def sample_loaded_once(tmp_path_factory) -> Path:
    """A copy of the sample Hub and its database, built and published once."""
    folder = tmp_path_factory.mktemp("loaded")
    shutil.copytree(SAMPLE_HUB, folder / "hub")
    build_ok(Build(folder / "hub", folder / "db"))
    return folder


@pytest.fixture
def loaded(sample_loaded_once, tmp_path):
    """A test's own copy of the built Hub (file times kept) and database."""
    shutil.copytree(sample_loaded_once / "hub", tmp_path / "hub")
    shutil.copytree(sample_loaded_once / "db", tmp_path / "db", ignore=shutil.ignore_patterns("target"))
    build = Build(tmp_path / "hub", tmp_path / "db")
    return tmp_path / "hub", build, marts(build, with_audit_columns=True)


def one_line_stop(result, *expected: str) -> str:
    """The run failed, with one line holding every expected part."""
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if all(part in line for part in expected)]
    assert len(lines) == 1, output[-3000:]
    return lines[0]


def test_a_file_that_grew_after_it_was_loaded_stops_the_run(loaded):
    hub, build, before = loaded
    with open(hub / "uk/UK-User-LoginTS.csv", "a", encoding="utf-8") as logins:
        logins.write("1,2025-01-31T23:59:59Z\n")  # a valid line, appended
    result = build.run("build")
    one_line_stop(result, "Hub file uk/UK-User-LoginTS.csv changed after it was loaded", "bytes", STOP_HINT)
    assert marts(build, with_audit_columns=True) == before  # nothing published
    # Rebuilding from the Hub loads it, as the message says.
    build_ok(build, "--full-refresh")
    assert build.one("select count(*) from marts.fct_logins where logged_in_at_utc = '2025-01-31 23:59:59'") == 1


def test_a_file_rewritten_with_the_same_size_stops_the_run(loaded):
    hub, build, _ = loaded
    path = hub / "uk/UK User Data.csv"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Ada", b"Eve", 1))  # same size, new modification time
    one_line_stop(build.run("build"), "Hub file uk/UK User Data.csv changed after it was loaded")


def test_a_loaded_file_that_is_gone_stops_the_run(loaded):
    hub, build, before = loaded
    (hub / "fr/FR-User-LoginTS.csv").unlink()
    result = build.run("build")
    one_line_stop(result, "Hub file fr/FR-User-LoginTS.csv was loaded but is no longer in the Hub", STOP_HINT)
    assert marts(build, with_audit_columns=True) == before


def test_a_file_still_being_written_waits_for_the_next_run(loaded):
    hub, build, before = loaded
    new = hub / "uk/UK User Data 2025-05-01.csv"
    write_uk(new, [UK_USERS_HEADER, "901,Late,Copy,late@example.co.uk,01/01/1990,,,01/01/2025"])
    result = build_ok(build, extra_vars={"hub_settle_seconds": 3600})
    assert "Warning: Hub file 'uk/UK User Data 2025-05-01.csv' is still being written" in result.stdout
    # Not read, not reconciled: nothing about it is published yet.
    assert build.query("select * from marts.file_reconciliation where source_file like '%2025-05-01%'") == []
    assert build.query("select * from marts.dim_users where source_user_id = '901'") == []
    # Once it has settled, the next run loads it.
    past = time.time() - 3600 * 2
    os.utime(new, (past, past))
    build_ok(build, extra_vars={"hub_settle_seconds": 3600})
    assert build.one("select rows_read, rows_loaded from marts.file_reconciliation"
                     " where source_file = 'uk/UK User Data 2025-05-01.csv'") == (1, 1)


def test_a_file_landing_during_a_build_is_left_for_the_next_run(loaded):
    hub, build, _ = loaded
    process = start_build(build)
    # The inventory is listed: what lands now is not in this run.
    wait_for(process, "OK created sql table model staging.base_hub__files")
    write_uk(hub / "uk/UK User Data 2025-06-01.csv",
             [UK_USERS_HEADER, "902,Mid,Build,mid@example.co.uk,01/01/1990,,,01/01/2025"])
    log = process.communicate()[0]
    assert process.returncode == 0, log[-3000:]
    assert build.query("select * from marts.file_reconciliation where source_file like '%2025-06-01%'") == []
    build_ok(build)
    assert build.one("select rows_read, rows_loaded from marts.file_reconciliation"
                     " where source_file = 'uk/UK User Data 2025-06-01.csv'") == (1, 1)


@pytest.mark.parametrize("folder", [
    "it's a hub",                # a quote
    "x'||lower('')||'",          # SQL in the folder name
    "hub [2] *?",                # glob characters
])
def test_the_hub_folder_is_data_not_sql_or_a_glob(tmp_path, folder):
    hub = tmp_path / folder
    shutil.copytree(SAMPLE_HUB, hub)
    # Decoys beside it that a glob ("hub 2 xx") or the injected SQL ("x") would reach.
    for decoy in (tmp_path / "hub 2 xx", tmp_path / "x"):
        shutil.copytree(SAMPLE_HUB, decoy)
        write_uk(decoy / "uk/UK User Data 2025-07-01.csv", [UK_USERS_HEADER, "999,Decoy,Row,d@example.co.uk,,,,"])
    build = Build(hub, tmp_path / "db")
    build_ok(build)
    files = {row[0] for row in build.query("select source_file from marts.file_reconciliation")}
    assert files == {f"{p.parent.name}/{p.name}" for p in SAMPLE_HUB.glob("*/*") if p.is_file()}
    assert build.query("select * from marts.dim_users where source_user_id = '999'") == []


def test_a_doubled_slash_in_the_hub_folder_changes_nothing(tmp_path):
    build = Build(f"{SAMPLE_HUB.parent}//{SAMPLE_HUB.name}/", tmp_path)  # a str: Path drops the doubled slash
    build_ok(build)
    names = {row[0] for row in build.query("select source_file from marts.file_reconciliation")}
    assert names == {f"{p.parent.name}/{p.name}" for p in SAMPLE_HUB.glob("*/*") if p.is_file()}
    assert build.query("select file_kind from marts.file_reconciliation where file_kind = 'unrecognised'") == []
