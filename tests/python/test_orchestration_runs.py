"""The pipeline as a managed workflow, over several runs: the monitoring
views after three runs (one failed), and the run queue with Dagster's own
daemon (a separate file from test_orchestration.py so that pytest-xdist
runs the two at once)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import FR_USERS_HEADER, PROJECT
from test_incremental import DELIVERIES
from test_orchestration import landed, orchestration, pipeline, webhook  # noqa: F401 (fixtures)


# --- monitoring ---------------------------------------------------------------

def test_monitoring_reports_three_runs_one_failed(pipeline):
    wall = []
    for delivery in DELIVERIES[:2]:
        landed(pipeline.hub, delivery)
        began = time.time()
        assert pipeline.run().success
        wall.append(time.time() - began)
    landed(pipeline.hub, DELIVERIES[2])  # two good files, and one that breaks the contract
    broken = "fr/FR User Data 2025-04.csv"
    landed(pipeline.hub, {broken: [FR_USERS_HEADER.replace("courriel", "email")]})
    began = time.time()
    assert not pipeline.run().success
    wall.append(time.time() - began)

    runs = pipeline.query("select succeeded, published, duration_seconds,"
                          " epoch(run_finished_at - run_started_at), peak_memory_mb, cpu_seconds,"
                          " rows_read, first_failure from monitoring.run_history order by run_started_at")
    assert [(r[0], r[1]) for r in runs] == [(True, True), (True, True), (False, False)]
    for (*_, duration, elapsed, memory, cpu, _, _), seconds in zip(runs, wall):
        assert duration == pytest.approx(elapsed, abs=0.001) and 0 < duration < seconds
        assert memory > 0 and cpu > 0
    # Lines counted: the first delivery's 11; the second's 5, and the first
    # UK login file's 5 again, recounted when user 4 arrived and re-admitted
    # their logins (so they count for the second run).
    assert [r[6] for r in runs] == [11 - 5, 5 + 5, 0]
    assert runs[2][7].startswith("base_hub__user_lines: ") or "Hub contract break" in runs[2][7]
    assert pipeline.query("select avg(succeeded::int) from monitoring.run_history") == [(pytest.approx(2 / 3),)]

    # Per model: what failed in the third run shows a success rate of 2/3.
    rates = dict(pipeline.query("select node_name, success_rate from monitoring.model_health"
                                " where resource_type = 'model'"))
    assert rates["dim_countries"] == 1.0
    assert rates["fct_logins"] == pytest.approx(2 / 3)  # skipped after the reader refused the file

    # The backlog: the third delivery and the broken file, landed but not loaded.
    assert sorted(f for (f,) in pipeline.query("select source_file from monitoring.delivery_backlog")) == \
        sorted([*DELIVERIES[2], broken])


# --- the run queue, with Dagster's own daemon ---------------------------------

def test_a_second_trigger_while_a_run_is_going_queues(pipeline, orchestration, tmp_path):
    """`dagster-daemon` with the project's dagster.yaml runs the sensor and the
    queue. The first run finds the database held (it retries, so it is still
    going) when the second delivery lands: the second run waits in the queue
    until the first has finished, then both succeed."""
    from dagster import DagsterRunStatus, RunsFilter
    landed(pipeline.hub, DELIVERIES[0])
    holder = duckdb.connect(str(pipeline.database))
    env = {**os.environ, "HUB_SENSOR_INTERVAL_SECONDS": "1", "HUB_QUIET_SECONDS": "0",
           "LOCK_RETRY_DELAY_SECONDS": "2", "LOCK_RETRIES": "8"}
    daemon = subprocess.Popen([str(Path(sys.executable).parent / "dagster-daemon"), "run",
                               "-m", "orchestration.definitions", "-d", str(PROJECT)],
                              cwd=PROJECT, env=env, stdout=open(tmp_path / "daemon.log", "w"),
                              stderr=subprocess.STDOUT, start_new_session=True)

    def warehouse_runs():
        return pipeline.instance.get_runs(RunsFilter(job_name="warehouse"))[::-1]

    def wait_for(condition, what, timeout=240):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if condition():
                return
            time.sleep(0.5)
        raise AssertionError(f"timed out waiting for {what}:\n" + (tmp_path / "daemon.log").read_text()[-3000:])

    try:
        wait_for(lambda: [r.status for r in warehouse_runs()] == [DagsterRunStatus.STARTED], "the first run")
        landed(pipeline.hub, DELIVERIES[1])
        wait_for(lambda: len(warehouse_runs()) == 2
                 and warehouse_runs()[1].status != DagsterRunStatus.NOT_STARTED, "the second run")
        first, second = warehouse_runs()
        assert first.status == DagsterRunStatus.STARTED and second.status == DagsterRunStatus.QUEUED
        time.sleep(3)  # the queue keeps it waiting, however often the daemon looks
        assert pipeline.instance.get_run_by_id(second.run_id).status == DagsterRunStatus.QUEUED
        holder.close()
        wait_for(lambda: all(r.status == DagsterRunStatus.SUCCESS for r in warehouse_runs()), "both runs")
        first, second = warehouse_runs()
        assert first.tags["hub/file_count"] == "4" and second.tags["hub/file_count"] == "2"
        first_record, second_record = (pipeline.instance.get_run_record_by_id(r.run_id) for r in (first, second))
        assert first_record.end_time <= second_record.start_time
        assert len(warehouse_runs()) == 2  # each file started one run
    finally:
        holder.close()
        os.killpg(daemon.pid, signal.SIGTERM)
        daemon.wait(timeout=60)
