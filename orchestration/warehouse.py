"""The dbt project as Dagster assets: every model, seed and snapshot is an
asset and every data test an asset check (dagster-dbt reads them from the
manifest). One step runs one production `dbt build` (every data test, no
unit tests: those run in CI), so write-audit-publish stays dbt's: the marts
are built and tested in `audit` and published to `marts` by the on-run-end
hook only after a complete green build. The next step, `published_marts`,
reads monitoring.publications and says whether that happened.

A build that finds the database held by another process is retried with
backoff; every other failure needs a person and fails at once with the
pipeline's own one-line reason."""
import datetime as dt
import json
import re
import subprocess
import threading
from contextlib import contextmanager

import duckdb
import psutil
from dagster import (AssetExecutionContext, AssetSelection, Backoff, Failure, MaterializeResult,
                     MetadataValue, RetryPolicy, asset, define_asset_job, in_process_executor)
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets, get_asset_key_for_model

from orchestration import settings

dbt_project = DbtProject(project_dir=settings.PROJECT, target_path=settings.dbt_target_path())
if not dbt_project.manifest_path.exists():
    subprocess.run([settings.DBT, "parse", "--quiet", "--target-path", str(settings.dbt_target_path())],
                   cwd=settings.PROJECT, check=True)

# A scheduled or sensor run is a production run (README, Incremental runs).
PRODUCTION_BUILD = ["build", "--exclude-resource-type", "unit_test"]
INVOCATION_TAG = "dbt/invocation_id"

# How each failure the pipeline names is handled: the start of its one-line
# reason, a short kind (alerts carry it), whether to retry, what to do.
FAILURES = [
    ("Another build is using", "database_busy", True,
     "Nothing yet: the build is retried with backoff. If the retries run out, stop or wait for"
     " the process the reason names, then re-run."),
    ("Hub contract break in", "contract_break", False,
     "Move the file out of the Hub and ask its country's app team to deliver it again as the"
     " contract says; the next run loads it. Files in the Hub are never edited."),
    ("Erasure requests", "erasure_list", False,
     "Correct erasure_requests.csv in the Hub (lines country_code,user_id,requested_on), then re-run."),
    ("No delivery found in the Hub folder", "hub_not_found", False,
     "Point HUB_DIR at the Hub and restart `make orchestrate`."),
    ("Failure in test", "data_test_failed", False,
     "The published marts are unchanged. Look at the failing rows in schema audit (the reason names"
     " the test), correct the data or the rule, then re-run."),
]
OTHER_FAILURE = ("", "build_failed", False,
                 "Read the dbt output of the failed step in the Dagster UI, fix the cause, then re-run.")


def classify(dbt_errors: str) -> tuple[str, str, bool, str]:
    """(one-line reason, kind, retry, what to do) for dbt's error output."""
    dbt_errors = re.sub(r"\x1b\[[0-9;]*m", "", dbt_errors)  # dbt's terminal colours
    for start, kind, retry, what_to_do in FAILURES:
        found = re.search(re.escape(start) + r"[^\n]*", dbt_errors)
        if found:
            return found[0].strip(), kind, retry, what_to_do
    lines = [line.strip() for line in dbt_errors.splitlines() if line.strip()]
    return (lines[0] if lines else "dbt build failed"), *OTHER_FAILURE[1:]


class ProcessTreeUsage(threading.Thread):
    """Peak resident memory and CPU time of a process and its children,
    sampled every 0.2 s while it runs."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak_memory_bytes = 0
        self.cpu_seconds = 0.0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                memory = sum(p.memory_info().rss for p in tree)
                cpu = sum(sum(p.cpu_times()[:4]) for p in tree)  # user, system, and their children's
            except psutil.Error:  # the build has ended
                return
            self.peak_memory_bytes = max(self.peak_memory_bytes, memory)
            self.cpu_seconds = max(self.cpu_seconds, cpu)
            self.stopped.wait(0.2)


@contextmanager
def warehouse(read_only: bool = True):
    with duckdb.connect(str(settings.warehouse_path()), read_only=read_only) as connection:
        yield connection


def record_resources(invocation_id: str, usage: ProcessTreeUsage, run_id: str, log):
    """Adds the build's resource usage to the run log (monitoring.run_resources,
    which the build's on-run-start created)."""
    try:
        with warehouse(read_only=False) as db:
            db.execute("insert into monitoring.run_resources values (?, ?, ?, ?)",
                       [invocation_id, usage.peak_memory_bytes, usage.cpu_seconds, f"dagster run {run_id}"])
    except duckdb.Error as error:
        log.warning(f"Resource usage not recorded in monitoring.run_resources: {error}")


