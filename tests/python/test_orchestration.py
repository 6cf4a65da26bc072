"""The pipeline as a managed workflow (orchestration/, docs/orchestration.md):
the real Dagster definitions, driven in-process on temporary Hubs: the Hub
sensor's rules, retries, failures and their alerts, the freshness alert.
Over several runs (the monitoring views, the run queue with Dagster's own
daemon): test_orchestration_runs.py."""
import http.server
import importlib
import json
import os
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest

from conftest import FR_USERS_HEADER, PROJECT, generate_hub, write_fr, write_uk
from test_incremental import DELIVERIES, deliver

DAY = 24 * 3600


@pytest.fixture(scope="session")
def orchestration(tmp_path_factory):
    """The orchestration package, imported once per test worker with its
    own dbt target folder (the manifest is parsed there) and short retry
    delays; modules are read after the environment is set."""
    target = tmp_path_factory.mktemp("orchestration-target")
    os.environ.update(ORCHESTRATION_DBT_TARGET=str(target), LOCK_RETRY_DELAY_SECONDS="1", LOCK_RETRIES="4")
    definitions = importlib.import_module("orchestration.definitions")
    return definitions


class Webhook:
    """A local HTTP server that keeps every JSON body posted to it."""

    def __init__(self):
        self.alerts = []
        received = self.alerts

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/alerts"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def of_kind(self, kind: str) -> list[dict]:
        return [a for a in self.alerts if a["alert"] == kind]


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.server.shutdown()


@pytest.fixture
def pipeline(orchestration, tmp_path, monkeypatch, webhook):
    """A temporary Hub, warehouse and Dagster instance (with the project's
    dagster.yaml), the environment `make orchestrate` would set."""
    from dagster import DagsterInstance
    hub, home = tmp_path / "hub", tmp_path / "dagster_home"
    hub.mkdir()
    home.mkdir()
    shutil.copy(PROJECT / "orchestration" / "dagster.yaml", home)
    for name, value in {"HUB_DIR": hub, "DBT_DUCKDB_PATH": tmp_path / "warehouse.duckdb",
                        "DUCKDB_TEMP_DIRECTORY": tmp_path / "duckdb_tmp", "DAGSTER_HOME": home,
                        "ALERT_WEBHOOK_URL": webhook.url, "HUB_QUIET_SECONDS": "60"}.items():
        monkeypatch.setenv(name, str(value))
    with DagsterInstance.from_config(str(home)) as instance:
        yield Pipeline(orchestration.defs, instance, hub, tmp_path / "warehouse.duckdb")


class Pipeline:
    def __init__(self, defs, instance, hub: Path, database: Path):
        self.defs, self.instance, self.hub, self.database = defs, instance, hub, database
        self.cursor = None

    def tick(self) -> list:
        """One evaluation of the Hub sensor; the run requests it made."""
        from dagster import build_sensor_context
        sensor = self.defs.resolve_sensor_def("hub_deliveries")
        result = sensor(build_sensor_context(instance=self.instance, cursor=self.cursor))
        self.cursor = result.cursor
        return list(result.run_requests or [])

    def run(self, job: str = "warehouse"):
        return self.defs.resolve_job_def(job).execute_in_process(instance=self.instance, raise_on_error=False)

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as db:
            return db.execute(sql).fetchall()


def landed(hub: Path, delivery: dict, days_ago: float = 1):
    """Writes a delivery and gives its files a modification time in the
    past, as a file that finished landing then would have."""
    deliver(hub, delivery)
    for name in delivery:
        past = time.time() - days_ago * DAY
        os.utime(hub / name, (past, past))


def step_events(result, step: str, event_type: str) -> list:
    return [e for e in result.all_events if e.step_key == step and e.event_type_value == event_type]


# --- the Hub sensor -----------------------------------------------------------

def test_one_complete_file_starts_exactly_one_run(pipeline):
    landed(pipeline.hub, {"uk/UK User Data.csv": DELIVERIES[0]["uk/UK User Data.csv"]})
    assert pipeline.tick() == []  # first look: seen once, not yet known to be complete
    requests = pipeline.tick()
    assert len(requests) == 1
    assert requests[0].tags["hub/files"] == "uk/UK User Data.csv"
    assert pipeline.tick() == [] and pipeline.tick() == []  # never a second run for it


def test_a_file_still_landing_starts_no_run_until_it_stops(pipeline):
    growing = pipeline.hub / "uk/UK-User-LoginTS.csv"
    lines = DELIVERIES[0]["uk/UK-User-LoginTS.csv"]
    write_uk(growing, lines[:2])
    assert pipeline.tick() == []
    write_uk(growing, lines[:4])  # still being copied
    assert pipeline.tick() == []
    write_uk(growing, lines)  # the last bytes
    assert pipeline.tick() == []
    assert pipeline.tick() == []  # unchanged, but modified less than HUB_QUIET_SECONDS ago
    past = time.time() - 120  # a minute later than the quiet period
    os.utime(growing, (past, past))
    assert pipeline.tick() == []  # its modification time changed: one more look
    assert len(pipeline.tick()) == 1


def test_files_landing_together_start_one_run(pipeline):
    landed(pipeline.hub, DELIVERIES[0])
    pipeline.tick()
    requests = pipeline.tick()
    assert len(requests) == 1
    assert requests[0].tags["hub/file_count"] == "4"
    landed(pipeline.hub, DELIVERIES[1])  # a later delivery: its own run
    pipeline.tick()
    assert [r.tags["hub/file_count"] for r in pipeline.tick()] == ["2"]


