"""The robustness suite: every kind of defect the Hub contract names,
planted by hubgen in a generated Hub, ends where the rules say.

One generated Hub (every country hubgen describes, which must be every
registered country: every format; 60 users each, eight months from March so
that both daylight-saving changes fall in it) holds every kind the run
survives, and is built once. One test per kind checks
that its planted lines end as the manifest says (the quarantine or
field_issues row with its reason, the value loaded, the copy counted as a
duplicate, the file reconciled as empty), and, for the files it is planted
in, that file_reconciliation matches the generator (lines read as counted
in the files themselves, and how many were duplicates and quarantined) and
that every valid line the generator wrote is in the marts. Whole-Hub tests
check the same for every file.

The contract breaks (the run must stop naming the file) are in
test_contract_breaks.py; the tests below hold both lists to hubgen, to the
pipeline's reason codes and to the contract (docs/hub-contract.md, a copy of
the team's). Documented in docs/testing.md, "Robustness suite".
"""
import csv
import datetime as dt
import fnmatch
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import (PROJECT, REGISTRY, Build, generate_hub, mart, planted_defects, verdicts_found,
                      verdicts_planted)
from hubgen import ALL_DEFECTS
from hubgen.countries import BY_CODE
from test_contract_breaks import BREAKS

HUB_OPTIONS = ["--users", "60", "--logins-per-user", "6", "--months", "8", "--start", "2025-03-01",
               "--defect-rate", "0.5", "--late-users", "0.2", "--corrections", "0.1", "--seed", "0",
               "--file-defect", "header_only_file", "fr", "users",
               "--file-defect", "empty_file", "uk", "logins",
               "--file-defect", "unregistered_folder", "de", "logins",
               "--file-defect", "file_name_in_other_case", "uk", "users",
               "--file-defect", "glob_characters_in_name", "uk", "logins",
               "--file-defect", "nested_folder", "de", "users",
               "--file-defect", "folder_named_like_a_file", "us", "logins",
               "--file-defect", "stray_line_ending_after_100000_lines", "fr", "logins"]
UNREGISTERED_WARNING = (f"Hub folder 'gb/' is not a registered country ({', '.join(sorted(REGISTRY))}):"
                        " its files are not loaded.")
# Whole-file kinds that are not deliveries: a folder, which a warning must name.
NOT_DELIVERIES = ("nested_folder", "folder_named_like_a_file")
NOT_LOADED = ("quarantined", "duplicate")  # outcomes of lines that must not reach the marts


@dataclass(frozen=True)
class Outcome:
    """Where a kind of defect must end: `text` for people (docs/testing.md lists
    it), `rows` the manifest rows it may have: (outcome, reason, column)."""
    text: str
    rows: frozenset


def quarantined(reason: str) -> Outcome:
    return Outcome(f"quarantine, reason `{reason}`", frozenset({("quarantined", reason, "")}))


def field_issue(reason: str, column: str) -> Outcome:
    mart_column = {"phone": "phone_e164"}.get(column, column)
    return Outcome(f"loaded; `{mart_column}` null, field_issues `{reason}`",
                   frozenset({("field_issue", reason, column)}))


def whole_file(text: str) -> Outcome:
    return Outcome(text, frozenset({("file", "", "")}))


