"""The same project on Apache Spark (docs/spark.md): the sample Hub and a
generated Hub with every kind of defect, in one Hub (one build per engine
instead of two), build on a real Spark standalone
cluster (a master and two workers on 127.0.0.1, started here from
pyspark's own distribution, spark/cluster.py) and on DuckDB, and every
published mart holds the same rows on both, run metadata (processed_at)
aside; a new delivery built incrementally stays the same; the work runs in
executors on both workers; a contract break and an unknown time zone stop
the run with DuckDB's one-line messages.

The Spark builds read the marts back from the Parquet files of the
published copies (macros/publish: each published view selects one table of
its build) with DuckDB, so both engines' rows are compared by one reader."""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from conftest import DBT_LOG_LINE, PROJECT, REGISTRY, SAMPLE_HUB, Build, generate_hub, planted_defects
from hubgen import ALL_DEFECTS
from test_contract_breaks import BREAKS
from test_robustness import HUB_OPTIONS

CLUSTER = [sys.executable, str(PROJECT / "spark" / "cluster.py")]
MARTS = ["dim_countries", "dim_users", "dim_users_history", "fct_logins", "field_issues",
         "file_reconciliation", "pseudonymous_logins", "pseudonymous_users", "quarantine"]
RUN_METADATA = {"processed_at"}
# About 50,000 logins (1,250 users in each of the four apps, 10 logins each)
# over eight months from March, so that both daylight-saving changes fall
# in it; every kind of defect, line and whole-file, that a run survives.
# The sample Hub's files join them.
GENERATED = ["--users", "1250", "--logins-per-user", "10", "--months", "8", "--start", "2025-03-01",
             "--defect-rate", "0.02", "--late-users", "0.05", "--corrections", "0.05", "--seed", "0"]
