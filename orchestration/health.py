"""How healthy the pipeline has been, from the monitoring views (models/
monitoring): a one-page report with charts, numbers Dagster plots over
time, and two checks (every country delivered recently; backlog below
its threshold). Runs as its own job after every warehouse run, so it
never competes with a build for the database."""
import html

from dagster import (AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, AssetSelection,
                     DagsterRunStatus, MaterializeResult, MetadataValue, RunsFilter, asset,
                     define_asset_job, in_process_executor)

from orchestration import settings
from orchestration.warehouse import warehouse

RUNS_SHOWN = 30


def rows(db, sql: str) -> list[dict]:
    result = db.execute(sql)
    names = [c[0] for c in result.description]
    return [dict(zip(names, row)) for row in result.fetchall()]


@asset(
    group_name="monitoring",
    description="The health report (HEALTH_REPORT_PATH): run durations and success over time,"
                " peak memory, the backlog and freshness per country, from the monitoring views.",
    check_specs=[
        AssetCheckSpec("every_country_delivered_recently", asset="pipeline_health",
                       description="No registered country has gone longer than its threshold"
                                   " (var delivery_freshness_days) without a delivery."),
        AssetCheckSpec("backlog_below_threshold", asset="pipeline_health",
                       description="At most BACKLOG_ALERT_FILES files landed but not loaded."),
    ],
)
def pipeline_health(context) -> MaterializeResult:
    with warehouse() as db:
        runs = rows(db, f"select * from monitoring.run_history order by run_started_at desc limit {RUNS_SHOWN}")[::-1]
        backlog = rows(db, "select * from monitoring.delivery_backlog order by landed_at")
        freshness = rows(db, "select * from monitoring.country_freshness order by app_code")
    runs_waiting = context.instance.get_runs_count(RunsFilter(statuses=[DagsterRunStatus.QUEUED]))
    stale = [c["app_code"] for c in freshness if c["is_stale"]]
    report = settings.health_report_path()
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(render(runs, backlog, freshness, runs_waiting), encoding="utf-8")

    last = runs[-1] if runs else {}
    threshold = settings.backlog_alert_files()
    return MaterializeResult(
        metadata={
            "report": MetadataValue.path(str(report)),
            # Numbers: Dagster plots each over the materializations (the asset's Plots tab).
            "last_run_seconds": float(last.get("duration_seconds") or 0),
            "last_run_peak_memory_mb": float(last.get("peak_memory_mb") or 0),
            "run_success_rate": sum(r["succeeded"] for r in runs) / len(runs) if runs else 1.0,
            "backlog_files": len(backlog),
            "oldest_backlog_hours": max((b["age_hours"] for b in backlog), default=0.0),
            "runs_waiting": runs_waiting,
            "stale_countries": MetadataValue.json(stale),
        },
        check_results=[
            AssetCheckResult(
                check_name="every_country_delivered_recently", passed=not stale,
                severity=AssetCheckSeverity.WARN,
                description=("; ".join(stale_reason(c) for c in freshness if c["is_stale"])
                             or "every country delivered within its threshold"),
            ),
            AssetCheckResult(
                check_name="backlog_below_threshold", passed=len(backlog) <= threshold,
                severity=AssetCheckSeverity.WARN,
                description=f"{len(backlog)} file(s) landed but not loaded (threshold {threshold})",
            ),
        ],
    )


def stale_reason(country: dict) -> str:
    if country["last_delivery_at"] is None:
        return f"{country['app_code']} ({country['country_code']}) has never delivered"
    return (f"{country['app_code']} ({country['country_code']}) has not delivered for"
            f" {country['days_since_last_delivery']:.0f} days (threshold {country['freshness_threshold_days']})")


health_job = define_asset_job(
    "health", selection=AssetSelection.assets(pipeline_health),
    description="The health report and its checks, after every warehouse run.",
    executor_def=in_process_executor,
)


# The report: one self-contained page, charts drawn as inline SVG (no
# script, nothing fetched).

