"""dbt-duckdb plugin: a second build on the same database fails in one line.

DuckDB allows one writing process per database file. dbt-duckdb lets the
lock error escape with a Python traceback; this plugin opens the file once
just before dbt does and turns a held lock into a plain dbt error that says
what is happening and what to do.
"""

import re

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin
from dbt_common.exceptions import DbtRuntimeError


class Plugin(BasePlugin):
    def update_connection_config(self, creds, config):
        if creds.path in (":memory:", "") or creds.path.startswith("md:"):
            return
        try:
            duckdb.connect(creds.path, config=config).close()
        except duckdb.IOException as error:
            if "lock" not in str(error):
                raise
            holder = re.search(r"\(PID (\d+)\)", str(error))
            by = f" (process {holder.group(1)})" if holder else ""
            raise DbtRuntimeError(
                f"Another build is using {creds.path}{by}: DuckDB allows one writer at a time. "
                "Wait for it to finish and run again, or point DBT_DUCKDB_PATH at another database."
            ) from None