def test_what_will_not_be_loaded_is_reported_once(pipeline, webhook):
    landed(pipeline.hub, {"uk/UK user data 2025-03.CSV": DELIVERIES[0]["uk/UK User Data.csv"],
                          "xx/XX User Data.csv": ["id"], "uk/notes.txt": ["a note"]})
    pipeline.tick()
    requests = pipeline.tick()
    pipeline.tick()
    # Patterns match in any case: the upper-case .CSV is a user file.
    assert [r.tags["hub/files"] for r in requests] == ["uk/UK user data 2025-03.CSV"]
    problems = sorted(a["reason"] for a in webhook.of_kind("hub_problem"))
    assert len(problems) == 2, problems  # each once, though seen three times
    assert problems[0].startswith("Hub folder 'xx/' is not a registered country")
    assert problems[1].startswith("uk/notes.txt matches none of the uk patterns")


def test_a_file_changed_after_a_run_read_it_is_reported(pipeline, webhook):
    landed(pipeline.hub, {"uk/UK User Data.csv": DELIVERIES[0]["uk/UK User Data.csv"]})
    pipeline.tick()
    assert len(pipeline.tick()) == 1
    landed(pipeline.hub, {"uk/UK User Data.csv": DELIVERIES[0]["uk/UK User Data.csv"][:2]})
    assert pipeline.tick() == []
    [alert] = webhook.of_kind("hub_problem")
    assert alert["reason"].startswith("uk/UK User Data.csv changed after a run read it")


# --- runs: retries, failures, alerts ------------------------------------------

def test_a_held_database_is_retried_and_the_run_succeeds(pipeline, orchestration):
    landed(pipeline.hub, DELIVERIES[0])
    dbt_log = orchestration.settings.dbt_target_path() / "runs" / "dbt.log"
    seen_before = dbt_log.read_text().count("Another build is using") if dbt_log.exists() else 0
    holder = duckdb.connect(str(pipeline.database))  # another process's lock, as dbt sees it

    def release_after_first_refusal():
        deadline = time.time() + 120
        while time.time() < deadline:
            if dbt_log.exists() and dbt_log.read_text().count("Another build is using") > seen_before:
                break
            time.sleep(0.2)
        holder.close()

    threading.Thread(target=release_after_first_refusal, daemon=True).start()
    result = pipeline.run()
    assert result.success
    assert len(step_events(result, "dbt_build", "STEP_UP_FOR_RETRY")) >= 1
    assert step_events(result, "published_marts", "STEP_SUCCESS")
    assert pipeline.query("select count(*) from marts.dim_users") == [(3,)]


def test_a_contract_break_fails_at_once_and_alerts_once(pipeline, webhook):
    from dagster import DagsterEventType, build_run_status_sensor_context
    landed(pipeline.hub, DELIVERIES[0])
    broken = pipeline.hub / "fr/FR User Data 2025-02.csv"
    write_fr(broken, [FR_USERS_HEADER.replace("courriel", "email"), "9;Zoé;Roy;zoe@example.fr;01/01/1990;75001;;2025-01-01"])
    past = time.time() - DAY  # finished landing: a file still being written is not read yet
    os.utime(broken, (past, past))
    result = pipeline.run()
    assert not result.success
    assert step_events(result, "dbt_build", "STEP_UP_FOR_RETRY") == []
    [failure] = step_events(result, "dbt_build", "STEP_FAILURE")
    assert failure.event_specific_data.user_failure_data.description.startswith(
        "Hub contract break in fr/FR User Data 2025-02.csv: required column(s) missing from the header: courriel")

    run = pipeline.instance.get_run_by_id(result.run_id)
    [record] = pipeline.instance.get_records_for_run(result.run_id, of_type=DagsterEventType.RUN_FAILURE).records
    run_failure = record.event_log_entry.dagster_event
    context = build_run_status_sensor_context(sensor_name="alert_on_failed_run", dagster_event=run_failure,
                                              dagster_instance=pipeline.instance, dagster_run=run)
    pipeline.defs.resolve_sensor_def("alert_on_failed_run")(context.for_run_failure())
    assert len(webhook.alerts) == 1
    [alert] = webhook.alerts
    assert alert["alert"] == "contract_break"
    assert "fr/FR User Data 2025-02.csv" in alert["reason"] and "courriel" in alert["reason"]
    assert "deliver it again" in alert["what_to_do"]


def test_a_stale_country_raises_a_freshness_alert(pipeline, webhook, tmp_path):
    generate_hub(tmp_path / "generated", "--users", "6", "--logins-per-user", "2", "--months", "1",
                 "--deliveries", "monthly", "--defect-rate", "0", "--seed", "1")
    shutil.copytree(tmp_path / "generated", pipeline.hub, dirs_exist_ok=True)
    for path in (pipeline.hub / "de").iterdir():
        past = time.time() - 40 * DAY  # the default threshold is 35 days
        os.utime(path, (past, past))
    assert pipeline.run().success
    assert pipeline.run("health").success
    alerts = pipeline.defs.resolve_sensor_def("health_alerts")
    from dagster import build_sensor_context
    context = build_sensor_context(instance=pipeline.instance)
    alerts(context)
    assert [(a["alert"], a["country"]) for a in webhook.alerts] == [("stale_country", "de")]
    alerts(build_sensor_context(instance=pipeline.instance, cursor=context.cursor))
    assert pipeline.run("health").success  # still stale: no second alert
    alerts(build_sensor_context(instance=pipeline.instance, cursor=context.cursor))
    assert len(webhook.alerts) == 1
