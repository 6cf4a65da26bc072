"""The sample Hub: every planted defect ends where the rules say."""
import pytest

from conftest import (SAMPLE_HUB, planted_defects, planted_outcome, reconciliation_mismatches,
                      verdicts_found, verdicts_planted)

PLANTED = planted_defects()


def test_build_has_no_errors_or_warnings(sample_build):
    summary = sample_build.build_output.strip().splitlines()[-1]
    assert "ERROR=0" in summary and "WARN=0" in summary, summary


@pytest.mark.parametrize("mart", ["dim_users", "dim_users_history", "fct_logins", "dim_countries",
                                  "quarantine", "field_issues", "file_reconciliation"])
def test_every_mart_is_populated(sample_build, mart):
    assert sample_build.one(f"select count(*) from marts.{mart}") > 0


@pytest.mark.parametrize("row", [r for r in PLANTED if r["outcome"] != "loaded" or r["column_name"]],
                         ids=lambda r: f"{r['source_file']}:{r['line_number']}:{r['outcome']}:{r['column_name']}")
def test_planted_row_ends_where_it_says(sample_build, row):
    found, planted = planted_outcome(sample_build, row)
    assert found == planted


def test_nothing_is_quarantined_or_dropped_that_was_not_planted(sample_build):
    assert verdicts_found(sample_build) == verdicts_planted(PLANTED)


def test_planted_duplicates_are_counted_in_their_files(sample_build):
    per_file = dict(sample_build.query(
        "select source_file, rows_duplicate from marts.file_reconciliation"))
    for row in (r for r in PLANTED if r["outcome"] == "duplicate"):
        assert per_file[row["source_file"]] >= 1


def test_reconciliation_counts_every_line_of_every_file(sample_build):
    """rows_read is checked against the files themselves."""
    assert reconciliation_mismatches(sample_build, SAMPLE_HUB) == []


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
    """Whichever countries the registry holds: an id several of them
    deliver is one person per country."""
    ids = sample_build.query("select source_user_id, count(distinct country_code), count(distinct user_key)"
                             " from marts.dim_users group by source_user_id having count(distinct country_code) > 1")
    assert ids, "the sample Hub has no id delivered in two countries"
    assert [(user_id, keys) for user_id, countries, keys in ids if keys != countries] == []


def test_late_user_admits_logins_quarantined_before(sample_build):
    """UK user 31 logs in in January; the user arrives in the February delivery."""
    assert sample_build.one("select count(*) from marts.fct_logins"
                            " where country_code = 'GB' and source_user_id = '31'") == 1
    assert sample_build.one("select count(*) from marts.quarantine where source_user_id = '31'") == 0


def test_french_names_arrive_exactly_as_written(sample_build):
    names = set(sample_build.query("select first_name, last_name from marts.dim_users where country_code = 'FR'"))
    assert {("Lœtitia", "Dubois"), ("Jean", "D’Artagnan"), ("Hélène", "Lefèvre"),
            ("François", "Garçon"), ("Zoé", "Lœuvre")} <= names
