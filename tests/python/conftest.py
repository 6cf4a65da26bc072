"""Helpers for the end-to-end checks: run dbt against a Hub, read the result."""
import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

PROJECT = Path(__file__).resolve().parents[2]
SAMPLE_HUB = PROJECT / "sample_hub"
DBT = str(Path(os.environ.get("VIRTUAL_ENV", PROJECT / ".venv")) / "bin" / "dbt")


class Build:
    """One `dbt build` of one Hub into its own throwaway database."""

    def __init__(self, hub: Path, workdir: Path):
        self.hub = hub
        self.database = workdir / "warehouse.duckdb"
        self.target = workdir / "target"
        self.build_output = ""

    def run(self, *args: str, extra_vars: dict | None = None) -> subprocess.CompletedProcess:
        dbt_vars = {"hub_dir": str(self.hub), **(extra_vars or {})}
        command = [DBT, *args, "--vars", json.dumps(dbt_vars),
                   "--target-path", str(self.target)]
        env = {**os.environ, "DBT_DUCKDB_PATH": str(self.database),
               "DBT_PROFILES_DIR": str(PROJECT)}
        return subprocess.run(command, cwd=PROJECT, env=env,
                              capture_output=True, text=True)

    def query(self, sql: str, *params) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            return connection.execute(sql, params).fetchall()

    def one(self, sql: str, *params):
        rows = self.query(sql, *params)
        assert len(rows) == 1, f"expected one row, got {rows!r} for {sql}"
        return rows[0][0] if len(rows[0]) == 1 else rows[0]


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


def planted_defects() -> list[dict]:
    with open(PROJECT / "tests" / "planted_defects.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
