"""hubgen: generated Hubs are deterministic, written in each country's own
format, and the pipeline puts every planted defect where the manifest says."""
import csv
import fnmatch
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from conftest import (PROJECT, Build, planted_defects, planted_outcome, reconciliation_mismatches,
                      verdicts_found, verdicts_planted)
from conftest import generate_hub as hubgen
from hubgen import DEFECTS, FILE_DEFECTS
from hubgen.countries import BY_CODE

REGISTRY = yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["vars"]["hub_countries"]
SMALL = ["--users", "40", "--logins-per-user", "8", "--months", "2", "--late-users", "0.2"]
# Eight months from March hold both daylight-saving changes; a high defect
# rate on a small Hub plants every kind of defect in little time.
END_TO_END = ["--users", "40", "--logins-per-user", "8", "--months", "8", "--start", "2025-03-01",
              "--defect-rate", "0.25", "--corrections", "0.1", "--seed", "0"]
FORMATS = {  # what the contract says, independently of hubgen's own table
    "uk": {"encoding": "utf-8", "bom": False, "newline": b"\n", "delimiter": ","},
    "fr": {"encoding": "cp1252", "bom": False, "newline": b"\r\n", "delimiter": ";"},
    "de": {"encoding": "utf-8", "bom": True, "newline": b"\n", "delimiter": ";"},
    "us": {"encoding": "utf-8", "bom": False, "newline": b"\r\n", "delimiter": ","},
}


def contents(hub: Path) -> dict[str, bytes]:
    return {str(p.relative_to(hub)): p.read_bytes() for p in sorted(hub.glob("*/*"))}


@pytest.fixture(scope="module")
def small_hub(tmp_path_factory) -> Path:
    hub = tmp_path_factory.mktemp("small") / "hub"
    hubgen(hub, *SMALL)
    return hub


@pytest.fixture(scope="module")
def clean_hub(tmp_path_factory) -> Path:
    hub = tmp_path_factory.mktemp("clean") / "hub"
    hubgen(hub, *SMALL, "--defect-rate", "0")
    return hub


def test_same_seed_gives_the_same_bytes(small_hub, tmp_path):
    again = tmp_path / "hub"
    manifest = hubgen(again, *SMALL)
    assert contents(again) == contents(small_hub)
    assert manifest.read_bytes() == small_hub.with_name("hub.manifest.csv").read_bytes()
    other = tmp_path / "other"
    hubgen(other, *SMALL, "--seed", "1")
    assert contents(other) != contents(small_hub)


def test_a_country_alone_is_the_same_as_in_the_full_hub(small_hub, tmp_path):
    hub = tmp_path / "hub"
    hubgen(hub, *SMALL, "--countries", "fr")
    assert contents(hub) == {k: v for k, v in contents(small_hub).items() if k.startswith("fr/")}


def test_append_days_adds_one_daily_delivery(tmp_path):
    hub = tmp_path / "hub"
    manifest = hubgen(hub, *SMALL)
    before = contents(hub)
    hubgen(hub, *SMALL, "--append-days", "1")
    added = contents(hub).keys() - before.keys()
    assert sorted(added) == ["de/DE-Anmeldungen 2025-03-01.csv", "fr/FR-User-LoginTS 2025-03-01.csv",
                             "uk/UK-User-LoginTS 2025-03-01.csv", "us/US_logins_20250301.csv"]
    assert all(contents(hub)[name] == data for name, data in before.items())
    files = {row["source_file"] for row in planted_defects(manifest)}
    assert files & added and files - added, "the manifest keeps the earlier rows"