# Every kind of defect the run must survive, and where it ends.
CLASSES = {
    "empty_line": quarantined("empty_line"),
    "unclosed_quote": quarantined("unclosed_quote"),
    "wrong_field_count": quarantined("wrong_field_count"),
    "stray_quote": quarantined("stray_quote"),
    "control_character": quarantined("control_character"),
    "line_too_long": quarantined("line_too_long"),
    "missing_user_id": quarantined("missing_user_id"),
    "invalid_user_id": quarantined("invalid_user_id"),
    "missing_email": quarantined("missing_email"),
    "invalid_email": quarantined("invalid_email"),
    "missing_login_time": quarantined("missing_login_time"),
    "invalid_login_time": quarantined("invalid_login_time"),
    "nonexistent_local_time": quarantined("nonexistent_local_time"),
    "unknown_user": quarantined("unknown_user"),
    "invalid_date_of_birth": field_issue("invalid_date", "date_of_birth"),
    "date_of_birth_in_future": field_issue("date_of_birth_in_future", "date_of_birth"),
    "date_of_birth_before_1900": field_issue("date_of_birth_before_1900", "date_of_birth"),
    "invalid_signup_date": field_issue("invalid_date", "signup_date"),
    "signup_date_in_future": field_issue("signup_date_in_future", "signup_date"),
    "invalid_phone": field_issue("invalid_phone", "phone"),
    "invalid_postcode": field_issue("invalid_postcode", "postcode"),
    "blank_optional_values": Outcome(
        "loaded; the blank values null, no field issue",
        frozenset({("loaded", "", column) for column in (
            "first_name", "last_name", "date_of_birth", "postcode", "phone_e164", "signup_date")})),
    "padded_values": Outcome(
        "loaded, trimmed (the e-mail in lower case)",
        frozenset({("loaded", "", "email"), ("loaded", "", "first_name"),
                   ("loaded", "", "logged_in_at_utc")})),
    "duplicate": Outcome("loaded once; the copy counted in `rows_duplicate`",
                         frozenset({("duplicate", "", "")})),
    "redelivered_login": Outcome(
        "loaded once, from its first delivery; the copy counted in `rows_duplicate`",
        frozenset({("duplicate", "", "")})),
    "zero_padded_user_id": Outcome("loaded as the same person: `007` is user `7`",
                                   frozenset({("loaded", "", "source_user_id")})),
    "lf_line_in_crlf_file": Outcome("loaded as if clean", frozenset({("loaded", "", "")})),
    "crlf_line_in_lf_file": Outcome("loaded as if clean", frozenset({("loaded", "", "")})),
    "ambiguous_local_time": Outcome(
        "loaded at the earlier instant, `is_ambiguous_local_time`",
        frozenset({("ambiguous_local_time", "", "logged_in_at_utc")})),
    "correction": Outcome("loaded; the later delivery's e-mail is the current one",
                          frozenset({("loaded", "", "email")})),
    "late_user": Outcome("loaded, once the user has arrived", frozenset({("loaded", "", "")})),
    "header_only_file": whole_file("reconciled with 0 lines; the run goes on"),
    "empty_file": whole_file("reconciled with 0 lines; the run goes on"),
    "unregistered_folder": whole_file(
        "not loaded; a warning names the folder; reconciled as `unrecognised`, 0 lines"),
    "file_name_in_other_case": whole_file("loaded as any delivery"),
    "glob_characters_in_name": whole_file("each of the two files read once"),
    "nested_folder": whole_file("not loaded; a warning names the sub-folder"),
    "folder_named_like_a_file": whole_file("not loaded; a warning names the folder"),
    "stray_line_ending_after_100000_lines": Outcome(
        "loaded, the line with the other line ending and every line after it",
        frozenset({("loaded", "", "")})),
}

