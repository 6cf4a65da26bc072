"""What the docs site and the reviewers rely on: nothing undocumented,
every model keyed and tested, layers that only read what they should, no
model that holds a delivery's lines in memory."""
import json
import re

import duckdb
import pytest

from conftest import Build


@pytest.fixture(scope="module")
def artifacts(sample_build, docs_site):
    assert docs_site.stat().st_size > 100_000
    manifest = json.loads((sample_build.target / "manifest.json").read_text())
    catalog = json.loads((sample_build.target / "catalog.json").read_text())
    return manifest, catalog


def own(nodes, *resource_types):
    return {k: v for k, v in nodes.items()
            if v["resource_type"] in resource_types and v["package_name"] == "user_login_hub"}


def test_every_node_is_described(artifacts):
    manifest, _ = artifacts
    nodes = {**own(manifest["nodes"], "model", "seed", "snapshot", "analysis", "test"),
             **own(manifest["sources"], "source"), **own(manifest["macros"], "macro"),
             **own(manifest["exposures"], "exposure"),
             **own(manifest.get("unit_tests", {}), "unit_test")}
    # A generic test's instance is described by its test; an engine's
    # body (`default__`, `spark__`) by the macro that dispatches to it.
    undocumented = [k for k, v in nodes.items()
                    if not v.get("description", "").strip()
                    and not (v["resource_type"] == "test" and v.get("test_metadata"))
                    and not v["name"].startswith(("default__", "spark__"))]
    assert undocumented == []


def test_every_built_column_is_described(artifacts):
    manifest, catalog = artifacts
    missing = []
    for unique_id, entry in catalog["nodes"].items():
        documented = manifest["nodes"][unique_id]["columns"]
        for column in entry["columns"].values():
            name = column["name"].lower()
            if not documented.get(name, {}).get("description", "").strip():
                missing.append(f"{unique_id}.{name}")
    assert missing == []


def test_every_model_has_a_primary_key_test(artifacts):
    manifest, _ = artifacts
    tested = {}
    for test in own(manifest["nodes"], "test").values():
        name = (test.get("test_metadata") or {}).get("name")
        if name in ("unique", "unique_combination"):
            tested.setdefault(test["attached_node"], set()).add(name)
    for unique_id in own(manifest["nodes"], "model"):
        assert unique_id in tested, f"{unique_id} has no primary-key test"


def test_layers_read_only_what_they_should(artifacts):
    manifest, _ = artifacts
    models = own(manifest["nodes"], "model")
    for unique_id, model in models.items():
        parents = model["depends_on"]["nodes"]
        layer = model["fqn"][1]
        reads_source = any(p.startswith("source.") for p in parents)
        if layer in ("intermediate", "marts"):
            assert not reads_source, f"{unique_id} reads a source"
        if model["name"].startswith("stg_"):
            assert not any(p.split(".")[-1].startswith("stg_") for p in parents), unique_id
    marts = [m for m in models.values() if m["fqn"][1] == "marts"]
    assert all(m["config"]["contract"]["enforced"] for m in marts)
    assert all(m["config"]["materialized"] in ("table", "incremental") for m in marts)


# DuckDB holds a CTE that is read more than once in memory. Over every line
# of a delivery that doubled staging's time and memory at 10M logins, and
# ran fct_logins out of memory at 100M: such CTEs carry not_materialized().
# These hold one row per file, per person or per distinct minute, not per line.
SMALL_SHARED_CTES = {"hub_files", "files_to_count", "unresolved_minutes", "login_minutes", "delivered_users"}


def cte_names(node: dict) -> set[str]:
    """The CTEs a JSON query plan materializes."""
    names = {node["extra_info"]["CTE Name"]} if node.get("name") == "CTE" else set()
    return names.union(*(cte_names(child) for child in node.get("children", [])))


def test_no_model_holds_lines_in_memory(sample_build, tmp_path):
    compiler = Build(sample_build.hub, tmp_path)  # its own target folder
    compiler.database = sample_build.database
    compiled = compiler.run("compile", "--full-refresh", "--select", "resource_type:model")
    assert compiled.returncode == 0, compiled.stdout[-3000:]
    plans = {}
    with duckdb.connect(str(sample_build.database), read_only=True) as connection:
        connection.execute("set TimeZone = 'UTC'")
        for path in sorted((compiler.target / "compiled").glob("*/models/**/*.sql")):
            # base_hub__lines: one scan of the Hub's files, no shared CTE.
            if path.stem == "base_hub__lines" or path.parent.suffix == ".yml":
                continue
            plan = json.loads(connection.execute("explain (format json) " + path.read_text()).fetchall()[0][1])
            plans[path.stem] = set().union(*map(cte_names, plan)) - SMALL_SHARED_CTES
    assert len(plans) >= 12
    held = {model: ctes for model, ctes in plans.items() if ctes}
    assert held == {}, held


# One registry boundary: the registry (vars.hub_countries) is read by the
# Hub's readers and the two field models; everything downstream is plain
# SQL over named columns.
REGISTRY_READERS = {"base_hub__countries", "base_hub__line_fields", "stg_hub__user_fields",
                    "stg_hub__login_fields"}


def test_only_the_readers_and_the_field_models_know_countries_differ(artifacts):
    manifest, _ = artifacts
    macros = manifest["macros"]

    def reads_registry(macro_ids, seen=frozenset()) -> bool:
        for macro_id in set(macro_ids) - seen:
            macro = macros[macro_id]
            if "var('hub_countries')" in macro["macro_sql"] or reads_registry(
                    macro["depends_on"]["macros"], seen | {macro_id}):
                return True
        return False

    readers = {model["name"] for model in own(manifest["nodes"], "model").values()
               if "hub_countries" in model["raw_code"] or reads_registry(model["depends_on"]["macros"])}
    assert readers == REGISTRY_READERS
