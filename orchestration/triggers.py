"""What starts runs and what raises alerts.

- hub_deliveries: a sensor on the Hub. A delivery starts a run once it is
  complete: unchanged (size and modification time) across two looks and
  not modified for HUB_QUIET_SECONDS. Its cursor remembers every file a
  run was started for, so no file starts two runs; the files that become
  complete in one look start one run. Anything in the Hub that will not be
  loaded, and a file that changed after a run read it, raise an alert.
- daily_run: the same job every day (DAILY_RUN_AT, DAILY_RUN_TIMEZONE), a
  safety net; the health job after it checks freshness even when nothing
  arrived.
- alert_on_failed_run: one alert per failed warehouse run, with the
  pipeline's one-line reason and what to do; a contract break is its own
  kind of alert.
- health_after_run / alert_on_failed_run request the health job after every
  warehouse run; health_alerts alerts when a country becomes stale or the
  backlog crosses its threshold.
"""
import hashlib
import json
import time

from dagster import (DagsterRunStatus, DefaultScheduleStatus, DefaultSensorStatus, RunRequest,
                     RunFailureSensorContext, ScheduleDefinition, SensorEvaluationContext, SensorResult,
                     SkipReason, run_failure_sensor, run_status_sensor, sensor)

from orchestration import settings
from orchestration.alerts import send_alert
from orchestration.health import health_job, pipeline_health
from orchestration.hub import registered_patterns, scan_hub
from orchestration.warehouse import OTHER_FAILURE, warehouse_job

CHANGED_AFTER_READ = ("Files in the Hub are never edited: the marts hold what the run read. Ask the app"
                      " team what changed; to load the new content, rebuild with `dbt build --full-refresh`.")


@sensor(job=warehouse_job, minimum_interval_seconds=settings.sensor_interval_seconds(),
        default_status=DefaultSensorStatus.RUNNING,
        description="Starts a warehouse run for the deliveries that have finished landing in the Hub.")
def hub_deliveries(context: SensorEvaluationContext):
    # watching: files seen at the last look and not started yet; started:
    # files a run was started for, as they were then; reported: problems
    # already alerted (while they last).
    state = json.loads(context.cursor) if context.cursor else {"watching": {}, "started": {}, "reported": []}
    scan = scan_hub(settings.hub_dir(), registered_patterns())
    settled_before_ns = time.time_ns() - int(settings.quiet_seconds() * 1e9)
    problems, complete, watching = list(scan.problems), [], {}
    for delivery in scan.deliveries:
        started = state["started"].get(delivery.source_file)
        if started is not None:
            if started != delivery.state:
                problems.append((f"{delivery.source_file} changed after a run read it (size or"
                                 " modification time).", CHANGED_AFTER_READ))
        elif state["watching"].get(delivery.source_file) == delivery.state \
                and delivery.modified_ns < settled_before_ns:
            complete.append(delivery)
        else:
            watching[delivery.source_file] = delivery.state

    for reason, what_to_do in problems:
        if reason not in state["reported"]:
            send_alert(context.log, "hub_problem", reason, what_to_do, hub=str(settings.hub_dir()))
    state = {"watching": watching,
             "started": {**state["started"], **{d.source_file: d.state for d in complete}},
             "reported": [reason for reason, _ in problems]}

    if not complete:
        waiting = (f"{len(watching)} file(s) not yet known to be complete (seen once, or changed since"
                   f" the last look): {', '.join(sorted(watching))}" if watching else "")
        return SensorResult(skip_reason=SkipReason(waiting or "No new delivery."), cursor=json.dumps(state))
    names = sorted(d.source_file for d in complete)
    return SensorResult(
        run_requests=[RunRequest(
            run_key=hashlib.sha1(json.dumps([[d.source_file, *d.state] for d in complete]).encode()).hexdigest(),
            tags={"hub/trigger": "delivery", "hub/file_count": str(len(names)),
                  "hub/files": "; ".join(names)[:1000]},
        )],
        cursor=json.dumps(state),
    )