# The Hub contract (docs/hub-contract.md): each case it names, in the Hub's
# layout and in "What real deliveries contain", and the kinds that plant it.
CONTRACT = {
    # The layout.
    "Sub-folder names are the app codes in lower case (`uk`, `fr`). Note that the ISO 3166-1 code"
    " of the United Kingdom is `GB`, not `UK`.":
        ["unregistered_folder"],
    "A user file's name contains `User Data`; a login file's name contains `LoginTS`. Later"
    " deliveries keep that word and add a suffix, e.g. `FR-User-LoginTS 2025-02.csv`,"
    " `UK User Data 2025-02-01.csv`.":
        ["glob_characters_in_name"],
    "The words `User Data` and `LoginTS` may come in any letter case, and so may the `.csv`"
    " extension (`UK user data 2025-03.CSV` is a user file). Only files directly inside a country"
    " folder are deliveries; anything else there (a sub-folder, a file matching no pattern) is"
    " reported, never silently skipped.":
        ["file_name_in_other_case", "nested_folder", "folder_named_like_a_file"],
    "A delivery's date is the date in its file name (`YYYY-MM` or `YYYY-MM-DD`; other countries"
    " may use other forms, e.g. `YYYYMMDD`, `YYYYMM`); a file with no date in its name is the first"
    " delivery. When a user appears in several deliveries, the latest delivery holds the current"
    " details; within one file, a later line corrects an earlier one.":
        ["correction"],
    "Both apps number their users from 1 with their own sequences: UK user 7 and FR user 7 are"
    " different people.":
        ["zero_padded_user_id"],
    # What real deliveries contain.
    "blank values, and values with stray spaces or odd case (`  Jean `, `JEAN@EXAMPLE.FR`)":
        ["blank_optional_values", "padded_values", "missing_user_id", "missing_email",
         "missing_login_time"],
    "exact duplicate rows": ["duplicate", "redelivered_login"],
    "the same user id twice with different details (a correction)": ["correction"],
    "invalid values: a malformed e-mail, a date that does not exist (`31/02/1990`), a birth date"
    " in the future, a non-numeric id":
        ["invalid_email", "invalid_date_of_birth", "invalid_signup_date", "date_of_birth_in_future",
         "invalid_user_id",
         # the pipeline's other value rules
         "date_of_birth_before_1900", "signup_date_in_future", "invalid_phone", "invalid_postcode",
         "invalid_login_time"],
    "logins of a user id that no user file has delivered yet (it may arrive later)":
        ["unknown_user", "late_user"],
    "local times that do not exist or occur twice at daylight-saving changes (Europe/Paris,"
    " Europe/London in late March and late October)":
        ["nonexistent_local_time", "ambiguous_local_time"],
    "a malformed line: too many or too few fields, an unclosed quote, a double quote inside a field"
    " that is not quoted (`Jo\"h\"n`), a line far longer than any real record, control characters"
    " (NUL, 0x1F) inside a field":
        ["wrong_field_count", "unclosed_quote", "empty_line", "stray_quote", "line_too_long",
         "control_character"],
    "line endings that differ from the country's usual one within a file (a stray LF in a CRLF"
    " file, or the reverse)":
        ["lf_line_in_crlf_file", "crlf_line_in_lf_file", "stray_line_ending_after_100000_lines"],
    "an empty file (header only)": ["header_only_file", "empty_file"],
    # Contract breaks: test_contract_breaks.py.
    "a required column missing or renamed in a file's header":
        ["missing_column", "renamed_column", "wrong_delimiter"],
    "a file that cannot be decoded in its country's declared encoding":
        ["undecodable_bytes", "wrong_encoding", "invalid_utf8"],
}
# Cases of the contract that are not kinds of defect hubgen plants, and
# where they are checked instead.
NOT_PLANTED = {
    "The hub folder is chosen at run time with the dbt variable `hub_dir` (`dbt build --vars"
    " '{hub_dir: /some/folder}'`). Its default is the sample hub shipped inside the project, so a"
    " plain `dbt build` works on a fresh clone.":
        "test_contract_breaks.py::test_a_wrong_or_empty_hub_dir_stops_the_run_saying_what_to_do",
    "Files arrive by copy and can take a while to land: a file is complete once its size and"
    " modification time stop changing (an app writes a whole file in under a minute). Once"
    " complete, a file is never edited, renamed or removed; a file that changes after the pipeline"
    " has read it is an operator problem to report, never data to ignore.":
        "not in this suite: a Hub changing during or after a run (issue 11, points 3 and 4)",
}
CONTRACT_COPY = PROJECT / "docs" / "hub-contract.md"
SHARED_CONTRACT = PROJECT.parent / "shared" / "hub-contract.md"


# What the generator wrote, read back from the files themselves.

def file_kind(source_file: str) -> str | None:
    """users or logins, by the names hubgen writes (in any letter case)."""
    folder, name = source_file.split("/")[0], source_file.split("/")[-1]
    country = BY_CODE.get(folder)
    for kind, pattern in (("users", country and country.users_file),
                          ("logins", country and country.logins_file)):
        if pattern and fnmatch.fnmatchcase(name.lower(), pattern.format(suffix="*").lower()):
            return kind
    return None


def data_lines(hub: Path, source_file: str) -> list[tuple[int, str]]:
    """(line number, text) of each line after the header, as the contract
    numbers them: lines end at LF, a CR before it is part of the ending."""
    country = BY_CODE[source_file.split("/")[0]]
    text = (hub / source_file).read_bytes().decode(country.encoding).removeprefix("\ufeff")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [(number, line.removesuffix("\r")) for number, line in enumerate(lines, 1)][1:]


