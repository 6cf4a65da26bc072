"""hubgen: generated Hubs are deterministic, written in each country's own
format, and the pipeline puts every planted defect where the manifest says."""
import csv
import datetime as dt
import fnmatch
import re
from datetime import datetime
from pathlib import Path

import pytest

from conftest import (REGISTRY, Build, planted_defects, planted_outcome, reconciliation_mismatches,
                      verdicts_found, verdicts_planted)
from conftest import generate_hub as hubgen
from hubgen import DEFECTS, FILE_DEFECTS
from hubgen.countries import BY_CODE, COUNTRIES
from hubgen.file_defects import LONG_FILE_LINES, STRAY_LINE, is_utf8
SMALL = ["--users", "40", "--logins-per-user", "8", "--months", "2", "--late-users", "0.2"]
# Eight months from March hold both daylight-saving changes; a high defect
# rate on a small Hub plants every kind of defect in little time.
END_TO_END = ["--users", "40", "--logins-per-user", "8", "--months", "8", "--start", "2025-03-01",
              "--defect-rate", "0.25", "--corrections", "0.1", "--seed", "0"]
# What the contract and the sample Hub say of the first four apps,
# independently of hubgen's descriptions (the registry has no line endings).
LINE_ENDINGS = {"uk": (False, b"\n"), "fr": (False, b"\r\n"), "de": (True, b"\n"), "us": (False, b"\r\n")}


def contents(hub: Path) -> dict[str, bytes]:
    """Every file of the Hub, at any depth."""
    return {str(p.relative_to(hub)): p.read_bytes() for p in sorted(hub.rglob("*")) if p.is_file()}


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
    hub, options = tmp_path / "hub", [*SMALL, "--defect-rate", "0.5"]
    manifest = hubgen(hub, *options)
    before = contents(hub)
    hubgen(hub, *options, "--append-days", "1")
    added = contents(hub).keys() - before.keys()
    assert "uk/UK-User-LoginTS 2025-03-01.csv" in added
    assert sorted(added) == sorted(f"{c.code}/" + c.logins_file.format(suffix=dt.date(2025, 3, 1).strftime(
        c.daily_suffix)) for c in COUNTRIES)
    assert all(contents(hub)[name] == data for name, data in before.items())
    files = {row["source_file"] for row in planted_defects(manifest)}
    assert files & added and files - added, "the manifest keeps the earlier rows"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_each_country_writes_its_own_format(clean_hub, code):
    """As the registry reads it: names, encoding, delimiter, headers, formats."""
    registry = REGISTRY[code]
    assert (clean_hub / code).is_dir(), f"hubgen writes no {code}/: describe it in hubgen/countries/{code}.toml"
    files = sorted((clean_hub / code).iterdir())

    def kind_of(path):
        return next((kind for kind in ("users", "logins")
                     if fnmatch.fnmatchcase(path.name.lower(), registry[kind]["file_pattern"].lower())), None)
    for kind in ("users", "logins"):
        assert len([p for p in files if kind_of(p) == kind]) >= 2, f"{code} {kind}: {[p.name for p in files]}"
    for path in files:
        data = path.read_bytes()
        if code in LINE_ENDINGS:
            bom, newline = LINE_ENDINGS[code]
            assert data.startswith(b"\xef\xbb\xbf") == bom, path
            assert all(line.endswith(b"\r") == (newline == b"\r\n") for line in data.split(b"\n")[:-1]), path
        text = data.decode(registry["encoding"]).removeprefix("\ufeff")
        header, *lines = csv.reader(text.splitlines(), delimiter=registry["delimiter"])
        columns = registry[kind_of(path)]["columns"]
        assert header == list(columns.values()), path
        # Every date and time reads with the registry's formats.
        for line in lines:
            values = dict(zip(columns, line, strict=True))
            for column, pattern in registry[kind_of(path)]["formats"].items():
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
        "empty_line", "unclosed_quote", "wrong_field_count", "stray_quote", "control_character",
        "line_too_long", "missing_user_id", "invalid_user_id",
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


# Whole-file defects (--file-defect), and the line kinds.

FILE_DEFECT_TARGETS = {  # a country's file where each defect shows
    "header_only_file": ("uk", "logins"), "empty_file": ("us", "users"),
    "missing_column": ("de", "users"), "renamed_column": ("fr", "logins"),
    "wrong_delimiter": ("us", "users"), "undecodable_bytes": ("fr", "users"),
    "wrong_encoding": ("de", "users"), "invalid_utf8": ("uk", "users"),
    "unregistered_folder": ("uk", "logins"), "file_name_in_other_case": ("fr", "logins"),
    "glob_characters_in_name": ("de", "users"), "nested_folder": ("uk", "logins"),
    "folder_named_like_a_file": ("fr", "users"), "stray_line_ending_after_100000_lines": ("us", "logins"),
}
FILE_DEFECT_ARGS = [*SMALL, "--defect-rate", "0"] + [
    arg for defect, (code, kind) in FILE_DEFECT_TARGETS.items()
    for arg in ("--file-defect", defect, code, kind)]