def daily_run_schedule() -> ScheduleDefinition:
    hour, minute = settings.daily_run_at()
    return ScheduleDefinition(
        name="daily_run", job=warehouse_job, cron_schedule=f"{minute} {hour} * * *",
        execution_timezone=settings.daily_run_time_zone(), default_status=DefaultScheduleStatus.RUNNING,
        tags={"hub/trigger": "schedule"},
        description="The safety net: a warehouse run every day, whatever the sensor saw.",
    )


def failure_of(context: RunFailureSensorContext) -> tuple[str, str, str]:
    """(kind, one-line reason, what to do) of a failed run: from the failed
    step's metadata (warehouse.FAILURES), else Dagster's own message."""
    for event in context.get_step_failure_events():
        failure = event.step_failure_data.user_failure_data
        if failure is not None and "reason" in failure.metadata:
            return tuple(failure.metadata[key].value for key in ("kind", "reason", "what_to_do"))
    return OTHER_FAILURE[1], context.failure_event.message or "the run failed", OTHER_FAILURE[3]


@run_failure_sensor(monitored_jobs=[warehouse_job], request_job=health_job,
                    default_status=DefaultSensorStatus.RUNNING,
                    description="One alert per failed warehouse run; then the health report.")
def alert_on_failed_run(context: RunFailureSensorContext):
    kind, reason, what_to_do = failure_of(context)
    run = context.dagster_run
    send_alert(context.log, "contract_break" if kind == "contract_break" else "run_failed", reason, what_to_do,
               failure=kind, run_id=run.run_id, trigger=run.tags.get("hub/trigger", "manual"),
               files=run.tags.get("hub/files", ""))
    return RunRequest(run_key=f"health-after-{run.run_id}")


@run_status_sensor(run_status=DagsterRunStatus.SUCCESS, monitored_jobs=[warehouse_job], request_job=health_job,
                   default_status=DefaultSensorStatus.RUNNING,
                   description="The health report after every successful warehouse run.")
def health_after_run(context):
    return RunRequest(run_key=f"health-after-{context.dagster_run.run_id}")


@sensor(minimum_interval_seconds=60, default_status=DefaultSensorStatus.RUNNING,
        description="Alerts when a country becomes stale or the backlog crosses its threshold,"
                    " from the latest health report.")
def health_alerts(context: SensorEvaluationContext):
    state = json.loads(context.cursor) if context.cursor else {"seen": 0, "stale": [], "backlog": False}
    latest = context.instance.fetch_materializations(pipeline_health.key, limit=1).records
    if not latest or latest[0].storage_id <= state["seen"]:
        return SkipReason("No new health report.")
    metadata = latest[0].asset_materialization.metadata
    stale = metadata["stale_countries"].value
    for app_code in sorted(set(stale) - set(state["stale"])):
        send_alert(context.log, "stale_country", f"Country folder '{app_code}/' has had no delivery for longer"
                   " than its freshness threshold (monitoring.country_freshness).",
                   f"Ask the {app_code} app team whether deliveries stopped; to change the threshold, set"
                   " var delivery_freshness_days in dbt_project.yml.", country=app_code)
    backlog, threshold = metadata["backlog_files"].value, settings.backlog_alert_files()
    if backlog > threshold and not state["backlog"]:
        send_alert(context.log, "backlog", f"{backlog} files have landed in the Hub but are not loaded"
                   f" (threshold {threshold}; monitoring.delivery_backlog lists them).",
                   "Look at the failed runs that held them back (an earlier alert says why), fix that,"
                   " then re-run; if runs are queued, let them finish.", backlog_files=backlog)
    context.update_cursor(json.dumps({"seen": latest[0].storage_id, "stale": stale, "backlog": backlog > threshold}))
    return SkipReason(f"Health report checked: {len(stale)} stale, backlog {backlog}.")
