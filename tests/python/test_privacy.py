"""Personal data: the tags and the overview's table agree, the pseudonymous
marts hold no identity, prod refuses the public salt, and an erasure
request removes a person from every table of the database, and from the
database file's bytes."""
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
import yaml

from conftest import PROJECT, REGISTRY, SAMPLE_HUB, Build, reconciliation_mismatches

DEV_SALT = "user-login-hub-dev-salt-not-secret"  # macros/privacy/pseudonyms.sql
PSEUDONYMOUS_MARTS = {"pseudonymous_users", "pseudonymous_logins"}
# Categories that say who someone is; `event_time` and `pseudonym` may
# reach the pseudonymous marts.
IDENTIFYING = {"name", "email", "phone", "date_of_birth", "postcode", "user_id", "raw_text"}
DELETED_ON_ERASURE = {"marts.dim_users", "marts.dim_users_history", "marts.fct_logins"}


def category(column: dict):
    meta = (column.get("config") or {}).get("meta") or column.get("meta") or {}
    return meta.get("personal_data")


def relation_name(node: dict) -> str:
    """As readers name it: a mart by its published copy (`marts.dim_users`)."""
    if node["resource_type"] == "source":
        return f"{node['source_name']}.{node['name']}"
    schema = node["config"].get("meta", {}).get("published_schema") or node["schema"]
    return f"{schema}.{node['alias']}"


def own_relations(manifest: dict) -> list[dict]:
    return [node for node in [*manifest["sources"].values(), *manifest["nodes"].values()]
            if node["resource_type"] in ("source", "model", "snapshot")
            and node["package_name"] == "user_login_hub"]


@pytest.fixture(scope="module")
def manifest(sample_build) -> dict:
    return json.loads((sample_build.target / "manifest.json").read_text())


def markdown_table(markdown: str, heading: str) -> list[dict]:
    """The first table after a heading, as one dict per row."""
    lines = []
    for line in markdown.split(heading, 1)[1].splitlines():
        if line.startswith("|"):
            lines.append(line)
        elif lines:
            break
    header, _, *rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    return [dict(zip(header, row)) for row in rows]


# --- the tags and the docs site's table ---------------------------------------

def test_the_personal_data_table_matches_the_tags(manifest):
    overview = manifest["docs"]["doc.user_login_hub.__overview__"]["block_contents"]
    rows = markdown_table(overview, "### Where personal data is")
    documented = {}
    for row in rows:  # "name: `first_name`, `last_name`; email: `email`"
        for part in row["personal columns, by category"].split(";"):
            name, columns = part.split(":")
            documented.setdefault(row["relation"].strip("`"), {})[name.strip()] = set(re.findall(r"`(\w+)`", columns))
    tagged = {}
    for node in own_relations(manifest):
        for column in node["columns"].values():
            if category(column):
                tagged.setdefault(relation_name(node), {}).setdefault(category(column), set()).add(column["name"])
    assert documented == tagged
    deleted = {row["relation"].strip("`") for row in rows if row["on erasure"] == "rows deleted"}
    assert deleted == {relation_name(node) for node in own_relations(manifest)
                       if node["config"].get("meta", {}).get("erasure") == "delete_rows"} == DELETED_ON_ERASURE


# --- the pseudonymous marts -------------------------------------------------------

def test_pseudonymous_marts_carry_no_personal_column(manifest):
    nodes = own_relations(manifest)
    marts = [node for node in nodes if node["name"] in PSEUDONYMOUS_MARTS]
    assert len(marts) == 2
    identifying_names = {column["name"] for node in nodes if node["name"] not in PSEUDONYMOUS_MARTS
                         for column in node["columns"].values() if category(column) in IDENTIFYING}
    for mart in marts:
        for column in mart["columns"].values():
            assert category(column) in (None, "pseudonym"), (mart["name"], column["name"])
            assert column["name"] not in identifying_names, (mart["name"], column["name"])


def test_pseudonymous_marts_hold_no_personal_value(sample_build, manifest):
    # Values as people are known by, every version; user ids are left out
    # (short numbers meet postcode areas by chance), the check above covers them.
    history = manifest["nodes"]["model.user_login_hub.dim_users_history"]
    personal = {value for column in history["columns"].values()
                if category(column) in {"name", "email", "phone", "date_of_birth", "postcode"}
                for (value,) in sample_build.query(
                    f"select distinct cast({column['name']} as varchar) from marts.dim_users_history"
                    f" where {column['name']} is not null")}
    assert len(personal) > 100
    for mart in PSEUDONYMOUS_MARTS:
        columns = [c for (c,) in sample_build.query(
            "select column_name from information_schema.columns where table_name = ?", mart)]
        published = {value for column in columns for (value,) in sample_build.query(
            f"select distinct cast({column} as varchar) from marts.{mart}")}
        assert not personal & published, mart


