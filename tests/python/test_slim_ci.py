"""Slim CI as the pull-request workflow runs it: compared with main's manifest,
a change selects exactly the changed model and its descendants, and a
breaking change to a mart's contract fails while an additive one passes."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DBT, PROJECT

# Everything that is not source: installed, generated or built.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "node_modules", "target", "logs", "site",
                                    "prod-manifest", "*.duckdb", "__pycache__")


def dbt(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DBT_PROFILES_DIR": str(project),
           "DBT_DUCKDB_PATH": str(project / "unused.duckdb")}
    return subprocess.run([DBT, *args], cwd=project, env=env, capture_output=True, text=True)


def copy_project(destination: Path) -> Path:
    return Path(shutil.copytree(PROJECT, destination, ignore=NOT_SOURCE))


@pytest.fixture(scope="module")
def main_state(tmp_path_factory) -> Path:
    """The manifest of the project as it is, standing in for main's."""
    state = tmp_path_factory.mktemp("prod-manifest")
    result = dbt(copy_project(tmp_path_factory.mktemp("main") / "project"),
                 "parse", "--target-path", str(state))
    assert result.returncode == 0, result.stdout[-3000:]
    return state


@pytest.fixture
def branch(tmp_path) -> Path:
    """A copy of the project to change, as a pull request would."""
    return copy_project(tmp_path / "project")


def edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def modified(branch: Path, main_state: Path, selector: str, *options: str) -> subprocess.CompletedProcess:
    return dbt(branch, "-q", "ls", "--select", selector, "--state", str(main_state),
               "--resource-type", "model", "--output", "json", "--output-keys", "unique_id", *options)


def contract_check(branch: Path, main_state: Path) -> subprocess.CompletedProcess:
    """As `make contracts` runs it."""
    return modified(branch, main_state, "state:modified",
                    "--warn-error-options", '{"error": ["UnversionedBreakingChange"]}')


def test_a_changed_staging_model_selects_itself_and_its_descendants(main_state, branch):
    changed = "model.user_login_hub.stg_hub__login_fields"
    with open(branch / "models" / "staging" / "hub" / "stg_hub__login_fields.sql", "a", encoding="utf-8") as sql:
        sql.write("-- a change in a pull request\n")
    result = modified(branch, main_state, "state:modified+")
    assert result.returncode == 0, result.stdout[-3000:]
    selected = {json.loads(line)["unique_id"] for line in result.stdout.splitlines()}

    child_map = json.loads((main_state / "manifest.json").read_text())["child_map"]
    descendants, todo = set(), [changed]
    while todo:
        for child in child_map[todo.pop()]:
            if child not in descendants:
                descendants.add(child)
                todo.append(child)
    expected = {changed} | {node for node in descendants if node.startswith("model.")}
    assert selected == expected
    assert "model.user_login_hub.stg_hub__user_fields" not in selected


def test_a_breaking_contract_change_fails(main_state, branch):
    edit(branch / "models" / "marts" / "_marts__models.yml",
         "      - name: alpha3_code\n        description: ISO 3166-1 alpha-3 code.\n        data_type: varchar\n",
         "")
    result = contract_check(branch, main_state)
    assert result.returncode != 0
    assert "Breaking change to contracted, unversioned model dim_countries" in result.stdout
    assert "alpha3_code" in result.stdout


def test_an_added_contract_column_passes(main_state, branch):
    edit(branch / "models" / "marts" / "_marts__models.yml",
         "      - name: alpha3_code\n",
         "      - name: numeric_code\n        description: ISO 3166-1 numeric code.\n"
         "        data_type: varchar\n      - name: alpha3_code\n")
    result = contract_check(branch, main_state)
    assert result.returncode == 0, result.stdout[-3000:]
    assert json.loads(result.stdout) == {"unique_id": "model.user_login_hub.dim_countries"}
