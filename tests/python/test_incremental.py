"""Incremental runs give exactly what a full rebuild gives, a late user
re-admits the logins held back for them, and a run with nothing new
changes nothing."""
from pathlib import Path

import duckdb
import pytest

from conftest import FR_USERS_HEADER, UK_USERS_HEADER, Build, write_fr, write_uk

MARTS = ["dim_users", "dim_users_history", "fct_logins", "dim_countries",
         "quarantine", "field_issues", "file_reconciliation",
         "pseudonymous_users", "pseudonymous_logins"]

DELIVERIES = [
    {  # first delivery: no date in the names
        "uk/UK User Data.csv": [
            UK_USERS_HEADER,
            "1,Ada,Lovelace,ada@example.co.uk,10/12/1985,EC1A 1BB,07700 900100,01/12/2024",
            "2,Alan,Turing,alan@example.co.uk,23/06/1982,M1 1AE,07700 900101,02/12/2024",
            "3,Grace,Hopper,not-an-email,09/12/1986,,,03/12/2024",
        ],
        "uk/UK-User-LoginTS.csv": [
            "user_id,login_timestamp",
            "1,2025-01-02T08:00:00Z",
            "2,2025-01-03T09:00:00Z",
            "4,2025-01-04T10:00:00Z",  # user 4 arrives in the second delivery
            "4,2025-01-05T10:00:00Z",
            "1,2025-01-02T08:00:00Z",  # exact duplicate
        ],
        "fr/FR User Data.csv": [
            FR_USERS_HEADER,
            "1;Cécile;Perrault;cecile@example.fr;01/02/1990;06000;06 11 11 11 11;2024-12-01",
        ],
        "fr/FR-User-LoginTS.csv": [
            "id_utilisateur;horodatage_connexion",
            "1;10/01/2025 10:00:00",
            "2;11/01/2025 10:00:00",  # FR user 2 arrives in the third delivery
        ],
    },
    {
        "uk/UK User Data 2025-02-01.csv": [
            UK_USERS_HEADER,
            "4,Katherine,Johnson,katherine@example.co.uk,26/08/1918,LS1 4AP,07700 900104,20/01/2025",
            "2,Alan,Turing,alan.turing@example.co.uk,23/06/1982,M1 1AE,07700 900101,02/12/2024",
        ],
        "uk/UK-User-LoginTS 2025-02.csv": [
            "user_id,login_timestamp",
            "1,2025-01-02T08:00:00Z",  # already delivered in January
            "2,2025-02-03T09:00:00Z",
            "5,2025-02-04T09:00:00Z",  # never delivered
        ],
    },
    {
        "fr/FR User Data 2025-03.csv": [
            FR_USERS_HEADER,
            "2;Œdipe;L’Hôte;oedipe@example.fr;02/03/1991;97400;+33 6 22 22 22 22;2025-01-05",
            "1;Cécile;Perrault;cecile.perrault@example.fr;01/02/1990;06000;06 11 11 11 11;2024-12-01",
        ],
        "fr/FR-User-LoginTS 2025-03.csv": [
            "id_utilisateur;horodatage_connexion",
            "2;30/03/2025 02:30:00",  # a time that does not exist in Paris
            "2;30/03/2025 03:30:00",
        ],
    },
]


def deliver(hub: Path, delivery: dict):
    for name, lines in delivery.items():
        (write_fr if name.startswith("fr/") else write_uk)(hub / name, lines)


def marts(build: Build, with_audit_columns=False, schema="marts") -> dict:
    """Every mart's rows, as published (or as audited: schema='audit')."""
    snapshot = {}
    for mart in MARTS:
        columns = [c for (c,) in build.query(
            "select column_name from information_schema.columns"
            " where table_schema = ? and table_name = ? order by ordinal_position", schema, mart)
            if with_audit_columns or c not in ("processed_at", "landed_at")]
        snapshot[mart] = build.query(f"select {', '.join(columns)} from {schema}.{mart} order by all")
    return snapshot