def rows_of(data: bytes, encoding: str, delimiter: str) -> list[list[str]]:
    """Each line's fields (lines end at LF; an unclosed quote ends with its
    line, as in the pipeline)."""
    text = data.decode(encoding).removeprefix("\ufeff")
    lines = [line.removesuffix("\r") for line in text.split("\n")]

    def fields(line):
        try:
            return next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:  # a CR inside the line: not a line these tests read
            return [line]
    return [fields(line) for line in lines[:-1 if text else 0]]


def written_files(hub: Path, source_file: str) -> list[str]:
    """The files a manifest row names: a file, or every file in a folder."""
    path = hub / source_file
    return sorted(str(p.relative_to(hub)) for p in path.rglob("*") if p.is_file()) if path.is_dir() \
        else [source_file]


@pytest.fixture(scope="module")
def file_defect_hub(tmp_path_factory) -> tuple[Path, dict[str, list[str]]]:
    hub = tmp_path_factory.mktemp("file-defects") / "hub"
    files = {}
    for row in planted_defects(hubgen(hub, *FILE_DEFECT_ARGS)):
        if row["defect"] in FILE_DEFECTS:
            files.setdefault(row["defect"], []).append(row["source_file"])
    return hub, files


def test_file_defects_are_written_the_same_every_time(file_defect_hub, tmp_path):
    hub, files = file_defect_hub
    assert set(files) == set(FILE_DEFECTS) == set(FILE_DEFECT_TARGETS)
    again = tmp_path / "hub"
    hubgen(again, *FILE_DEFECT_ARGS)
    assert contents(again) == contents(hub)
    # Each is one more delivery, dated after the period, and changes nothing else.
    clean = tmp_path / "clean"
    hubgen(clean, *SMALL, "--defect-rate", "0")
    assert contents(hub).keys() - contents(clean).keys() == {
        name for names in files.values() for source_file in names for name in written_files(hub, source_file)}
    assert all(contents(hub)[name] == data for name, data in contents(clean).items())


