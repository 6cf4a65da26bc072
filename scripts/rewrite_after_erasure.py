"""After a run that erased personal data, rewrite the database into a fresh
file, so that the erased values leave the file's bytes.

DuckDB does not overwrite the blocks it frees: after the erasure's updates
and deletes, a checkpoint, and even a rebuilt table, the old values stay in
the database file until their blocks are reused. DuckDB's own
`COPY FROM DATABASE` writes a fresh file from the live data alone; this
step swaps it in. It needs the file closed by dbt, so it runs after dbt:
`make run` (and `make build`, `make check`) run it after `dbt build`.

It rewrites only when a run erased something since the last rewrite (rows
of `monitoring.erasures` with no `file_rewritten_at`, written by the
erasure hook), so a run that erased nothing costs one small query. It
prints one line either way, and exits 1 when it could not rewrite.

    python scripts/rewrite_after_erasure.py [DATABASE]

DATABASE defaults to the file the dbt profile's target uses
(DBT_DUCKDB_PROD_PATH when DBT_TARGET=prod, else DBT_DUCKDB_PATH, else
warehouse.duckdb).
"""
import os
import shutil
import sys

import duckdb

def profile_database() -> str:
    """The database file of the dbt profile's target (profiles.yml)."""
    if os.environ.get("DBT_TARGET", "dev") == "prod":
        return os.environ["DBT_DUCKDB_PROD_PATH"]
    return os.environ.get("DBT_DUCKDB_PATH", "warehouse.duckdb")


def duckdb_config() -> dict:
    """The profile's memory budget and spill folder: a copy of a large
    database spills instead of running out of memory."""
    return {"memory_limit": os.environ.get("DUCKDB_MEMORY_LIMIT", "3GB"),
            "temp_directory": os.environ.get("DUCKDB_TEMP_DIRECTORY", ".duckdb_tmp"),
            "threads": int(os.environ.get("DUCKDB_THREADS", "2"))}


def erasures_to_rewrite(connection) -> int:
    """Runs that erased something since the file was last rewritten."""
    has_log = connection.execute(
        "select count(*) from information_schema.tables"
        " where table_schema = 'monitoring' and table_name = 'erasures'").fetchone()[0]
    if not has_log:
        return 0
    return connection.execute(
        "select count(*) from monitoring.erasures where file_rewritten_at is null").fetchone()[0]


def remove_if_present(*paths: str):
    for path in paths:
        if os.path.exists(path):
            os.remove(path)


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def rewrite(path: str) -> str:
    if not os.path.exists(path):
        return f"Erasure: no database at {path}: nothing to rewrite."
    if os.path.exists(path + ".wal"):
        # A killed process left its write-ahead log: opening the database
        # read-write replays it into the file, so that the file alone is
        # the database copied below.
        duckdb.connect(path, config=duckdb_config()).close()
    fresh = path + ".rewrite"
    # Read-only, the database stays open to readers and closed to writers
    # until the fresh file has replaced it.
    with duckdb.connect(path, read_only=True, config=duckdb_config()) as connection:
        runs = erasures_to_rewrite(connection)
        if not runs:
            return f"Erasure: nothing newly erased in {path}: the file is not rewritten."
        remove_if_present(fresh, fresh + ".wal")  # from a rewrite that was interrupted
        catalog = connection.execute("select current_database()").fetchone()[0]
        try:
            connection.execute(f"attach {sql_string(fresh)} as fresh_copy (read_write)")
            connection.execute(f'copy from database "{catalog}" to fresh_copy')
            connection.execute("update fresh_copy.monitoring.erasures set file_rewritten_at = now()"
                               " where file_rewritten_at is null")
            connection.execute("detach fresh_copy")
        except duckdb.Error:
            remove_if_present(fresh, fresh + ".wal")
            raise
        shutil.copymode(path, fresh)
        before = os.path.getsize(path)
        os.replace(fresh, path)
    after = os.path.getsize(path)
    return (f"Erasure: {path} rewritten into a fresh file ({runs} erasing run(s) since the last rewrite;"
            f" {before / 2**20:.1f} MB -> {after / 2**20:.1f} MB): the erased values are no longer in its bytes.")


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else profile_database()
    try:
        print(rewrite(path))
    except duckdb.Error as error:
        print(f"Erasure: {path} could not be rewritten, so erased values may remain in its bytes:"
              f" {str(error).splitlines()[0]} Run `make rewrite-after-erasure` once nothing else"
              " has the database open.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
