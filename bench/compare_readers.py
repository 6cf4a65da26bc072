"""Ways to read a Hub line by line, measured on one generated Hub: how long
each takes to store every file's lines, and whether it kept every physical
line (compared with the line feeds counted in each file's bytes).

    .venv/bin/python bench/compare_readers.py /tmp/hub     # a Hub from hubgen
    .venv/bin/python bench/compare_readers.py /tmp/hub csv_typed   # one reader

The readers, each storing (file, line number, text) into a fresh DuckDB table:

- csv_lines: DuckDB's read_csv as a one-column line reader (no quote, a
  delimiter no line should hold, the country's encoding), numbered per file;
- csv_typed: DuckDB's read_csv per country with its delimiter, header and
  quoting, every column as text, store_rejects on (faulty lines kept apart
  with their line numbers): the fastest, but rows and rejects are counted
  against the file's lines;
- blob_python: what base_hub__lines does: read_blob, the bytes decoded by
  Python's codec for the country (plugins/hub_text.py), split at line feeds;
- blob_native: read_blob and DuckDB's own decode(), split at line feeds:
  UTF-8 countries only (DuckDB decodes nothing else in SQL), for scale.

Prints a table and writes it as JSON beside the Hub (<hub>.readers.json).
"""
import fnmatch
import json
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import yaml

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "plugins"))
from hub_text import hub_decode  # noqa: E402  (the reader's own decoder)

REGISTRY = yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["vars"]["hub_countries"]


def files_of(hub: Path) -> dict[str, list[Path]]:
    return {code: sorted(p for p in (hub / code).glob("*") if p.is_file()) for code in REGISTRY}


def literal(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def csv_lines(connection, code, country, paths):
    encoding = country["encoding"].replace("-sig", "")
    connection.execute(f"""
        insert into lines
        select filename, row_number() over (partition by filename), line
        from read_csv({literal(paths)}, columns = {{'line': 'varchar'}}, header = false,
                      delim = '\ufffe', quote = '', escape = '', comment = '', strict_mode = false,
                      ignore_errors = true, encoding = '{encoding}', filename = true)""")


def csv_typed(connection, code, country, paths):
    encoding = country["encoding"].replace("-sig", "")
    for kind in ("users", "logins"):
        names = list(country[kind]["columns"].values())
        kind_paths = [p for p in paths if fnmatch.fnmatch(p.name.lower(), country[kind]["file_pattern"].lower())]
        if not kind_paths:
            continue
        columns = ", ".join(f"'{name}': 'varchar'" for name in names)
        connection.execute(f"""
            insert into lines
            select filename, row_number() over (partition by filename) + 1, concat_ws('|', *columns(* exclude (filename)))
            from read_csv({literal(kind_paths)}, columns = {{{columns}}}, header = true, auto_detect = false,
                          delim = '{country['delimiter']}', quote = '"', escape = '"', strict_mode = false,
                          store_rejects = true, encoding = '{encoding}', filename = true)""")


def blob_python(connection, code, country, paths):
    connection.execute(f"""
        insert into lines
        select filename, generate_subscripts(lines, 1), unnest(lines)
        from (select filename, string_split(hub_decode(content, '{country['encoding']}'), chr(10)) as lines
              from read_blob({literal(paths)}))""")


def blob_native(connection, code, country, paths):
    if not country["encoding"].lower().startswith("utf-8"):
        raise NotImplementedError("DuckDB decodes only UTF-8 in SQL")
    connection.execute(f"""
        insert into lines
        select filename, generate_subscripts(lines, 1), unnest(lines)
        from (select filename, string_split(decode(content), chr(10)) as lines
              from read_blob({literal(paths)}))""")


READERS = {"csv_lines": csv_lines, "csv_typed": csv_typed, "blob_python": blob_python,
           "blob_native": blob_native}


def physical_lines(path: Path) -> int:
    data = path.read_bytes()
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def measure(hub: Path, only: list[str]) -> list[dict]:
    files = files_of(hub)
    expected = sum(physical_lines(p) for paths in files.values() for p in paths)
    results = []
    for name, reader in ((n, r) for n, r in READERS.items() if n in (only or READERS)):
        with tempfile.TemporaryDirectory() as folder:
            connection = duckdb.connect(f"{folder}/lines.duckdb", config={"threads": 2, "memory_limit": "3GB"})
            connection.create_function("hub_decode", hub_decode, ["BLOB", "VARCHAR"], "VARCHAR", null_handling="special")
            connection.execute("load encodings") if _has_encodings(connection) else None
            connection.execute("create table lines (filename varchar, line_number bigint, line varchar)")
            began, skipped, error = time.perf_counter(), [], None
            for code, paths in files.items():
                try:
                    reader(connection, code, REGISTRY[code], paths)
                except NotImplementedError as reason:
                    skipped.append(f"{code}: {reason}")
                except duckdb.Error as failure:
                    error = f"{code}: {str(failure).splitlines()[0][:120]}"
                    break
            seconds = time.perf_counter() - began
            rows = connection.execute("select count(*) from lines").fetchone()[0]
            rejects = 0
            if name == "csv_typed" and not error:
                rejects = connection.execute("select count(*) from reject_errors").fetchone()[0]
            connection.close()
        counted = sum(physical_lines(p) for code, paths in files.items() for p in paths
                      if not any(s.startswith(code + ":") for s in skipped))
        results.append({"reader": name, "seconds": round(seconds, 1), "rows": rows, "rejects": rejects,
                        "physical_lines": counted, "lines_missing": counted - rows - rejects,
                        "failed": error, "skipped": skipped, "hub_lines": expected})
    return results


def _has_encodings(connection) -> bool:
    try:
        connection.execute("load encodings")
        return True
    except duckdb.Error:
        return False


def main():
    hub = Path(sys.argv[1])
    results = measure(hub, sys.argv[2:])
    print("| reader | seconds | rows stored | rejects kept | physical lines | lines missing | note |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        note = r["failed"] or "; ".join(r["skipped"])
        print(f"| {r['reader']} | {r['seconds']} | {r['rows']:,} | {r['rejects']:,} | {r['physical_lines']:,}"
              f" | {r['lines_missing']:,} | {note} |")
    hub.with_name(hub.name + ".readers.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
