"""Helpers for the end-to-end checks: run dbt against a Hub, read the result."""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))  # hubgen/, the generator, is imported by the tests
SAMPLE_HUB = PROJECT / "sample_hub"
DBT = str(Path(os.environ.get("VIRTUAL_ENV", PROJECT / ".venv")) / "bin" / "dbt")
# The country registry: the one list of countries (tests read it, never list them).
REGISTRY = yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["vars"]["hub_countries"]
# The schema consumers read the marts from. Queries name marts through
# mart() so that where they are published can change in one place.
MARTS = "marts"


def mart(name: str) -> str:
    return f"{MARTS}.{name}"


class Build:
    """One `dbt build` of one Hub into its own throwaway database."""

    def __init__(self, hub: Path, workdir: Path):
        self.hub = hub
        self.database = workdir / "warehouse.duckdb"
        self.target = workdir / "target"
        self.build_output = ""

    def run(self, *args: str, extra_vars: dict | None = None,
            extra_env: dict | None = None) -> subprocess.CompletedProcess:
        """`extra_env`: variables to set, or to unset when None."""
        # Files are written just before the build: they count as complete
        # at once (the settling rule has tests of its own).
        dbt_vars = {"hub_dir": str(self.hub), "hub_settle_seconds": 0, **(extra_vars or {})}
        command = [DBT, *args, "--vars", json.dumps(dbt_vars),
                   "--target-path", str(self.target)]
        env = {**self.env(), **(extra_env or {})}
        env = {name: value for name, value in env.items() if value is not None}
        return subprocess.run(command, cwd=PROJECT, env=env,
                              capture_output=True, text=True)

    def env(self) -> dict:
        """The environment of this build's dbt: its own database and its
        own spill folder (tests run in parallel)."""
        return {**os.environ, "DBT_DUCKDB_PATH": str(self.database),
                "DUCKDB_TEMP_DIRECTORY": str(self.database.parent / "duckdb_tmp"),
                "DBT_PROFILES_DIR": str(PROJECT)}

    def query(self, sql: str, *params) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            return connection.execute(sql, params).fetchall()

    def one(self, sql: str, *params):
        rows = self.query(sql, *params)
        assert len(rows) == 1, f"expected one row, got {rows!r} for {sql}"
        return rows[0][0] if len(rows[0]) == 1 else rows[0]

    def mart_row_counts(self) -> dict[str, int]:
        """Rows in each table of the marts schema (none when it does not exist)."""
        if not self.database.exists():
            return {}
        with duckdb.connect(str(self.database), read_only=True) as connection:
            tables = [t for (t,) in connection.execute(
                "select table_name from duckdb_tables() where schema_name = ?", [MARTS]).fetchall()]
            return {t: connection.execute(f"select count(*) from {mart(t)}").fetchone()[0]
                    for t in tables}


@pytest.fixture
def copy_of_sample_hub(tmp_path: Path) -> Path:
    hub = tmp_path / "hub"
    shutil.copytree(SAMPLE_HUB, hub)
    return hub


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Build:
    build = Build(SAMPLE_HUB, tmp_path_factory.mktemp("sample"))
    result = build.run("build")
    assert result.returncode == 0, result.stdout[-5000:]
    build.build_output = result.stdout
    return build


@pytest.fixture(scope="session")
def docs_site(sample_build) -> Path:
    """The sample Hub's static docs site: one self-contained HTML file."""
    result = sample_build.run("docs", "generate", "--static")
    assert result.returncode == 0, result.stdout[-3000:]
    return sample_build.target / "static_index.html"


UK_USERS_HEADER = "user_id,first_name,last_name,email,date_of_birth,postcode,phone,signup_date"
FR_USERS_HEADER = "id_utilisateur;prenom;nom;courriel;date_naissance;code_postal;telephone;date_inscription"