def bar_chart(title: str, bars: list[tuple[str, float, str]], unit: str, line: float | None = None,
              chart_id: str = "") -> str:
    """Vertical bars (label, value, colour); an optional dashed threshold."""
    width, height, top = 720, 220, 30
    top_value = max([v for _, v, _ in bars] + [line or 0, 1e-9]) * 1.1
    step = (width - 60) / max(len(bars), 1)
    scale = (height - top - 40) / top_value
    parts = [f'<svg id="{chart_id}" class="chart" viewBox="0 0 {width} {height}" role="img"'
             f' aria-label="{html.escape(title)}">',
             f'<text x="0" y="18" class="title">{html.escape(title)}</text>']
    for i, (label, value, colour) in enumerate(bars):
        x, bar_height = 50 + i * step, value * scale
        y = height - 40 - bar_height
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{min(max(step - 4, 2), 40):.1f}"'
                     f' height="{bar_height:.1f}" fill="{colour}"><title>{html.escape(label)}:'
                     f' {value:,.1f} {unit}</title></rect>')
        if len(bars) <= 12 or i % (len(bars) // 12 + 1) == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - 24}" class="label">{html.escape(label)}</text>')
    if not bars:
        parts.append(f'<text x="50" y="{height / 2:.0f}" class="label">none</text>')
    if line is not None:
        y = height - 40 - line * scale
        parts.append(f'<line x1="45" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" class="threshold"/>')
    parts.append(f'<text x="0" y="{height - 40}" class="label">0</text>'
                 f'<text x="0" y="{top + 8}" class="label">{top_value / 1.1:,.0f} {unit}</text></svg>')
    return "".join(parts)


GREEN, RED, GREY = "#2e7d32", "#c62828", "#9e9e9e"


def render(runs: list[dict], backlog: list[dict], freshness: list[dict], runs_waiting: int) -> str:
    def when(row):
        return row["run_started_at"].strftime("%d %b %H:%M")

    succeeded = sum(r["succeeded"] for r in runs)
    charts = [
        bar_chart("Run duration, seconds (green: succeeded, red: failed)",
                  [(when(r), float(r["duration_seconds"]), GREEN if r["succeeded"] else RED) for r in runs],
                  "s", chart_id="run-durations"),
        bar_chart("Peak memory of each run, MiB",
                  [(when(r), float(r["peak_memory_mb"] or 0), GREEN if r["succeeded"] else RED) for r in runs],
                  "MiB", chart_id="run-memory"),
        bar_chart("Backlog: files landed but not loaded, age in hours",
                  [(b["source_file"], float(b["age_hours"]), GREY) for b in backlog], "h", chart_id="backlog"),
        bar_chart("Days since each country's last delivery (dashed: the default threshold)",
                  [(f"{c['app_code']} ({c['country_code']})", float(c["days_since_last_delivery"] or 0),
                    RED if c["is_stale"] else GREEN) for c in freshness], "days",
                  line=float(max((c["freshness_threshold_days"] for c in freshness), default=0)),
                  chart_id="freshness"),
    ]
    failures = [f"<li>{html.escape(when(r))}: {html.escape(r['first_failure'] or 'failed')}</li>"
                for r in runs if not r["succeeded"]]
    summary = (f"{succeeded} of {len(runs)} runs succeeded; {len(backlog)} file(s) waiting to be loaded;"
               f" {runs_waiting} run(s) queued;"
               f" stale: {', '.join(c['app_code'] for c in freshness if c['is_stale']) or 'none'}.")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pipeline health</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 760px; color: #222; }}
.chart {{ width: 100%; margin: 1em 0 2em; }} .title {{ font-size: 15px; font-weight: bold; }}
.label {{ font-size: 10px; fill: #555; }} .threshold {{ stroke: #c62828; stroke-dasharray: 6 4; }}
</style></head><body>
<h1>Pipeline health</h1>
<p id="summary">{html.escape(summary)}</p>
{''.join(charts)}
<h2>Failed runs</h2><ul id="failures">{''.join(failures) or '<li>none</li>'}</ul>
</body></html>
"""
