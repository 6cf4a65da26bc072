"""A Spark standalone cluster on this machine: one master and two workers,
bound to 127.0.0.1, started from pyspark's own distribution (its
`bin/spark-class`), as `make spark-up` / `make spark-down` run it.

    python spark/cluster.py up      start (or find running) and wait for both workers
    python spark/cluster.py down    stop what `up` started
    python spark/cluster.py status  the master's JSON status

The dbt `spark` target (profiles.yml) connects to it with
spark.master = spark://127.0.0.1:7077: every query is planned by the driver
in the dbt process and executed by executors the workers start.

Everything it writes (logs, process ids, the workers' scratch space) goes
under SPARK_STATE_DIR (default `.spark/`, git-ignored), never into the
working directory. Settings (environment): SPARK_MASTER_PORT (7077),
SPARK_MASTER_WEBUI_PORT (8080), SPARK_WORKER_CORES (1 per worker),
SPARK_WORKER_MEMORY (4g per worker)."""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyspark

HOST = "127.0.0.1"
WORKERS = 2
SPARK_HOME = Path(pyspark.__path__[0])
PROJECT = Path(__file__).resolve().parents[1]


def settings() -> dict:
    state = Path(os.environ.get("SPARK_STATE_DIR", PROJECT / ".spark")).resolve()
    return {
        "state": state,
        "port": int(os.environ.get("SPARK_MASTER_PORT", "7077")),
        "webui": int(os.environ.get("SPARK_MASTER_WEBUI_PORT", "8080")),
        "cores": os.environ.get("SPARK_WORKER_CORES", "1"),
        "memory": os.environ.get("SPARK_WORKER_MEMORY", "4g"),
    }


def master_url(s: dict) -> str:
    return f"spark://{HOST}:{s['port']}"


def status(s: dict) -> dict | None:
    """The master's JSON status page, or None when no master answers."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{s['webui']}/json/", timeout=2) as response:
            return json.load(response)
    except OSError:
        return None


def alive_workers(s: dict) -> int:
    state = status(s)
    return sum(worker["state"] == "ALIVE" for worker in (state or {}).get("workers", []))


def start(s: dict, name: str, main_class: str, *args: str):
    """One daemon: a JVM started by spark-class, its log and pid in the state folder."""
    run = s["state"] / "run"
    run.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SPARK_HOME": str(SPARK_HOME), "SPARK_LOCAL_IP": HOST,
           "SPARK_LOG_DIR": str(run), "SPARK_WORKER_DIR": str(s["state"] / "work")}
    with open(run / f"{name}.log", "ab") as log:
        process = subprocess.Popen([str(SPARK_HOME / "bin" / "spark-class"), main_class, *args],
                                   stdout=log, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True, cwd=s["state"])
    (run / f"{name}.pid").write_text(str(process.pid))


def up(s: dict):
    if alive_workers(s) >= WORKERS:
        print(f"Spark master {master_url(s)} is already up with {WORKERS} workers.")
        return
    if status(s) is None:
        start(s, "master", "org.apache.spark.deploy.master.Master",
              "--host", HOST, "--port", str(s["port"]), "--webui-port", str(s["webui"]))
    for number in range(1, WORKERS + 1):
        start(s, f"worker-{number}", "org.apache.spark.deploy.worker.Worker",
              "--host", HOST, "--cores", s["cores"], "--memory", s["memory"],
              "--webui-port", "0", "--work-dir", str(s["state"] / "work" / f"worker-{number}"),
              master_url(s))
    deadline = time.monotonic() + 120
    while alive_workers(s) < WORKERS:
        if time.monotonic() > deadline:
            down(s)
            sys.exit(f"Spark did not start: {WORKERS} workers did not register with {master_url(s)} "
                     f"within 120 s (logs in {s['state'] / 'run'}).")
        time.sleep(1)
    print(f"Spark master {master_url(s)} up with {WORKERS} workers "
          f"(status: http://{HOST}:{s['webui']}/json/, logs: {s['state'] / 'run'}).")


def down(s: dict):
    run = s["state"] / "run"
    for pid_file in sorted(run.glob("*.pid")) if run.exists() else []:
        pid = int(pid_file.read_text())
        try:
            os.killpg(pid, signal.SIGTERM)  # the JVM and the shell spark-class runs it from
        except ProcessLookupError:
            pass
        pid_file.unlink()
    deadline = time.monotonic() + 30
    while status(s) is not None and time.monotonic() < deadline:
        time.sleep(0.5)
    print(f"Spark master {master_url(s)} and its workers stopped.")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command not in ("up", "down", "status"):
        sys.exit(__doc__)
    s = settings()
    if command == "status":
        print(json.dumps(status(s), indent=2))
    else:
        {"up": up, "down": down}[command](s)
