"""What Dagster loads: `dagster dev -m orchestration.definitions` (`make orchestrate`)."""
from dagster import Definitions
from dagster_dbt import DbtCliResource

from orchestration import settings
from orchestration.health import health_job, pipeline_health
from orchestration.triggers import (alert_on_failed_run, daily_run_schedule, health_after_run, health_alerts,
                                    hub_deliveries)
from orchestration.warehouse import dbt_build, dbt_project, published_marts, warehouse_job

defs = Definitions(
    assets=[dbt_build, published_marts, pipeline_health],
    jobs=[warehouse_job, health_job],
    schedules=[daily_run_schedule()],
    sensors=[hub_deliveries, alert_on_failed_run, health_after_run, health_alerts],
    resources={"dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=settings.DBT)},
)