# Every whole-file kind, as the robustness suite plants them.
FILE_DEFECTS = HUB_OPTIONS[HUB_OPTIONS.index("--file-defect"):]
# The next delivery: a day after those of the whole-file kinds.
NEXT_DELIVERY = ["--append-days", "10"]
CONTRACT_BREAKS = {case.defect for case in BREAKS}
# Spark's file sources skip files of zero bytes (SPARK-26161): such a file is
# not listed, so it has no file_reconciliation row on Spark (on DuckDB, a
# row of zeros). It holds no line, so nothing else differs. Strict: the
# test fails when it no longer shows.
KNOWN_DIFFERENCES = {"empty_file": "file_reconciliation: the zero-byte file has no row on Spark"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A master and two workers of our own (own ports, own state folder)."""

    def __init__(self, state: Path):
        self.env = {"SPARK_STATE_DIR": str(state), "SPARK_MASTER_PORT": str(free_port()),
                    "SPARK_MASTER_WEBUI_PORT": str(free_port()), "SPARK_LOCAL_IP": "127.0.0.1"}
        self.master = f"spark://127.0.0.1:{self.env['SPARK_MASTER_PORT']}"
        self.work = state / "work"

    def run(self, command: str):
        result = subprocess.run([*CLUSTER, command], env={**os.environ, **self.env},
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr

    def status(self, url: str | None = None) -> dict:
        url = url or f"http://127.0.0.1:{self.env['SPARK_MASTER_WEBUI_PORT']}"
        with urllib.request.urlopen(f"{url}/json/", timeout=10) as response:
            return json.load(response)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = Cluster(tmp_path_factory.mktemp("spark-cluster"))
    cluster.run("up")
    yield cluster
    cluster.run("down")


class SparkBuild(Build):
    """A `dbt build` on the cluster, into its own warehouse and metastore."""

    def __init__(self, hub: Path, workdir: Path, cluster: Cluster):
        super().__init__(hub, workdir)
        self.cluster = cluster
        self.warehouse = workdir / "spark-warehouse"
        self.metastore = workdir / "spark-metastore"

    def env(self) -> dict:
        return {**super().env(), "DBT_TARGET": "spark", "SPARK_MASTER": self.cluster.master,
                "SPARK_WAREHOUSE_DIR": str(self.warehouse), "SPARK_METASTORE_DIR": str(self.metastore),
                "SPARK_LOCAL_IP": "127.0.0.1"}

    def published(self, mart: str) -> str:
        """The Parquet files of the copy the published view `marts.<mart>`
        reads (publishing drops earlier builds' copies)."""
        copies = list((self.warehouse / "marts_builds.db").glob(f"{mart}__*"))
        assert len(copies) == 1, copies
        return f"read_parquet('{copies[0]}/*.parquet')"


def built(build: Build, *args: str) -> str:
    started = time.monotonic()
    result = build.run("build", *args)
    assert result.returncode == 0, result.stdout[-5000:]
    assert "Publish: published build" in result.stdout, result.stdout[-3000:]
    print(f"{type(build).__name__} of {build.hub.name}: {time.monotonic() - started:.0f} s")
    return result.stdout


def rows(build: Build) -> dict[str, Counter]:
    """Every published mart as a multiset of rows, run metadata left out;
    times as microseconds since 1970 (UTC), dates as text."""
    marts = {}
    on_spark = isinstance(build, SparkBuild)
    with duckdb.connect(":memory:" if on_spark else str(build.database), read_only=not on_spark) as connection:
        connection.execute("set TimeZone = 'UTC'")
        for mart in MARTS:
            relation = build.published(mart) if on_spark else f"marts.{mart}"
            columns = connection.execute(f"describe select * from {relation}").fetchall()
            selected = [f"epoch_us({name})" if kind.startswith("TIMESTAMP")
                        else f"cast({name} as varchar)" if kind == "DATE" else name
                        for name, kind, *_ in columns if name not in RUN_METADATA]
            marts[mart] = Counter(connection.execute(f"select {', '.join(selected)} from {relation}").fetchall())
    return marts


def differences(duck: dict, spark: dict) -> dict[str, dict]:
    found = {}
    for mart in MARTS:
        only_duckdb, only_spark = duck[mart] - spark[mart], spark[mart] - duck[mart]
        if only_duckdb or only_spark:
            found[mart] = {"only on DuckDB": sorted(only_duckdb.elements(), key=str)[:5],
                           "only on Spark": sorted(only_spark.elements(), key=str)[:5],
                           "count": sum(only_duckdb.values()) + sum(only_spark.values())}
    return found


def ran_on_both_workers(cluster: Cluster, since_ms: int) -> set[str]:
    """The workers whose executors ran tasks of the applications (dbt runs)
    that started after `since_ms`: the master's JSON status names the
    applications, each worker's status their executors, and an executor's
    log its tasks."""
    apps = {app["id"] for app in cluster.status()["completedapps"] + cluster.status()["activeapps"]
            if app["starttime"] >= since_ms and app["name"] == "dbt user_login_hub"}
    assert apps, "no dbt application ran on the cluster"
    workers = set()
    for worker in cluster.status()["workers"]:
        status = cluster.status(worker["webuiaddress"])
        for executor in status["executors"] + status["finishedexecutors"]:
            logs = list(cluster.work.glob(f"*/{executor['appid']}/{executor['id']}/stderr"))
            if executor["appid"] in apps and any("Running task" in path.read_text() for path in logs):
                workers.add(worker["id"])
    return workers


@pytest.fixture(scope="module")
def generated(cluster, tmp_path_factory):
    """The generated Hub with the sample Hub's files beside its own, built
    on both engines. Both have files named alike (`DE Benutzerdaten.csv`):
    the sample's are named `... sample.csv`, which their app's file pattern
    still matches (`*Benutzerdaten*.csv`, `US_users*.csv`)."""
    workdir = tmp_path_factory.mktemp("generated")
    hub = workdir / "hub"
    planted = planted_defects(generate_hub(hub, *GENERATED, *FILE_DEFECTS))
    for sample_file in SAMPLE_HUB.glob("*/*.csv"):
        shutil.copy(sample_file, hub / sample_file.parent.name / f"{sample_file.stem} sample.csv")
    duck, spark = Build(hub, workdir / "duckdb"), SparkBuild(hub, workdir / "spark", cluster)
    since = int(time.time() * 1000)
    built(duck)
    built(spark)
    return hub, planted, duck, spark, since


def test_the_sample_and_a_generated_hub_give_the_same_marts_on_spark_run_by_both_workers(cluster, generated):
    hub, planted, duck, spark, since = generated
    assert {row["defect"] for row in planted} == set(ALL_DEFECTS) - CONTRACT_BREAKS
    found = differences(rows(duck), rows(spark))
    empty_file, = [row["source_file"] for row in planted if row["defect"] == "empty_file"]
    assert found.get("file_reconciliation", {}).get("count") == 1, found
    assert found["file_reconciliation"]["only on DuckDB"][0][0] == empty_file, found
    assert {mart: found[mart] for mart in found if mart != "file_reconciliation"} == {}
    assert len(ran_on_both_workers(cluster, since)) == 2


def test_a_new_delivery_builds_incrementally_to_the_same_marts_on_spark(generated):
    hub, planted, duck, spark, since = generated
    generate_hub(hub, *GENERATED, *NEXT_DELIVERY)
    built(duck)
    built(spark)
    found = differences(rows(duck), rows(spark))
    assert list(found) == ["file_reconciliation"] and found["file_reconciliation"]["count"] == 1, found


def error_saying(build: Build, text: str) -> str:
    """The line of the errors a build that must stop reports at its end
    that says `text` (dbt prints a one-line database error after its own
    heading, or on a line of its own log)."""
    result = build.run("build")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output[-3000:]
    report = [DBT_LOG_LINE.sub("", line).strip() for line in output.split("Completed with", 1)[1].splitlines()]
    saying = [line for line in report if text in line]
    assert len(saying) == 1, report
    return saying[0]


def test_a_contract_break_stops_spark_with_duckdb_s_one_line_message(generated, tmp_path):
    """The next delivery of the generated Hub has a byte its encoding does
    not define (hubgen's undecodable_bytes, in a file of its own)."""
    hub, planted, duck, spark, since = generated
    source = tmp_path / "broken"
    broken, = [row["source_file"] for row in planted_defects(generate_hub(
        source, "--countries", "fr", "--users", "8", "--logins-per-user", "2", "--months", "1",
        "--start", "2026-01-01", "--defect-rate", "0", "--file-defect", "undecodable_bytes", "fr", "users"))
        if row["outcome"] == "file"]
    shutil.copy(source / broken, hub / broken)
    start = f"Hub contract break in {broken}, line 2: the bytes are not valid cp1252"
    on_duckdb, on_spark = error_saying(duck, start), error_saying(spark, start)
    # Each engine frames the message its own way (DuckDB's "Invalid Input
    # Error: ", Spark's "[USER_RAISED_EXCEPTION] ... SQLSTATE: P0001").
    # The whole message on that one line, the same on both.
    message = on_duckdb[on_duckdb.index(start):]
    assert message.endswith("(the file is not read; deliver it again in cp1252)"), on_duckdb
    assert message in on_spark, (on_duckdb, on_spark)


def test_an_unknown_time_zone_stops_spark_with_duckdb_s_one_line_message(cluster, tmp_path):
    registry = json.loads(json.dumps(REGISTRY))
    registry["de"]["time_zone"] = "Europe/Berln"
    messages = {}
    for build in (Build(SAMPLE_HUB, tmp_path / "duckdb"), SparkBuild(SAMPLE_HUB, tmp_path / "spark", cluster)):
        result = build.run("build", extra_vars={"hub_countries": registry})
        assert result.returncode != 0
        messages[type(build).__name__] = [line.strip() for line in result.stdout.splitlines()
                                          if line.strip().startswith("Country registry")]
    assert messages["Build"] == ["Country registry (vars.hub_countries in dbt_project.yml): country 'de', "
                                 "field 'time_zone': 'Europe/Berln' is not an IANA time zone."]
    assert messages["SparkBuild"] == messages["Build"]
