"""The pipeline as a managed workflow, with Dagster (docs/orchestration.md).

- settings.py    what an operator sets: environment variables and their defaults
- hub.py         the Hub as the sensor sees it: deliveries, problems, the registry's patterns
- warehouse.py   the dbt project as assets (one `dbt build`), the publish step, failures and retries
- health.py      the health report and its checks: stale countries, backlog
- alerts.py      one alert per problem, as JSON to a webhook (or to the log)
- triggers.py    the Hub sensor, the daily schedule, the sensors that alert after a run
- definitions.py what Dagster loads (`dagster dev -m orchestration.definitions`)
- dagster.yaml   the instance: one run at a time, queued
"""