class ByLayer(DagsterDbtTranslator):
    """Groups the asset graph as the project's folders are: staging,
    intermediate, marts, monitoring; seeds and snapshots by their kind."""

    def get_group_name(self, dbt_resource_props) -> str:
        if dbt_resource_props["resource_type"] == "model":
            return dbt_resource_props["fqn"][1]
        return dbt_resource_props["resource_type"] + "s"


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=ByLayer(),
    retry_policy=RetryPolicy(max_retries=settings.lock_retries(), delay=settings.lock_retry_delay_seconds(),
                             backoff=Backoff.EXPONENTIAL),
)
def dbt_build(context: AssetExecutionContext, dbt: DbtCliResource):
    """`dbt build` of the Hub, production mode: models, seeds, snapshots and
    every data test; the marts are published to `marts` at its end only if
    all of it passed."""
    runs_target = settings.dbt_target_path() / "runs"
    (runs_target / "run_results.json").unlink(missing_ok=True)  # an earlier build's, not this one's
    build = dbt.cli([*PRODUCTION_BUILD, "--vars", json.dumps({"hub_dir": str(settings.hub_dir())})],
                    context=context, raise_on_error=False,
                    target_path=runs_target)
    usage = ProcessTreeUsage(build.process.pid)
    usage.start()
    yield from build.stream()
    usage.stopped.set()
    usage.join()

    run_results = build.target_path / "run_results.json"
    if run_results.exists():
        invocation_id = json.loads(run_results.read_text())["metadata"]["invocation_id"]
        context.instance.add_run_tags(context.run_id, {INVOCATION_TAG: invocation_id})
        record_resources(invocation_id, usage, context.run_id, context.log)
    context.log.info(f"dbt build: peak memory {usage.peak_memory_bytes / 2**20:.0f} MiB,"
                     f" CPU {usage.cpu_seconds:.1f} s")

    error = build.get_error()
    if error is not None:
        reason, kind, retry, what_to_do = classify(error.description or "")
        raise Failure(
            description=reason if retry else f"{reason} (marts not published: readers keep the last good build)",
            metadata={"reason": reason, "kind": kind, "what_to_do": what_to_do},
            allow_retries=retry,
        )


def published_mart_names() -> list[str]:
    """The marts write-audit-publish copies to `marts` (meta.published_schema)."""
    nodes = json.loads(dbt_project.manifest_path.read_text())["nodes"].values()
    return sorted(n["name"] for n in nodes
                  if n["resource_type"] == "model" and n["config"]["meta"].get("published_schema"))


@asset(
    deps=[get_asset_key_for_model([dbt_build], name) for name in published_mart_names()],
    group_name="marts",
    description="The marts readers query: built and tested in schema `audit`, copied to `marts`"
                " by the build's on-run-end hook only after a complete green `dbt build`"
                " (macros/publish). This step reads monitoring.publications and says which.",
)
def published_marts(context) -> MaterializeResult:
    invocation_id = context.instance.get_run_by_id(context.run_id).tags.get(INVOCATION_TAG)
    if invocation_id is None:
        raise Failure("Not published, because no dbt build ran in this run: run the `warehouse` job.",
                      allow_retries=False)
    with warehouse() as db:
        publication = db.execute("select published_at, tables from monitoring.publications"
                                 " where invocation_id = ?", [invocation_id]).fetchone()
        run = db.execute("select succeeded, nodes, first_failure from monitoring.run_history"
                         " where invocation_id = ?", [invocation_id]).fetchone()
    if publication is None:
        if run is None:
            why = "the build did not reach its end"
        elif not run[0]:
            why = f"the build failed ({run[2]})"
        else:
            why = f"only part of the project was built ({run[1]} nodes): only a complete build publishes"
        raise Failure(f"Not published, because {why}. Readers keep the last good build.",
                      allow_retries=False)
    published_at, tables = publication
    return MaterializeResult(metadata={
        "outcome": "built and tested in audit, published to marts",
        "published_at": MetadataValue.timestamp(published_at.replace(tzinfo=dt.timezone.utc)),
        "tables": tables,
        "dbt_invocation_id": invocation_id,
    })


warehouse_job = define_asset_job(
    "warehouse",
    selection=AssetSelection.assets(dbt_build, published_marts),
    description="Build, test and publish the Hub: what the sensor and the daily schedule run.",
    executor_def=in_process_executor,  # two steps in a row: no process per step
)