# --- the salt ----------------------------------------------------------------------

def test_prod_refuses_the_public_salt(tmp_path):
    build = Build(SAMPLE_HUB, tmp_path)
    prod = {"DBT_DUCKDB_PROD_PATH": str(tmp_path / "prod.duckdb")}
    refused = build.run("seed", "--target", "prod", extra_env={**prod, "PSEUDONYM_SALT": None})
    assert refused.returncode != 0
    assert "The prod target needs a secret pseudonym salt: set the environment variable PSEUDONYM_SALT" in refused.stdout
    assert "OK loaded seed" not in refused.stdout
    accepted = build.run("seed", "--target", "prod", extra_env={**prod, "PSEUDONYM_SALT": "a-secret-for-this-test"})
    assert accepted.returncode == 0, accepted.stdout[-3000:]


def test_the_salt_never_reaches_sql_text(tmp_path):
    """A prod build pseudonymizes with the secret salt, and no file it
    writes (compiled SQL, run results, logs, the database) holds the salt."""
    secret = "secret-salt-for-this-test-5f0c9a"
    build = Build(SAMPLE_HUB, tmp_path)
    database = tmp_path / "prod.duckdb"
    log = PROJECT / "logs" / "dbt.log"
    log_size = log.stat().st_size if log.exists() else 0
    result = build.run("build", "--target", "prod",
                       extra_env={"DBT_DUCKDB_PROD_PATH": str(database), "PSEUDONYM_SALT": secret})
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(database), read_only=True) as connection:
        users = connection.execute("select country_code, source_user_id from audit.dim_users").fetchall()
        pseudonyms = {p for (p,) in connection.execute("select user_pseudonym from audit.pseudonymous_users").fetchall()}
    assert len(users) > 20
    assert pseudonyms == {pseudonym(country_code, user_id, secret) for country_code, user_id in users}
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(files) > 50
    assert [path for path in files if secret.encode() in path.read_bytes()] == []
    assert secret.encode() not in log.read_bytes()[log_size:]


# --- erasure ----------------------------------------------------------------------

ERASED = {("GB", "3"): "uk", ("FR", "2"): "fr", ("FR", "7"): "fr"}
# What identifies each of them (lower case, found anywhere in a value).
# Not "taylor": a US user is called Taylor too.
NEEDLES = {
    ("GB", "3"): ["george", "george.taylor@", "+447700900103", "07700 900103"],
    ("FR", "2"): ["jean", "d’artagnan", "dartagnan@", "+33623456789", "+33 6 23 45 67 89"],
    ("FR", "7"): ["jérôme", "côté", "jerome.cote@"],
}
ERASURE_LIST = "country_code,user_id,requested_on\nGB,3,2025-03-01\nFR, 2 ,2025-03-02\nfr,7,2025-03-02\n"


# What identifies them in the database file's bytes (lower case): their
# e-mails and phone numbers, as delivered and as cleaned.
NEEDLES_IN_BYTES = [b"george.taylor@", b"+447700900103", b"07700 900103", b"dartagnan@", b"+33623456789",
                    b"+33 6 23 45 67 89", b"jerome.cote@"]


def uncompressed_profiles(folder: Path) -> Path:
    """The project's profiles.yml with DuckDB's compression turned off, so
    that every value is stored as its plain bytes: a grep of the file then
    finds a value wherever DuckDB left it, live or in freed blocks."""
    profiles = yaml.safe_load((PROJECT / "profiles.yml").read_text())
    for output in profiles["user_login_hub"]["outputs"].values():
        if output["type"] == "duckdb":
            output["config_options"]["force_compression"] = "uncompressed"
        output["module_paths"] = [str(PROJECT / "plugins")]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profiles.yml").write_text(yaml.safe_dump(profiles))
    return folder