@pytest.mark.parametrize("code", FORMATS)
def test_each_country_writes_its_own_format(clean_hub, code):
    expected, registry = FORMATS[code], REGISTRY[code]
    files = sorted((clean_hub / code).iterdir())
    for kind in ("users", "logins"):
        names = [p.name for p in files if fnmatch.fnmatch(p.name, registry[kind]["file_pattern"])]
        assert len(names) >= 2, f"{code} {kind}: {[p.name for p in files]}"
    for path in files:
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") == expected["bom"], path
        lines = data.split(b"\n")[:-1]
        assert all(line.endswith(b"\r") == (expected["newline"] == b"\r\n") for line in lines), path
        text = data.decode(expected["encoding"]).removeprefix("\ufeff")
        header, *lines = csv.reader(text.splitlines(), delimiter=expected["delimiter"])
        kind = "users" if fnmatch.fnmatch(path.name, registry["users"]["file_pattern"]) else "logins"
        columns = registry[kind]["columns"]
        assert header == list(columns.values()), path
        # Every date and time reads with the registry's formats.
        for line in lines:
            values = dict(zip(columns, line, strict=True))
            for column, pattern in registry[kind]["formats"].items():
                if pattern == "epoch_seconds":
                    assert values[column].isdigit()
                else:
                    datetime.strptime(values[column], pattern)


def test_french_names_keep_their_windows_1252_letters(clean_hub):
    text = (clean_hub / "fr" / "FR User Data.csv").read_bytes().decode("cp1252")
    assert {"é", "œ", "’"} <= set(text)


def test_generated_hub_builds_and_every_planted_defect_ends_where_the_manifest_says(tmp_path):
    hub = tmp_path / "hub"
    planted = planted_defects(hubgen(hub, *END_TO_END))
    assert {r["reason"] or r["outcome"] for r in planted} == {
        "empty_line", "unclosed_quote", "wrong_field_count", "missing_user_id", "invalid_user_id",
        "missing_email", "invalid_email", "missing_login_time", "invalid_login_time",
        "nonexistent_local_time", "unknown_user", "invalid_date", "date_of_birth_in_future",
        "date_of_birth_before_1900", "signup_date_in_future", "invalid_phone", "invalid_postcode",
        "duplicate", "ambiguous_local_time", "loaded"}, "every kind of defect is planted"
    assert {r["defect"] for r in planted} == set(DEFECTS), "every kind, by name"

    build = Build(hub, tmp_path)
    result = build.run("build")
    assert result.returncode == 0, result.stdout[-5000:]
    assert verdicts_found(build) == verdicts_planted(planted)
    for row in (r for r in planted if r["expected_value"]):
        found, expected = planted_outcome(build, row)
        assert found == expected, row
    assert reconciliation_mismatches(build, hub) == []
    # Late users' logins from before their first delivery loaded all the same.
    assert build.one(
        "select count(*) from marts.fct_logins as logins"
        " inner join marts.dim_users_history as first_version"
        " on logins.user_key = first_version.user_key and first_version.version_number = 1"
        " inner join marts.file_reconciliation as files on logins.source_file = files.source_file"
        " where coalesce(files.delivery_date, date '1900-01-01') < first_version.valid_from") > 0


# Whole-file defects (--file-defect), and the line kinds that load cleaned.

FILE_DEFECT_TARGETS = {  # a country's file where each defect shows
    "header_only_file": ("uk", "logins"), "empty_file": ("us", "users"),
    "missing_column": ("de", "users"), "renamed_column": ("fr", "logins"),
    "wrong_delimiter": ("us", "users"), "undecodable_bytes": ("fr", "users"),
    "wrong_encoding": ("de", "users"), "unregistered_folder": ("uk", "logins"),
}
FILE_DEFECT_ARGS = [*SMALL, "--defect-rate", "0"] + [
    arg for defect, (code, kind) in FILE_DEFECT_TARGETS.items()
    for arg in ("--file-defect", defect, code, kind)]


def rows_of(data: bytes, encoding: str, delimiter: str) -> list[list[str]]:
    """Each line's fields (an unclosed quote ends with its line, as in the pipeline)."""
    text = data.decode(encoding).removeprefix("\ufeff")
    return [next(csv.reader([line], delimiter=delimiter), []) for line in text.splitlines()]


