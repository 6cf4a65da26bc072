"""What Dagster loads: `dagster dev -m orchestration.definitions`."""
from dagster import Definitions
from dagster_dbt import DbtCliResource

from orchestration import settings
from orchestration.warehouse import dbt_build, dbt_project, published_marts, warehouse_job

defs = Definitions(
    assets=[dbt_build, published_marts],
    jobs=[warehouse_job],
    resources={"dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=settings.DBT)},
)
