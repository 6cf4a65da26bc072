"""The sample Hub: every planted defect ends where the rules say."""
from pathlib import Path

import pytest

from conftest import SAMPLE_HUB, planted_defects

PLANTED = planted_defects()


def test_build_has_no_errors_or_warnings(sample_build):
    summary = sample_build.build_output.strip().splitlines()[-1]
    assert "ERROR=0" in summary and "WARN=0" in summary, summary


@pytest.mark.parametrize("mart", ["dim_users", "dim_users_history", "fct_logins", "dim_countries",
                                  "quarantine", "field_issues", "file_reconciliation"])
def test_every_mart_is_populated(sample_build, mart):
    assert sample_build.one(f"select count(*) from marts.{mart}") > 0


@pytest.mark.parametrize("row", [r for r in PLANTED if r["outcome"] == "quarantined"],
                         ids=lambda r: f"{r['source_file']}:{r['line_number']}")
def test_planted_quarantine(sample_build, row):
    reason = sample_build.one(
        "select reason from marts.quarantine where source_file = ? and line_number = ?",
        row["source_file"], int(row["line_number"]))
    assert reason == row["reason"]


@pytest.mark.parametrize("row", [r for r in PLANTED if r["outcome"] == "field_issue"],
                         ids=lambda r: f"{r['source_file']}:{r['line_number']}")
def test_planted_field_issue(sample_build, row):
    reason = sample_build.one(
        "select reason from marts.field_issues"
        " where source_file = ? and line_number = ? and column_name = ?",
        row["source_file"], int(row["line_number"]), row["column_name"])
    assert reason == row["reason"]


def test_nothing_is_quarantined_or_dropped_that_was_not_planted(sample_build):
    planted_quarantine = {(r["source_file"], int(r["line_number"]))
                          for r in PLANTED if r["outcome"] == "quarantined"}
    planted_issues = {(r["source_file"], int(r["line_number"]), r["column_name"])
                      for r in PLANTED if r["outcome"] == "field_issue"}
    assert set(sample_build.query(
        "select source_file, line_number from marts.quarantine")) == planted_quarantine
    assert set(sample_build.query(
        "select source_file, line_number, column_name from marts.field_issues")) == planted_issues


def test_planted_duplicates_are_kept_once(sample_build):
    planted = {(r["source_file"], int(r["line_number"]))
               for r in PLANTED if r["outcome"] == "duplicate"}
    found = set(sample_build.query(
        "select source_file, line_number from intermediate.int_users_validated where line_status = 'duplicate'"
        " union all "
        "select source_file, line_number from intermediate.int_logins_validated where line_status = 'duplicate'"))
    assert found == planted
    per_file = dict(sample_build.query(
        "select source_file, rows_duplicate from marts.file_reconciliation"))
    for source_file, _ in planted:
        assert per_file[source_file] >= 1


@pytest.mark.parametrize("row", [r for r in PLANTED if r["outcome"] == "loaded" and r["column_name"]],
                         ids=lambda r: f"{r['source_file']}:{r['line_number']}:{r['column_name']}")
def test_planted_values_load_normalised(sample_build, row):
    expected = row["expected_value"] or None
    if row["column_name"] == "logged_in_at_utc":
        value = sample_build.one(
            "select strftime(logged_in_at_utc, '%Y-%m-%d %H:%M:%S') from marts.fct_logins"
            " where source_file = ? and line_number = ?",
            row["source_file"], int(row["line_number"]))
    else:
        value = sample_build.one(
            f"select cast({row['column_name']} as varchar) from marts.dim_users_history"
            " where source_file = ? and line_number = ?",
            row["source_file"], int(row["line_number"]))
    assert value == expected


def test_ambiguous_local_time_takes_the_earlier_instant_and_is_flagged(sample_build):
    for row in (r for r in PLANTED if r["outcome"] == "ambiguous_local_time"):
        utc, flagged = sample_build.one(
            "select strftime(logged_in_at_utc, '%Y-%m-%d %H:%M:%S'), is_ambiguous_local_time"
            " from marts.fct_logins where source_file = ? and line_number = ?",
            row["source_file"], int(row["line_number"]))
        assert (utc, flagged) == (row["expected_value"], True)
    planted = sum(r["outcome"] == "ambiguous_local_time" for r in PLANTED)
    assert sample_build.one("select count(*) from marts.fct_logins where is_ambiguous_local_time") == planted


def test_reconciliation_counts_every_line_of_every_file(sample_build):
    """rows_read is checked against the files themselves, counted here."""
    reconciled = {row[0]: row[1:] for row in sample_build.query(
        "select source_file, rows_read, rows_loaded, rows_duplicate, rows_quarantined"
        " from marts.file_reconciliation")}
    files = sorted(p for p in SAMPLE_HUB.glob("*/*") if p.is_file())
    assert set(reconciled) == {str(p.relative_to(SAMPLE_HUB)) for p in files}
    for path in files:
        data_lines = len(path.read_bytes().splitlines()) - 1
        read, loaded, duplicate, quarantined = reconciled[str(path.relative_to(SAMPLE_HUB))]
        assert read == data_lines == loaded + duplicate + quarantined, path


def test_corrections_follow_the_contract(sample_build):
    """Latest delivery wins; within one file, the later line wins."""
    email = "select email from marts.dim_users where country_code = ? and source_user_id = ?"
    assert sample_build.one(email, "GB", "3") == "george.taylor@corrected.co.uk"
    assert sample_build.one(email, "GB", "8") == "mia.davies@newmail.co.uk"
    assert sample_build.one(email, "FR", "9") == "maelle.noel@nouveau.fr"
    versions = sample_build.query(
        "select version_number, valid_from, valid_to, is_current from marts.dim_users_history"
        " where country_code = 'GB' and source_user_id = '3' order by version_number")
    assert [(v[0], str(v[1]), str(v[2]), v[3]) for v in versions] == [
        (1, "None", "2025-02-01", False), (2, "2025-02-01", "None", True)]
    # User 12 was delivered again unchanged: no new version.
    assert sample_build.one("select count(*) from marts.dim_users_history"
                            " where country_code = 'GB' and source_user_id = '12'") == 1


def test_same_id_in_two_countries_is_two_people(sample_build):
    keys = sample_build.query("select country_code, user_key from marts.dim_users"
                              " where source_user_id = '7' order by country_code")
    assert [k[0] for k in keys] == ["FR", "GB", "US"]
    assert len({k[1] for k in keys}) == 3


def test_late_user_admits_logins_quarantined_before(sample_build):
    """UK user 31 logs in in January; the user arrives in the February delivery."""
    assert sample_build.one("select count(*) from marts.fct_logins"
                            " where country_code = 'GB' and source_user_id = '31'") == 1
    assert sample_build.one("select count(*) from marts.quarantine where source_user_id = '31'") == 0


def test_french_names_arrive_exactly_as_written(sample_build):
    names = set(sample_build.query("select first_name, last_name from marts.dim_users where country_code = 'FR'"))
    assert {("Lœtitia", "Dubois"), ("Jean", "D’Artagnan"), ("Hélène", "Lefèvre"),
            ("François", "Garçon"), ("Zoé", "Lœuvre")} <= names