def user_id(written: str, code: str) -> str:
    """An id as it loads: an integer id is a number (`007` is user `7`)."""
    return str(int(written)) if BY_CODE[code].integer_ids and written.isdigit() else written


def utc_text(written: str, code: str) -> str:
    """A login time as written by the country app, as UTC text."""
    country = BY_CODE[code]
    if country.login_format == "epoch":
        moment = dt.datetime.fromtimestamp(int(written), dt.timezone.utc)
    else:
        moment = dt.datetime.strptime(written, country.login_format)
        if country.login_zone != "UTC":  # fold=0: the earlier instant of an overlap
            moment = moment.replace(tzinfo=ZoneInfo(country.login_zone)).astimezone(dt.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def delivery_order(source_file: str) -> tuple:
    """The contract's order: the first delivery has no date in its name."""
    found = re.search(r"(\d{4})-?(\d{2})(?:-?(\d{2}))?\.csv$", source_file, re.I)
    return (found.group(1), found.group(2), found.group(3) or "01") if found else ("0",)


def deliveries(hub: Path) -> set[str]:
    """Every file directly inside a folder of the Hub (what the pipeline
    must reconcile): `uk/UK User Data.csv`."""
    return {f"{p.parent.name}/{p.name}" for p in hub.glob("*/*") if p.is_file()}


def written_rows(hub: Path, planted: list[dict]) -> dict:
    """Every valid line (not planted to be quarantined or dropped as a
    duplicate) of every registered country's file, as the marts must hold
    it: user lines as versions, the latest user details, logins."""
    not_loaded = {(r["source_file"], int(r["line_number"])) for r in planted if r["outcome"] in NOT_LOADED}
    versions, logins = {}, {}
    for source_file in sorted(deliveries(hub)):
        kind = file_kind(source_file)
        if kind is None:
            continue
        code = source_file.split("/")[0]
        delimiter = BY_CODE[code].delimiter
        for number, line in data_lines(hub, source_file):
            if (source_file, number) in not_loaded:
                continue
            fields = [field.strip() for field in next(csv.reader([line], delimiter=delimiter))]
            if kind == "users":
                versions[(source_file, number)] = (user_id(fields[0], code), fields[3].lower(),
                                                   fields[1] or None, fields[2] or None)
            else:
                logins[(source_file, number)] = (user_id(fields[0], code), utc_text(fields[1], code))
    users = {}
    for (source_file, number), (user, *details) in sorted(
            versions.items(), key=lambda item: (delivery_order(item[0][0]), item[0][1])):
        users[(source_file.split("/")[0], user)] = tuple(details)  # the latest wins
    return {"versions": versions, "users": users, "logins": logins}


# What the build holds, read once.

@dataclass
class Robust:
    hub: Path
    planted: list[dict]
    build: Build
    output: str
    found: dict
    written: dict

    def rows_of(self, defect: str) -> list[dict]:
        return [r for r in self.planted if r["defect"] == defect]


def read_marts(build: Build) -> dict:
    history_columns = ["source_user_id", "email", "first_name", "last_name", "date_of_birth",
                       "postcode", "phone_e164", "signup_date"]
    history = build.query(f"select source_file, line_number, {', '.join(history_columns)}"
                          f" from {mart('dim_users_history')}")
    return {
        "quarantine": {(f, n): reason for f, n, reason in build.query(
            f"select source_file, line_number, reason from {mart('quarantine')}")},
        "field_issues": {(f, n, column): reason for f, n, column, reason in build.query(
            f"select source_file, line_number, column_name, reason from {mart('field_issues')}")},
        "duplicates": {(f, n) for f, n in build.query(
            "select source_file, line_number from intermediate.int_users_validated"
            " where line_status = 'duplicate' union all"
            " select source_file, line_number from intermediate.int_logins_validated"
            " where line_status = 'duplicate'")},
        "logins": {(f, n): rest for f, n, *rest in build.query(
            "select source_file, line_number, source_user_id,"
            " strftime(logged_in_at_utc, '%Y-%m-%d %H:%M:%S'), is_ambiguous_local_time"
            f" from {mart('fct_logins')}")},
        "history": {(row[0], row[1]): dict(zip(history_columns, (None if v is None else str(v)
                                                                  for v in row[2:])))
                    for row in history},
        "users": {(file.split("/")[0], user): (email, first, last)
                  for user, email, first, last, file in build.query(
                      "select source_user_id, email, first_name, last_name, last_delivered_in_file"
                      f" from {mart('dim_users')}")},
        "reconciliation": {f: rest for f, *rest in build.query(
            "select source_file, file_kind, rows_read, rows_loaded, rows_duplicate, rows_quarantined"
            f" from {mart('file_reconciliation')}")},
    }


@pytest.fixture(scope="module")
def robust(tmp_path_factory) -> Robust:
    workdir = tmp_path_factory.mktemp("robustness")
    hub = workdir / "hub"
    planted = planted_defects(generate_hub(hub, *HUB_OPTIONS))
    build = Build(hub, workdir)
    result = build.run("build")
    assert result.returncode == 0, result.stdout[-5000:]
    return Robust(hub, planted, build, result.stdout + result.stderr, read_marts(build),
                  written_rows(hub, planted))


# Checks, each for some files.

def ends_as_planted(robust: Robust, row: dict):
    """None when the planted row ended where it says; else what was found."""
    found, where = robust.found, (row["source_file"], int(row["line_number"]))
    column, expected = row["column_name"], row["expected_value"] or None
    login, version = found["logins"].get(where), found["history"].get(where)
    quarantine = found["quarantine"].get(where)
    if row["outcome"] == "file":
        source_file = row["source_file"]
        if row["defect"] in NOT_DELIVERIES:  # a folder: nothing in it read
            return check(read_from(robust, source_file), {})
        reconciled = found["reconciliation"].get(source_file) or [None]
        kind = "unrecognised" if row["defect"] == "unregistered_folder" else file_kind(source_file)
        return check((reconciled[0], reconciliation_problems(robust, {source_file})), (kind, []))
    if row["outcome"] == "quarantined":
        return check((quarantine, login, version), (row["reason"], None, None))
    if row["outcome"] == "duplicate":
        return check((where in found["duplicates"], quarantine, login, version), (True, None, None, None))
    if row["outcome"] == "field_issue":
        mart_column = {"phone": "phone_e164"}.get(column, column)
        return check((found["field_issues"].get((*where, column)), quarantine,
                      version is not None, (version or {}).get(mart_column)),
                     (row["reason"], None, True, None))
    if row["outcome"] == "ambiguous_local_time":
        return check((login and login[1:], quarantine), ([expected, True], None))
    if column == "logged_in_at_utc":
        return check((login and login[1], quarantine), (expected, None))
    if column == "source_user_id":  # a user line or a login line
        loaded_as = login[0] if login else (version or {}).get(column)
        return check((loaded_as, quarantine), (expected, None))
    if column:
        return check((version is not None, (version or {}).get(column), quarantine), (True, expected, None))
    return check((login is not None or version is not None, quarantine), (True, None))  # loaded


def check(found, expected):
    return None if found == expected or list(found) == list(expected) else {"found": found, "expected": expected}


def read_from(robust: Robust, folder: str) -> dict:
    """What the build read from the files inside a folder that is not a
    delivery: reconciled lines and rows in any mart."""
    inside = [row for source_file, row in robust.found["reconciliation"].items()
              if source_file.startswith(folder + "/") and row[1:] != [0, 0, 0, 0]]
    marts = [where for table in ("quarantine", "logins", "history")
             for where in robust.found[table] if where[0].startswith(folder + "/")]
    return {name: rows for name, rows in (("file_reconciliation", inside), ("marts", marts)) if rows}


def reconciliation_problems(robust: Robust, files: set[str]) -> list:
    """Files whose reconciliation is not what the generator wrote: lines
    read (counted in the file itself), and how many were duplicates and
    quarantined; or that does not balance."""
    problems = []
    for source_file in sorted(files):
        planted = Counter(r["outcome"] for r in robust.planted if r["source_file"] == source_file
                          and r["outcome"] in NOT_LOADED)
        registered = file_kind(source_file) is not None
        lines = len(data_lines(robust.hub, source_file)) if registered else 0
        expected = [lines, lines - planted["duplicate"] - planted["quarantined"],
                    planted["duplicate"], planted["quarantined"]]
        found = robust.found["reconciliation"].get(source_file)
        if found is None or found[1:] != expected or found[1] != sum(found[2:]):
            problems.append((source_file, found, expected))
    return problems


def missing_rows(robust: Robust, files: set[str]) -> dict:
    """Valid lines of the files that the marts do not hold as written."""
    found, written = robust.found, robust.written
    logins = {where: found["logins"].get(where, [None])[:2] for where in written["logins"]
              if where[0] in files}
    versions = {where: found["history"].get(where, {}) for where in written["versions"] if where[0] in files}
    return {
        "fct_logins": {where: (login, list(written["logins"][where]))
                       for where, login in logins.items() if login != list(written["logins"][where])},
        "dim_users_history": {
            where: (version, written["versions"][where]) for where, version in versions.items()
            if tuple(version.get(c) for c in ("source_user_id", "email", "first_name", "last_name"))
            != written["versions"][where]},
    }


# One test per kind of defect.

@pytest.mark.parametrize("defect", CLASSES)
def test_each_kind_of_defect_ends_where_the_rules_say(robust, defect):
    rows = robust.rows_of(defect)
    assert rows, f"the generated Hub has no {defect}: change HUB_OPTIONS"
    assert {(r["outcome"], r["reason"], r["column_name"]) for r in rows} <= CLASSES[defect].rows, \
        "hubgen's manifest disagrees with this suite about where the defect ends"
    if ALL_DEFECTS[defect] in ("users", "logins", "users, logins"):  # planted in each kind of file
        assert {file_kind(r["source_file"]) for r in rows} == set(ALL_DEFECTS[defect].split(", "))
    wrong = [(r, found) for r in rows if (found := ends_as_planted(robust, r))]
    assert wrong == []
    files = {r["source_file"] for r in rows} & deliveries(robust.hub)
    assert reconciliation_problems(robust, files) == []
    assert missing_rows(robust, files) == {"fct_logins": {}, "dim_users_history": {}}


def test_the_unregistered_folder_is_named_in_a_warning(robust):
    assert UNREGISTERED_WARNING in robust.output


@pytest.mark.parametrize("defect", NOT_DELIVERIES)
def test_a_folder_inside_a_country_folder_is_named_in_a_warning(robust, defect):
    folder, = {r["source_file"] for r in robust.rows_of(defect)}
    warnings = [line for line in robust.output.splitlines() if "WARN" in line.upper()]
    assert [line for line in warnings if folder in line], \
        f"no warning names {folder}: {warnings}"


# The whole generated Hub.

def test_the_build_completes_without_error(robust):
    summary = robust.output.strip().splitlines()[-1]
    # One warning test: file_reconciliation.file_kind has a file it does not recognise.
    assert "ERROR=0" in summary and "WARN=1" in summary, summary
    assert "Traceback" not in robust.output


def test_every_file_reconciles_with_what_the_generator_wrote(robust):
    reconciled = robust.found["reconciliation"]
    assert deliveries(robust.hub) - set(reconciled) == set(), "files not reconciled"
    # Anything else reconciled (inside a folder that is not a delivery) read nothing.
    assert {f: row for f, row in reconciled.items()
            if f not in deliveries(robust.hub) and row != ["unrecognised", 0, 0, 0, 0]} == {}
    assert reconciliation_problems(robust, deliveries(robust.hub)) == []


def test_every_valid_line_is_in_the_marts_as_written(robust):
    assert missing_rows(robust, deliveries(robust.hub)) == {"fct_logins": {}, "dim_users_history": {}}
    # ... and nothing else: the marts hold no line the generator did not mean to load.
    assert set(robust.found["logins"]) == set(robust.written["logins"])
    assert set(robust.found["history"]) == set(robust.written["versions"])


def test_each_user_has_the_details_of_their_latest_delivery(robust):
    assert robust.found["users"] == robust.written["users"]


def test_nothing_is_quarantined_or_flagged_that_was_not_planted(robust):
    assert verdicts_found(robust.build) == verdicts_planted(robust.planted)


def test_late_users_arrive_after_logins_that_loaded(robust):
    """The late users' logins were delivered before their user: the class is really planted."""
    first_delivery = dict(robust.build.query(
        f"select concat_ws('|', split_part(source_file, '/', 1), source_user_id), source_file"
        f" from {mart('dim_users_history')} where version_number = 1"))
    for row in robust.rows_of("late_user"):
        user = robust.found["logins"][(row["source_file"], int(row["line_number"]))][0]
        arrived_in = first_delivery[f"{row['source_file'].split('/')[0]}|{user}"]
        assert delivery_order(arrived_in) > delivery_order(row["source_file"]), row


def test_a_redelivered_login_is_once_in_fct_logins_from_its_first_delivery(robust):
    """The copy is the same login as one of an earlier file: the class is really planted."""
    first_files = {}
    for (source_file, _), login in robust.found["logins"].items():
        first_files.setdefault((source_file.split("/")[0], *login[:2]), []).append(source_file)
    for row in robust.rows_of("redelivered_login"):
        code = row["source_file"].split("/")[0]
        line = dict(data_lines(robust.hub, row["source_file"]))[int(row["line_number"])]
        user, written = next(csv.reader([line], delimiter=BY_CODE[code].delimiter))
        files = first_files.get((code, user_id(user, code), utc_text(written, code)))
        assert files and len(files) == 1 and delivery_order(files[0]) < delivery_order(row["source_file"]), row


# The suite covers what hubgen plants, what the pipeline says and what the contract names.

def test_every_kind_hubgen_plants_has_a_test_and_every_test_a_kind():
    covered = Counter([*CLASSES, *dict.fromkeys(case.defect for case in BREAKS)])
    assert [kind for kind, times in covered.items() if times > 1] == [], "a kind in both suites"
    assert set(covered) == set(ALL_DEFECTS)


def test_hubgen_describes_every_registered_country():
    """A generated Hub holds every country of the registry (a new country
    needs its hubgen description: docs/adding-a-country.md)."""
    assert set(BY_CODE) == set(REGISTRY)


def test_every_reason_the_pipeline_gives_is_covered():
    macros = "\n".join(path.read_text() for path in sorted((PROJECT / "macros").rglob("*.sql")))

    def listed(macro):
        body = re.search(r"macro " + macro + r"\(\).*?return\(\[(.*?)\]\)", macros, re.S).group(1)
        return set(re.findall(r"'(\w+)'", body))
    expected = [row for outcome in CLASSES.values() for row in outcome.rows]
    assert listed("quarantine_reasons") == {reason for outcome, reason, _ in expected
                                            if outcome == "quarantined"}
    assert listed("field_issue_reasons") == {reason for outcome, reason, _ in expected
                                             if outcome == "field_issue"}


def test_every_kind_is_a_case_of_the_contract():
    traced = {kind for kinds in CONTRACT.values() for kind in kinds}
    assert sorted(traced) == sorted(ALL_DEFECTS)


def contract_cases(contract: str) -> list[str]:
    """The bullets of the contract's Hub layout and of "What real deliveries
    contain", white space folded."""
    layout = contract.split("\n## ")[0]
    deliveries_contain = contract.split("## What real deliveries contain")[1].split("\n## ")[0]
    bullets = re.findall(r"^- (.*(?:\n  .*)*)", layout + "\n" + deliveries_contain, re.M)
    return sorted(" ".join(b.split()) for b in bullets)


def test_the_contract_cases_are_those_of_the_shared_contract():
    """The suite against the project's copy of the contract (CI has no
    ../shared), and the copy against the team's where it is beside the
    project."""
    note, copy = CONTRACT_COPY.read_text().split("\n", 1)
    assert note.startswith("<!--") and "copy" in note, "docs/hub-contract.md starts by saying it is a copy"
    if SHARED_CONTRACT.exists():
        assert copy == SHARED_CONTRACT.read_text(), f"copy {SHARED_CONTRACT} to {CONTRACT_COPY} again"
    assert contract_cases(copy) == sorted(" ".join(case.split()) for case in [*CONTRACT, *NOT_PLANTED])


def test_the_testing_doc_lists_every_kind():
    section = (PROJECT / "docs" / "testing.md").read_text().split("## Robustness suite")[1].split("\n## ")[0]
    assert [kind for kind in ALL_DEFECTS if f"`{kind}`" not in section] == []
