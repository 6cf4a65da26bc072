"""What an operator sets, read from environment variables when used (so a
test or a deployment can change them), with defaults that work on a fresh
clone."""
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
DBT = str(Path(sys.executable).parent / "dbt")  # the project's virtualenv, activated or not


def _number(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def hub_dir() -> Path:
    """The Hub the sensor watches and dbt reads (HUB_DIR; default: the sample Hub)."""
    return Path(os.environ.get("HUB_DIR", PROJECT / "sample_hub")).resolve()


def warehouse_path() -> Path:
    """The DuckDB file dbt builds (DBT_DUCKDB_PATH, as profiles.yml reads it)."""
    return PROJECT / os.environ.get("DBT_DUCKDB_PATH", "warehouse.duckdb")


def dagster_home() -> Path:
    """Dagster's state (DAGSTER_HOME; `make orchestrate` defaults it to .dagster/)."""
    return Path(os.environ.get("DAGSTER_HOME", PROJECT / ".dagster"))


def dbt_target_path() -> Path:
    """Where the manifest the assets are read from lives (ORCHESTRATION_DBT_TARGET)."""
    return PROJECT / os.environ.get("ORCHESTRATION_DBT_TARGET", "target/orchestration")


def sensor_interval_seconds() -> int:
    """Seconds between two looks at the Hub (HUB_SENSOR_INTERVAL_SECONDS)."""
    return int(_number("HUB_SENSOR_INTERVAL_SECONDS", 30))


def quiet_seconds() -> float:
    """A file is complete once unchanged across two looks and not modified
    for this long (HUB_QUIET_SECONDS): the contract says an app writes a
    whole file in under a minute."""
    return _number("HUB_QUIET_SECONDS", 60)


def daily_run_at() -> tuple[int, int]:
    """The safety-net run's time of day (DAILY_RUN_AT, HH:MM)."""
    hour, minute = os.environ.get("DAILY_RUN_AT", "06:00").split(":")
    return int(hour), int(minute)


def daily_run_time_zone() -> str:
    """The zone of DAILY_RUN_AT (DAILY_RUN_TIMEZONE, an IANA name)."""
    return os.environ.get("DAILY_RUN_TIMEZONE", "UTC")


def lock_retry_delay_seconds() -> float:
    """First wait before retrying a build that found the database in use;
    doubled at each retry (LOCK_RETRY_DELAY_SECONDS)."""
    return _number("LOCK_RETRY_DELAY_SECONDS", 30)


def lock_retries() -> int:
    """How many times such a build is retried (LOCK_RETRIES)."""
    return int(_number("LOCK_RETRIES", 4))


def backlog_alert_files() -> int:
    """Alert when more files than this are landed but not loaded (BACKLOG_ALERT_FILES)."""
    return int(_number("BACKLOG_ALERT_FILES", 20))


def alert_webhook_url() -> str | None:
    """Where alerts are posted as JSON (ALERT_WEBHOOK_URL); none: to the log."""
    return os.environ.get("ALERT_WEBHOOK_URL") or None


def health_report_path() -> Path:
    """The one-page health report (HEALTH_REPORT_PATH; default in DAGSTER_HOME)."""
    default = dagster_home() / "health" / "index.html"
    return Path(os.environ.get("HEALTH_REPORT_PATH", default))