@pytest.fixture(scope="module")
def delivered_one_by_one(tmp_path_factory):
    """The hub after each of three deliveries, built incrementally each time."""
    hub = tmp_path_factory.mktemp("hub")
    build = Build(hub, tmp_path_factory.mktemp("incremental"))
    after_each = []
    for delivery in DELIVERIES:
        deliver(hub, delivery)
        result = build.run("build")
        assert result.returncode == 0, result.stdout[-5000:]
        after_each.append(marts(build))
        # Publishing sends only what changed, and the copy stays exact.
        assert after_each[-1] == marts(build, schema="audit")
    return hub, build, after_each


def test_incremental_runs_equal_a_full_refresh(delivered_one_by_one, tmp_path):
    hub, incremental, after_each = delivered_one_by_one
    full = Build(hub, tmp_path)
    result = full.run("build", "--full-refresh")
    assert result.returncode == 0, result.stdout[-5000:]
    rebuilt = marts(full)
    for mart in MARTS:
        assert after_each[-1][mart] == rebuilt[mart], mart


def test_a_late_user_readmits_held_back_logins(delivered_one_by_one):
    _, build, after_each = delivered_one_by_one
    held_back = [row for row in after_each[0]["quarantine"] if "unknown_user" in row]
    assert {(row[1], row[2]) for row in held_back} == {
        ("uk/UK-User-LoginTS.csv", 4), ("uk/UK-User-LoginTS.csv", 5), ("fr/FR-User-LoginTS.csv", 3)}
    assert build.one("select count(*) from marts.fct_logins where country_code = 'GB' and source_user_id = '4'") == 2
    assert build.query("select source_file, line_number, reason from marts.quarantine order by all") == [
        ("fr/FR-User-LoginTS 2025-03.csv", 2, "nonexistent_local_time"),
        ("uk/UK User Data.csv", 4, "invalid_email"),
        ("uk/UK-User-LoginTS 2025-02.csv", 4, "unknown_user"),
    ]
    # The snapshot saw each re-admitted line leave the quarantine.
    assert build.one("select count(*) from snapshots.quarantine_snapshot"
                     " where reason = 'unknown_user' and dbt_valid_to is not null") == 3


def test_a_login_redelivered_keeps_its_first_delivery(delivered_one_by_one):
    _, build, _ = delivered_one_by_one
    assert build.query("select source_file, line_number from marts.fct_logins"
                       " where country_code = 'GB' and logged_in_at_utc = '2025-01-02 08:00:00'") == [
        ("uk/UK-User-LoginTS.csv", 2)]
    # The February file's copy of that login counts as a duplicate, not a load.
    counts = {file: (loaded, duplicate) for file, loaded, duplicate in build.query(
        "select source_file, rows_loaded, rows_duplicate from marts.file_reconciliation")}
    assert counts["uk/UK-User-LoginTS 2025-02.csv"] == (1, 1)
    assert counts["uk/UK-User-LoginTS.csv"] == (4, 1)  # two re-admitted in the second run


def test_a_run_with_nothing_new_changes_nothing(delivered_one_by_one):
    _, build, _ = delivered_one_by_one
    before = marts(build, with_audit_columns=True)
    result = build.run("build")
    assert result.returncode == 0, result.stdout[-5000:]
    assert marts(build, with_audit_columns=True) == before


def test_a_login_lost_among_new_lines_fails_the_check(copy_of_sample_hub, tmp_path):
    """assert_logins_not_lost reads only the lines judged since the published
    build: a login of such a line missing from fct_logins is still caught."""
    build = Build(copy_of_sample_hub, tmp_path)
    assert build.run("build").returncode == 0
    with duckdb.connect(str(build.database)) as connection:
        login = connection.execute("select country_code, source_user_id, logged_in_at_utc"
                                   " from audit.fct_logins order by all limit 1").fetchone()
        match = "country_code = ? and source_user_id = ? and logged_in_at_utc = ?"
        connection.execute(f"delete from audit.fct_logins where {match}", login)
        connection.execute("update intermediate.int_logins_validated"
                           f" set processed_at = now() + interval 1 day where {match}", login)
    result = build.run("test", "--select", "assert_logins_not_lost")
    assert result.returncode == 1
    assert "FAIL 1 assert_logins_not_lost" in result.stdout