def rewrite_after_erasure(build: Build) -> str:
    """The step `make run` runs after dbt (scripts/rewrite_after_erasure.py)."""
    result = subprocess.run(["make", "--no-print-directory", "--silent", "rewrite-after-erasure"],
                            cwd=PROJECT, env=build.env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def needles_in_file(build: Build) -> set[bytes]:
    data = build.database.read_bytes().lower()
    return {needle for needle in NEEDLES_IN_BYTES if needle in data}


def pseudonym(country_code: str, user_id: str, salt: str | None = None) -> str:
    salt = salt or os.environ.get("PSEUDONYM_SALT", DEV_SALT)
    return hashlib.sha256(f"{salt}|{country_code}|{user_id}".encode()).hexdigest()


def raw_lines(hub: Path) -> set[str]:
    """Every delivered line of the erased persons (the id is the first field)."""
    lines = set()
    for (_, user_id), folder in ERASED.items():
        encoding, delimiter = ("cp1252", ";") if folder == "fr" else ("utf-8", ",")
        for path in (hub / folder).glob("*.csv"):
            for line in path.read_bytes().decode(encoding).splitlines()[1:]:
                if line.split(delimiter)[0].strip() == user_id:
                    lines.add(line)
    return lines


def database(build: Build) -> dict:
    """Every table of every schema, as text, sorted."""
    with duckdb.connect(str(build.database), read_only=True) as connection:
        tables = connection.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema not in ('information_schema', 'pg_catalog')").fetchall()
        return {f"{schema}.{table}": sorted(
                    tuple(None if value is None else str(value) for value in row)
                    for row in connection.execute(f'select * from "{schema}"."{table}"').fetchall())
                for schema, table in tables}


def personal_data_found(tables: dict, lines: set[str]) -> set:
    needles = [needle for person in NEEDLES.values() for needle in person]
    found = set()
    for table, rows in tables.items():
        for value in (value for row in rows for value in row if value is not None):
            found |= {(table, needle) for needle in needles if needle in value.lower()}
            if value in lines:
                found.add((table, value))
    return found


def logins_of_erased(build: Build, table: str) -> dict:
    if table == "fct_logins":
        return {person: sorted(build.query(
            "select logged_in_at_utc from marts.fct_logins where country_code = ? and source_user_id = ?", *person))
            for person in ERASED}
    return {person: sorted(build.query(
        "select logged_in_at_utc from marts.pseudonymous_logins where user_pseudonym = ?", pseudonym(*person)))
        for person in ERASED}


@pytest.fixture(scope="module")
def erasure(tmp_path_factory):
    """A Hub built, then an erasure request and three more runs, each
    followed by the rewrite step of the daily run. DuckDB stores every
    value uncompressed here, so that the file's bytes can be searched."""
    hub = tmp_path_factory.mktemp("erasure") / "hub"
    shutil.copytree(SAMPLE_HUB, hub)
    build = Build(hub, tmp_path_factory.mktemp("erasure-db"))
    profiles = {"DBT_PROFILES_DIR": str(uncompressed_profiles(tmp_path_factory.mktemp("profiles")))}
    seen = {"lines": raw_lines(hub)}

    def run(*args):
        result = build.run("build", *args, extra_env=profiles)
        assert result.returncode == 0, result.stdout[-5000:]
        return result.stdout

    run()
    seen["before"] = database(build)
    seen["bytes before"] = needles_in_file(build)
    seen["logins before"] = logins_of_erased(build, "fct_logins")
    (hub / "erasure_requests.csv").write_text(ERASURE_LIST)
    seen["log"] = run()
    seen["bytes after dbt"] = needles_in_file(build)
    seen["rewrite"] = rewrite_after_erasure(build)
    seen["bytes after rewrite"] = needles_in_file(build)
    seen["file after rewrite"] = build.database.read_bytes().lower()
    seen["after"] = database(build)
    seen["logins after"] = logins_of_erased(build, "pseudonymous_logins")
    seen["reconciliation after"] = reconciliation_mismatches(build, hub)
    run()
    file_before = build.database.stat().st_ino
    seen["second rewrite"] = rewrite_after_erasure(build)
    seen["second run rewrote the file"] = build.database.stat().st_ino != file_before
    seen["second run"] = database(build)
    run("--full-refresh")
    seen["full refresh rewrite"] = rewrite_after_erasure(build)
    seen["bytes after full refresh"] = needles_in_file(build)
    seen["full refresh"] = database(build)
    seen["logins after full refresh"] = logins_of_erased(build, "pseudonymous_logins")
    # A mart rebuilt alone from the anonymised upstream rows.
    run("--full-refresh", "--select", "dim_users_history", "dim_users", "fct_logins")
    seen["marts rebuilt"] = database(build)
    return seen


def test_the_erased_persons_were_there_before(erasure):
    found = personal_data_found(erasure["before"], erasure["lines"])
    assert {needle for _, needle in found} >= {n for person in NEEDLES.values() for n in person} | erasure["lines"]
    assert all(erasure["logins before"].values())


def test_erasure_leaves_nothing_of_them_in_any_table(erasure):
    assert "Erasure: 3 person(s) listed in" in erasure["log"]
    assert personal_data_found(erasure["after"], erasure["lines"]) == set()
    for state in ("full refresh", "marts rebuilt"):
        assert personal_data_found(erasure[state], erasure["lines"]) == set(), state


def test_erased_values_leave_the_database_file(erasure):
    """Not only the tables: the file's bytes. DuckDB leaves the old values
    in the blocks it freed; the rewrite step after the run writes a fresh
    file from the live data."""
    assert erasure["bytes before"] == set(NEEDLES_IN_BYTES)  # the search can see them
    # After dbt's erasure (tables clean) the file still holds them: what
    # the rewrite is for.
    assert erasure["bytes after dbt"]
    assert erasure["bytes after rewrite"] == set(), erasure["rewrite"]
    assert "rewritten into a fresh file" in erasure["rewrite"]
    # The rewritten file is searchable too: everyone else's e-mail is in it.
    emails = {value.lower().encode() for row in erasure["after"]["marts.dim_users"]
              for value in row if value and "@" in value}
    assert len(emails) > 40
    assert all(email in erasure["file after rewrite"] for email in emails)
    # A full refresh reloads them from the Hub and erases them again, and
    # the rewrite takes them out of the file again.
    assert erasure["bytes after full refresh"] == set(), erasure["full refresh rewrite"]


def test_a_run_that_erases_nothing_does_not_rewrite_the_file(erasure):
    assert "nothing newly erased" in erasure["second rewrite"]
    assert not erasure["second run rewrote the file"]


def test_an_erasure_stands_when_the_run_publishes_nothing(copy_of_sample_hub, tmp_path):
    """`dbt run` (or a failed build) publishes nothing; its erasure is
    committed all the same."""
    build = Build(copy_of_sample_hub, tmp_path)
    assert build.run("build").returncode == 0
    (copy_of_sample_hub / "erasure_requests.csv").write_text(ERASURE_LIST)
    result = build.run("run", "--select", "dim_users")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Erasure: 3 person(s)" in result.stdout and "Publish: nothing published" in result.stdout
    assert personal_data_found(database(build), raw_lines(copy_of_sample_hub)) == set()
    assert build.one("select count(*) from monitoring.erasures where file_rewritten_at is null") == 1


def test_erasure_deletes_identity_rows_and_keeps_every_other_row(erasure):
    before, after = erasure["before"], erasure["after"]
    # The run log grows every run, and monitoring.erasures records this one.
    data_tables = {table for table in before if not table.startswith("monitoring.")}
    assert data_tables == {table for table in after if not table.startswith("monitoring.")}
    for table in data_tables:
        # Both copies of an identity mart: audited and published.
        if table.replace("audit.", "marts.") in DELETED_ON_ERASURE:
            assert len(after[table]) < len(before[table]), table
        else:
            assert len(after[table]) == len(before[table]), table
    assert erasure["reconciliation after"] == []


def test_their_logins_remain_only_in_pseudonymous_form(erasure):
    assert erasure["logins after"] == erasure["logins before"]
    assert erasure["logins after full refresh"] == erasure["logins before"]


def test_a_second_run_changes_nothing(erasure):
    data = lambda state: {table: rows for table, rows in erasure[state].items()
                          if not table.startswith("monitoring.")}  # the run log grows
    assert data("second run") == data("after")


def test_a_malformed_erasure_list_stops_the_run_at_its_start(copy_of_sample_hub, tmp_path):
    (copy_of_sample_hub / "erasure_requests.csv").write_text(
        "country_code,user_id,requested_on\nGB,3,2025-03-01\nUK,4,2025-03-01\n")
    result = Build(copy_of_sample_hub, tmp_path).run("seed")
    assert result.returncode != 0
    codes = ", ".join(sorted(entry["country_code"] for entry in REGISTRY.values()))
    assert ("erasure_requests.csv, line 3 is not a valid request. Each line: country_code"
            f" (a registered code: {codes})") in result.stdout
    assert "OK loaded seed" not in result.stdout
