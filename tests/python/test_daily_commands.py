"""The make commands a newcomer and the operator type, run on a fresh clone
(the repository's files, no database, no target/): `make build` ends green
without a warning, the daily `make run` runs every data test but no unit
test and rewrites the database after an erasure, and `make lint` leaves no
database behind and finds the same on a fresh clone as after a build."""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT

# A model planted for the lint test: an upper-case keyword in SQL that
# only an incremental run renders (line 6), and one in SQL that only a
# first build renders (line 8).
LINT_PROBE = "models/lint_probe.sql"
LINT_PROBE_SQL = """\
{{ config(materialized='incremental') }}
with numbers as (
    select 1 as number
)
{% if is_incremental() %}
    SELECT number from numbers
{% else %}
    select number FROM numbers
{% endif %}
"""
PLANTED_FINDINGS = [f"{LINT_PROBE}:6:5 CP01", f"{LINT_PROBE}:8:19 CP01"]


def fresh_clone(folder: Path) -> Path:
    """What `git clone` of this working tree would hold: tracked and new
    files, not what .gitignore keeps out (.venv, target/, *.duckdb, site/)."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=PROJECT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = PROJECT / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    return folder


def make(clone: Path, *args: str) -> subprocess.CompletedProcess:
    """`make` in the clone, with this project's virtualenv (installing one
    per clone would only test pip: the clone's files keep their times, so
    make finds it up to date), and none of the caller's database settings."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("DBT_", "DUCKDB_"))}
    return subprocess.run(["make", "--no-print-directory", *args, f"VENV={PROJECT / '.venv'}"],
                          cwd=clone, env=env, capture_output=True, text=True)


def warnings(output: str) -> list[str]:
    """Lines that warn, or that read like a failure after a green build."""
    return [line for line in output.splitlines()
            if re.search(r"warn|not published|nothing published", line, re.I) and "WARN=0" not in line]


def databases(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*.duckdb*"))


@pytest.fixture(scope="module")
def built_clone(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    clone = fresh_clone(tmp_path_factory.mktemp("clone"))
    return clone, make(clone, "build")


def test_make_build_on_a_fresh_clone_prints_no_warning(built_clone):
    clone, result = built_clone
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr
    assert warnings(result.stdout + result.stderr) == []
    assert "Publish: published build" in result.stdout
    assert (clone / "site" / "index.html").stat().st_size > 100_000


def test_make_run_runs_every_data_test_and_no_unit_test(built_clone):
    """The daily command on the built sample Hub, with an erasure request:
    data tests only, published, the database rewritten, the site refreshed."""
    clone, _ = built_clone
    (clone / "sample_hub" / "erasure_requests.csv").write_text("country_code,user_id,requested_on\nGB,3,2025-03-01\n")
    site_before = (clone / "site" / "index.html").stat().st_mtime_ns
    result = make(clone, "run")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr
    ran = json.loads((clone / "target" / "run_results.json").read_text())["results"]
    kinds = {result["unique_id"].split(".")[0] for result in ran}
    assert "unit_test" not in kinds
    assert {"model", "test", "seed", "snapshot"} <= kinds
    assert "Publish: published build" in result.stdout
    assert "Erasure: warehouse.duckdb rewritten into a fresh file" in result.stdout
    assert (clone / "site" / "index.html").stat().st_mtime_ns > site_before
    assert warnings(result.stdout + result.stderr) == []


def lint_findings(clone: Path) -> tuple[list[str], list[str]]:
    """The findings of `make lint` on the planted model (file:line:position
    rule), and the databases in the clone afterwards."""
    (clone / LINT_PROBE).write_text(LINT_PROBE_SQL)
    result = make(clone, "lint", f"LINT_PATHS={LINT_PROBE}")
    assert result.returncode != 0, result.stdout[-3000:]
    findings, current = [], None
    for line in result.stdout.splitlines():
        if line.startswith("== ["):
            current = line.split("[", 1)[1].split("]", 1)[0]
        elif finding := re.match(r"L:\s*(\d+) \| P:\s*(\d+) \| (\w+)", line):
            findings.append(f"{current}:{finding[1]}:{finding[2]} {finding[3]}")
    return sorted(set(findings)), databases(clone)


def test_make_lint_needs_no_database_and_finds_the_same_before_and_after_a_build(built_clone, tmp_path):
    fresh = fresh_clone(tmp_path)
    findings_fresh, databases_fresh = lint_findings(fresh)
    assert databases_fresh == []
    # Both planted findings: the SQL of a first build and of an incremental run.
    assert findings_fresh == PLANTED_FINDINGS
    clone, _ = built_clone
    databases_built = databases(clone)
    findings_built, databases_after = lint_findings(clone)
    assert findings_built == findings_fresh
    assert databases_after == databases_built
