"""dbt-duckdb plugin: the pseudonym salt reaches DuckDB as a session
variable, never as SQL text.

Compiled SQL is written to target/ and logs/ (and shown on a docs site), so
a secret written into it would leak there. Every cursor dbt opens gets
`pseudonym_salt` from the environment variable PSEUDONYM_SALT, and the
pseudonym macro reads it with getvariable(). Without the variable nothing
is set and the macro falls back to its public dev salt (refused in prod).
"""

import os

from dbt.adapters.duckdb.plugins import BasePlugin


class Plugin(BasePlugin):
    def configure_cursor(self, cursor):
        salt = os.environ.get("PSEUDONYM_SALT")
        if salt:
            quoted = salt.replace("'", "''")
            cursor.execute(f"set variable pseudonym_salt = '{quoted}'")