@pytest.fixture(scope="module")
def file_defect_hub(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    hub = tmp_path_factory.mktemp("file-defects") / "hub"
    manifest = planted_defects(hubgen(hub, *FILE_DEFECT_ARGS))
    return hub, {r["defect"]: r["source_file"] for r in manifest if r["outcome"] == "file"}


def test_file_defects_are_written_the_same_every_time(file_defect_hub, tmp_path):
    hub, files = file_defect_hub
    assert set(files) == set(FILE_DEFECTS) == set(FILE_DEFECT_TARGETS)
    again = tmp_path / "hub"
    hubgen(again, *FILE_DEFECT_ARGS)
    assert contents(again) == contents(hub)
    # Each is one more delivery, dated after the period, and changes nothing else.
    clean = tmp_path / "clean"
    hubgen(clean, *SMALL, "--defect-rate", "0")
    assert contents(hub).keys() - contents(clean).keys() == set(files.values())
    assert all(contents(hub)[name] == data for name, data in contents(clean).items())


@pytest.mark.parametrize("defect", FILE_DEFECT_TARGETS)
def test_each_file_defect_is_what_it_says(file_defect_hub, defect):
    hub, files = file_defect_hub
    code, kind = FILE_DEFECT_TARGETS[defect]
    country, registry = BY_CODE[code], REGISTRY[code]
    path = hub / files[defect]
    assert fnmatch.fnmatch(path.name, registry[kind]["file_pattern"])
    assert path.parent.name == ("gb" if defect == "unregistered_folder" else code)
    data = path.read_bytes()
    header = list(country.users_header if kind == "users" else country.logins_header)
    broken = {"users": 3, "logins": 1}[kind]  # the e-mail, the login time

    if defect == "empty_file":
        assert data == b""
        return
    if defect == "undecodable_bytes":
        with pytest.raises(UnicodeDecodeError):
            data.decode(country.encoding)
        return
    if defect == "wrong_encoding":
        other = {"utf-8": "cp1252", "cp1252": "utf-8"}[country.encoding]
        rows = rows_of(data, other, country.delimiter)
        assert not data.isascii() and data.decode(other) != data.decode(country.encoding, "replace")
    elif defect == "wrong_delimiter":
        other = {",": ";", ";": ","}[country.delimiter]
        assert len(rows_of(data, country.encoding, country.delimiter)[0]) == 1
        rows = rows_of(data, country.encoding, other)
    else:
        rows = rows_of(data, country.encoding, country.delimiter)

    if defect == "header_only_file":
        assert rows == [header]
    elif defect == "missing_column":
        assert rows[0] == header[:broken] + header[broken + 1:]
        assert len(rows) > 1 and {len(row) for row in rows} == {len(header) - 1}
    elif defect == "renamed_column":
        assert rows[0] == header[:broken] + [header[broken] + "_v2"] + header[broken + 1:]
        assert len(rows) > 1 and {len(row) for row in rows} == {len(header)}
    else:  # the file itself is clean: the encoding, the delimiter or the folder is wrong
        assert rows[0] == header and len(rows) > 1 and {len(row) for row in rows} == {len(header)}


def test_lines_that_load_cleaned_are_planted_as_the_manifest_says(tmp_path):
    hub = tmp_path / "hub"
    planted = planted_defects(hubgen(hub, *SMALL, "--defect-rate", "0.5", "--countries", "fr,us"))
    lines = {}
    for path in hub.glob("*/*"):
        country = BY_CODE[path.parent.name]
        for number, row in enumerate(rows_of(path.read_bytes(), country.encoding, country.delimiter), 1):
            lines[(f"{path.parent.name}/{path.name}", number)] = row
    kinds = {(r["source_file"], int(r["line_number"])): r["defect"] for r in planted}
    found = {"padded_values": 0, "blank_optional_values": 0, "signup_date_in_future": 0}
    for where, defect in kinds.items():
        row = lines[where]
        if defect == "padded_values":
            assert all(field.startswith("  ") and field.endswith(" \t") for field in row), row
        elif defect == "blank_optional_values":
            assert [bool(field) for field in row] == [True, False, False, True, False, False, False, False]
        elif defect == "signup_date_in_future":
            assert "2091" in row[7], row
        else:
            continue
        found[defect] += 1
    assert all(found.values()), found