def write_uk(path: Path, lines: list[str]):
    """A UK delivery: UTF-8, LF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def write_fr(path: Path, lines: list[str]):
    """An FR delivery: Windows-1252, CRLF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def planted_defects(path: Path = PROJECT / "tests" / "planted_defects.csv") -> list[dict]:
    """tests/planted_defects.csv, or a manifest of the same columns (hubgen's,
    which adds `defect`, the kind planted)."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def generate_hub(hub: Path, *args: str) -> Path:
    """Run hubgen's command line; returns the manifest's path."""
    result = subprocess.run([sys.executable, "-m", "hubgen", str(hub), *args],
                            cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return hub.with_name(hub.name + ".manifest.csv")


# Checking a build against a list of planted defects: shared by the sample
# Hub and generated Hubs.

def planted_outcome(build: Build, row: dict) -> tuple:
    """(what the build did with a planted row, what the row says it must do)."""
    where = (row["source_file"], int(row["line_number"]))
    if row["outcome"] == "quarantined":
        return build.one(f"select reason from {mart('quarantine')}"
                         " where source_file = ? and line_number = ?", *where), row["reason"]
    if row["outcome"] == "field_issue":
        return build.one(f"select reason from {mart('field_issues')}"
                         " where source_file = ? and line_number = ? and column_name = ?",
                         *where, row["column_name"]), row["reason"]
    if row["outcome"] == "duplicate":
        return build.one("select line_status from intermediate.int_users_validated"
                         " where source_file = ? and line_number = ? union all"
                         " select line_status from intermediate.int_logins_validated"
                         " where source_file = ? and line_number = ?", *where, *where), "duplicate"
    if row["outcome"] == "ambiguous_local_time":
        return build.one("select strftime(logged_in_at_utc, '%Y-%m-%d %H:%M:%S'), is_ambiguous_local_time"
                         f" from {mart('fct_logins')} where source_file = ? and line_number = ?",
                         *where), (row["expected_value"], True)
    if row["column_name"] == "source_user_id":  # as loaded, from a user or a login line
        return build.one(f"select source_user_id from {mart('dim_users_history')}"
                         " where source_file = ? and line_number = ? union all"
                         f" select source_user_id from {mart('fct_logins')}"
                         " where source_file = ? and line_number = ?", *where, *where), row["expected_value"]
    if row["column_name"] == "logged_in_at_utc":
        return build.one(f"select strftime(logged_in_at_utc, '%Y-%m-%d %H:%M:%S') from {mart('fct_logins')}"
                         " where source_file = ? and line_number = ?", *where), row["expected_value"]
    return build.one(f"select cast({row['column_name']} as varchar) from {mart('dim_users_history')}"
                     " where source_file = ? and line_number = ?", *where), row["expected_value"] or None


def verdicts_found(build: Build) -> dict[str, set]:
    """Every line the build did not plainly load."""
    return {
        "quarantined": set(build.query(
            f"select source_file, line_number, reason from {mart('quarantine')}")),
        "field_issue": set(build.query(
            f"select source_file, line_number, column_name, reason from {mart('field_issues')}")),
        "duplicate": set(build.query(
            "select source_file, line_number from intermediate.int_users_validated"
            " where line_status = 'duplicate' union all"
            " select source_file, line_number from intermediate.int_logins_validated"
            " where line_status = 'duplicate'")),
        "ambiguous_local_time": set(build.query(
            f"select source_file, line_number from {mart('fct_logins')} where is_ambiguous_local_time")),
    }


def verdicts_planted(planted: list[dict]) -> dict[str, set]:
    """The same, as the planted list says it must be."""
    def lines(outcome, *columns):
        return {(r["source_file"], int(r["line_number"]), *(r[c] for c in columns))
                for r in planted if r["outcome"] == outcome}
    return {"quarantined": lines("quarantined", "reason"),
            "field_issue": lines("field_issue", "column_name", "reason"),
            "duplicate": lines("duplicate"),
            "ambiguous_local_time": lines("ambiguous_local_time")}


def reconciliation_mismatches(build: Build, hub: Path) -> list:
    """Files whose reconciliation does not match their own line count (taken
    here from the bytes) or does not balance; files missing from it."""
    reconciled = {row[0]: row[1:] for row in build.query(
        "select source_file, rows_read, rows_loaded, rows_duplicate, rows_quarantined"
        f" from {mart('file_reconciliation')}")}
    files = {str(p.relative_to(hub)): p for p in hub.glob("*/*") if p.is_file()}
    mismatches = [("not reconciled", f) for f in files.keys() - reconciled.keys()]
    mismatches += [("not in the hub", f) for f in reconciled.keys() - files.keys()]
    for name in files.keys() & reconciled.keys():
        data_lines = physical_lines(files[name].read_bytes()) - 1 if files[name].stat().st_size else 0
        read, loaded, duplicate, quarantined = reconciled[name]
        if not read == data_lines == loaded + duplicate + quarantined:
            mismatches.append((name, data_lines, read, loaded, duplicate, quarantined))
    return mismatches


def physical_lines(data: bytes) -> int:
    """Lines as the contract counts them: ended by LF (a CR before it is
    part of the line ending; a CR elsewhere is a character of the line)."""
    return data.count(b"\n") + (not data.endswith(b"\n"))


DBT_LOG_LINE = re.compile(r"^(\x1b\[0m)?\d\d:\d\d:\d\d ")  # dbt's own lines start with the time
DBT_ERROR_HEADING = re.compile(r"^[A-Z][a-z]+ Error( in .*)?$|^> (in|called by) ")


def error_messages(output: str) -> list[list[str]]:
    """The text of each error dbt reports at the end of a run (after
    `Encountered an error:` or `Completed with N errors`), one list of lines
    per error, without dbt's framing: the `Runtime Error in model ...`
    heading and the `> in macro` trail. A clear error is one line; an
    engine dump is many."""
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines)
                  if "Encountered an error:" in line or "Completed with" in line), len(lines))
    messages, current = [], None
    for line in lines[start + 1:]:
        if DBT_LOG_LINE.match(line):
            text = DBT_LOG_LINE.sub("", line).strip()
            if text.startswith(("Failure in", "Runtime Error in", "Compilation Error in",
                                "Database Error in", "Error in")):
                current = []
                messages.append(current)
            continue
        text = line.strip()
        if DBT_ERROR_HEADING.match(text):
            if not text.startswith(">"):
                current = []
                messages.append(current)
            continue
        if text and current is not None:
            current.append(text)
    return [message for message in messages if message]