def matches(name: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(name.lower(), pattern.lower())


@pytest.mark.parametrize("defect", FILE_DEFECT_TARGETS)
def test_each_file_defect_is_what_it_says(file_defect_hub, defect):
    hub, files = file_defect_hub
    code, kind = FILE_DEFECT_TARGETS[defect]
    country, registry = BY_CODE[code], REGISTRY[code]
    paths = [hub / name for source_file in files[defect] for name in written_files(hub, source_file)]
    path = paths[0]
    if defect != "folder_named_like_a_file":  # the folder's name matches, below
        in_folder = {"unregistered_folder": "gb", "nested_folder": "archive"}.get(defect, code)
        assert all(matches(p.name, registry[kind]["file_pattern"]) and p.parent.name == in_folder
                   for p in paths)
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
    if defect == "invalid_utf8":  # one line, half-way through, is Latin-1
        bad = [n for n, line in enumerate(data.split(b"\n"), 1) if not line.decode("utf-8", "ignore").encode() == line]
        assert len(bad) == 1 and bad[0] > 2 and "é" in data.split(b"\n")[bad[0] - 1].decode("latin-1")
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
    else:  # the file itself is clean: the encoding, the delimiter, the name or the folder is wrong
        assert rows[0] == header and len(rows) > 1 and {len(row) for row in rows} == {len(header)}

    if defect == "file_name_in_other_case":
        assert path.name.endswith(".CSV") and not fnmatch.fnmatchcase(path.name, registry[kind]["file_pattern"])
    elif defect == "glob_characters_in_name":  # read as a glob, the first name matches the second file
        bracketed, plain = sorted(paths, key=lambda p: "[" not in p.name)
        assert "[2]" in bracketed.name and fnmatch.fnmatchcase(plain.name, bracketed.name)
        assert plain.read_bytes() != bracketed.read_bytes()
    elif defect == "folder_named_like_a_file":
        folder = hub / files[defect][0]
        assert folder.is_dir() and matches(folder.name, registry[kind]["file_pattern"])
    elif defect == "stray_line_ending_after_100000_lines":
        lines = data.split(b"\n")[:-1]
        assert len(lines) == LONG_FILE_LINES + 1
        other_ending = [n for n, line in enumerate(lines, 1) if line.endswith(b"\r") != (country.line_ending == "CRLF")]
        assert other_ending == [STRAY_LINE]


def file_defects_of(country) -> list[tuple[str, str]]:
    """Every file defect hubgen can write for a country, with its file kind."""
    ascii_names = all(n.isascii() for n, _ in country.first_names + country.last_names)
    return [(defect, kind) for defect in FILE_DEFECTS for kind in ("users", "logins")
            if not (defect == "invalid_utf8" and not is_utf8(country.encoding))
            and not (defect == "wrong_encoding" and (kind == "logins" or ascii_names))
            and not (defect == "stray_line_ending_after_100000_lines" and kind == "users")]


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_every_file_defect_can_be_written_for_every_country(code, tmp_path):
    """A new country's description is enough for every file defect of the suites."""
    hub = tmp_path / "hub"
    defects = file_defects_of(BY_CODE[code])
    manifest = planted_defects(hubgen(hub, *SMALL, "--defect-rate", "0", "--countries", code, *[
        arg for defect, kind in defects for arg in ("--file-defect", defect, code, kind)]))
    assert {r["defect"] for r in manifest if r["defect"] in FILE_DEFECTS} == {defect for defect, _ in defects}


# A well-formed line under the contract's quoting rules: fields either
# quoted whole (a quote inside doubled) or holding no quote.
def well_formed(line: str, delimiter: str) -> bool:
    field = f'(?:"(?:[^"]|"")*"|[^"{delimiter}]*)'
    return re.fullmatch(f"{field}(?:{delimiter}{field})*", line) is not None


def login_of(text: str, delimiter: str) -> tuple[str, ...]:
    """A login line's user id (an integer without leading zeros) and time."""
    try:
        fields = [field.strip() for field in next(csv.reader([text.removesuffix("\r")], delimiter=delimiter))]
    except csv.Error:
        return ()
    if not fields:  # an empty line
        return ()
    return (str(int(fields[0])) if fields[0].isdigit() else fields[0], *fields[1:])


def delivered_before(name: str, other: str) -> bool:
    """By the date in the names (none: the first delivery)."""
    def date(file):
        found = re.search(r"(\d{4})-?(\d{2})(?:-?(\d{2}))?\.csv$", file, re.I)
        return found.groups("01") if found else ("0",)
    return date(name) < date(other)


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!$)")


def test_line_defects_are_planted_as_the_manifest_says(tmp_path):
    hub = tmp_path / "hub"
    planted = planted_defects(hubgen(hub, *SMALL, "--defect-rate", "0.5"))
    raw = {}  # (file, line number): the line's bytes with its CR, if any
    for path in hub.glob("*/*"):
        for number, line in enumerate(path.read_bytes().split(b"\n"), 1):
            raw[(f"{path.parent.name}/{path.name}", number)] = line
    found = dict.fromkeys(["stray_quote", "control_character", "line_too_long", "zero_padded_user_id",
                           "lf_line_in_crlf_file", "crlf_line_in_lf_file", "redelivered_login"], 0)
    for row in planted:
        if row["defect"] not in found:
            continue
        country = BY_CODE[row["source_file"].split("/")[0]]
        line = raw[(row["source_file"], int(row["line_number"]))]
        text = line.decode(country.encoding).removesuffix("\r")
        if row["defect"] == "stray_quote":
            assert not well_formed(text, country.delimiter) and text.count('"') % 2 == 0, text
        elif row["defect"] == "control_character":
            assert CONTROL.search(text), text
        elif row["defect"] == "line_too_long":
            assert len(text) > 1_000_000
        elif row["defect"] == "zero_padded_user_id":
            written_id = text.split(country.delimiter)[0]
            assert written_id.startswith("00") and int(written_id) == int(row["expected_value"]), text
        elif row["defect"] in ("lf_line_in_crlf_file", "crlf_line_in_lf_file"):
            assert line.endswith(b"\r") == (country.line_ending == "LF"), line
            assert well_formed(text, country.delimiter)
        elif row["defect"] == "redelivered_login":  # a login of an earlier file of the country
            earlier = {login_of(other.decode(country.encoding), country.delimiter)
                       for (name, _), other in raw.items() if name.split("/")[0] == country.code
                       and delivered_before(name, row["source_file"]) and fnmatch.fnmatchcase(
                           name.split("/")[1], country.logins_file.format(suffix="*"))}
            assert login_of(text, country.delimiter) in earlier, text
        found[row["defect"]] += 1
    assert all(found.values()), found


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
