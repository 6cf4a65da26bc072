"""Defects of a whole file: a delivery with no lines, the contract breaks
(`hub-contract.md`) that must stop the run, and files the contract's
naming rules make tricky (a name in other letter case, glob characters in
a name, a sub-folder, a folder named like a file, a file long enough to
once break the CSV reader). Each writes one more delivery of a country's
users or logins, dated the day after the generated period (the second
file defect the day after that, and so on). Nothing else in the Hub
changes.

Its lines are clean but for the defect: for a contract break, every user
as first delivered, or a few logins of the first users at noon; for a
file that must load, users not delivered before (their ids follow the
generated ones), or those logins.
"""
import codecs
import csv
import datetime as dt
from dataclasses import replace
from pathlib import Path

import numpy as np

from . import columns as col
from .countries import BY_CODE, LINE_ENDINGS, Country
from .hub import (Delivery, Spec, Users, deliveries, file_name, quoted, resolution, seconds,
                  skipped_windows, user_id_column)

FILE_DEFECTS = {
    "header_only_file": "a header and no lines",
    "empty_file": "zero bytes, not even a header",
    "missing_column": "a required column left out (header and values): e-mail, or login time",
    "renamed_column": "a required column's header renamed (`courriel` -> `courriel_v2`)",
    "wrong_delimiter": "written with the other delimiter (`,` for `;`, `;` for `,`)",
    "undecodable_bytes": "a byte the country's encoding does not define, after the first id"
                         " (0x81 in Windows-1252, 0x80 in UTF-8, 0x81 in cp932)",
    "wrong_encoding": "the text in another encoding (UTF-8 for any other, Windows-1252 for UTF-8)",
    "invalid_utf8": "a UTF-8 country's file with a Latin-1 byte (é as 0xE9) in a name"
                    " half-way through the file",
    "unregistered_folder": "dropped into `gb/` (the UK's ISO code, not its app code `uk`),"
                           " a folder no country is registered under",
    "file_name_in_other_case": "a name in other letter case, extension upper case"
                               " (`uk user data 2025-04-01.CSV`)",
    "glob_characters_in_name": "two files, one with `[2]` in its name, one with `2` where the"
                               " other has `[2]` (a glob would match the second with the first)",
    "nested_folder": "a valid file in a sub-folder of the country folder (`uk/archive/`)",
    "folder_named_like_a_file": "a folder named like a delivery, holding a valid file"
                                " (`uk/UK User Data 2025-04-01.csv/part-00000.csv`)",
    "stray_line_ending_after_100000_lines": "a logins file of 100,010 lines whose line 100,002"
                                            " ends with the other line ending (LF in CRLF)",
}
FILE_KINDS = ("users", "logins")
BROKEN_COLUMN = {"users": 3, "logins": 1}  # the e-mail; the login time
UNREGISTERED_FOLDER = "gb"
NESTED_FOLDER = "archive"
FOLDER_PART = "part-00000.csv"  # what Spark writes inside a folder named like a file
LOGINS = 10  # in a login file with a file defect
NEW_USERS = 5  # in a user file that must load
LONG_FILE_LINES = 100_010
STRAY_LINE = 100_002  # the line, counting the header as line 1, with the other line ending


def undefined_byte(encoding: str, before: bytes) -> bytes:
    """The first byte from 0x80 up that does not decode after a digit and
    before `before` (in a multi-byte encoding, a lead byte with no valid
    second byte)."""
    for byte in range(0x80, 0x100):
        try:
            (b"1" + bytes([byte]) + before).decode(encoding)
        except UnicodeDecodeError:
            return bytes([byte])
    raise ValueError(f"undecodable_bytes: every byte decodes in {encoding}")


def is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name == "utf-8"


def other_encoding(encoding: str) -> str:
    return "cp1252" if is_utf8(encoding) else "utf-8"


def login_lines(country: Country, ids: np.ndarray, wall_clock: np.ndarray) -> col.Column:
    return col.joined([user_id_column(country, ids), col.written_time(wall_clock, country.login_format)],
                      country.delimiter.encode(), country.newline.encode())


def rows_of(country: Country, header: tuple[str, ...], lines: col.Column) -> list[list[str]]:
    text = col.text(lines, country.encoding)
    return [list(header), *csv.reader([line.rstrip("\r\n") for line in text],
                                      delimiter=country.delimiter)]


def clean_rows(spec: Spec, country: Country, kind: str, delivery: Delivery, second: bool = False,
               new_users: bool = False) -> list[list[str]]:
    """The header and the fields of each clean line: every user as first
    delivered, or users not delivered before (`new_users`; the second file
    of a pair, others again); or a few logins of the first users at noon
    (the second file of a pair, an hour later)."""
    if kind == "users":
        extra = 2 * NEW_USERS if new_users else 0
        users = Users(country, replace(spec, users=spec.users + extra), len(deliveries(spec)))
        rows = (np.arange(spec.users + NEW_USERS * second, spec.users + NEW_USERS * (second + 1))
                if new_users else np.arange(spec.users))
        return rows_of(country, country.users_header, users.lines(rows, np.zeros(len(rows), bool)))
    ids = np.arange(min(spec.users, LOGINS)) + 1
    noon = seconds(delivery.start) + (12 + second) * 3600 + 60 * ids  # never in a daylight-saving change
    return rows_of(country, country.logins_header, login_lines(country, ids, noon))


def many_logins(country: Country, spec: Spec, start: dt.date, count: int) -> bytes:
    """`count` distinct clean login lines of the spec's users from `start`,
    outside daylight-saving gaps and overlaps."""
    step = resolution(country.login_format)
    ids = np.arange(count) % spec.users + 1
    offsets = np.arange(count) // spec.users * step
    days = int(offsets[-1]) // 86400 + 3
    for window_start, length in skipped_windows(country, Delivery(0, start, start + dt.timedelta(days), True)):
        offsets[offsets >= window_start] += length
    return login_lines(country, ids, seconds(start) + offsets).tobytes()[0]


def file_bytes(country: Country, kind: str, defect: str, rows: list[list[str]]) -> bytes:
    delimiter, encoding, bom = country.delimiter, country.encoding, country.byte_order_mark
    if defect == "empty_file":
        return b""
    if defect == "header_only_file":
        rows = rows[:1]
    elif defect == "missing_column":
        rows = [row[:BROKEN_COLUMN[kind]] + row[BROKEN_COLUMN[kind] + 1:] for row in rows]
    elif defect == "renamed_column":
        rows[0][BROKEN_COLUMN[kind]] += "_v2"
    elif defect == "wrong_delimiter":
        delimiter = "," if delimiter == ";" else ";"
    elif defect == "wrong_encoding":
        encoding, bom = other_encoding(encoding), False
    lines = [delimiter.join(quoted(field, delimiter) for field in row) for row in rows]
    text = ("\ufeff" if bom else "") + "".join(line + country.newline for line in lines)
    if defect == "wrong_encoding" and text.isascii():
        raise ValueError(f"wrong_encoding: {country.code} {kind} files are plain ASCII, the same in"
                         " every encoding; choose a file with accented names")
    data = text.encode(encoding)
    newline = country.newline.encode()
    if defect == "undecodable_bytes":  # at the end of the first line's first field
        header_end = data.index(newline) + len(newline)
        first_delimiter = data.index(delimiter.encode(), header_end)
        data = data[:first_delimiter] + undefined_byte(encoding, delimiter.encode()) + data[first_delimiter:]
    if defect == "invalid_utf8":  # after the first letter of the middle line's second field
        lines = data.split(newline)
        middle = len(rows) // 2
        at = lines[middle].index(delimiter.encode()) + 2
        lines[middle] = lines[middle][:at] + b"\xe9" + lines[middle][at:]
        data = newline.join(lines)
    return data


def long_file_bytes(country: Country, spec: Spec, start: dt.date) -> bytes:
    """A logins file whose line STRAY_LINE ends with the other line ending."""
    header = (country.delimiter.join(country.logins_header) + country.newline).encode(country.encoding)
    lines = many_logins(country, spec, start, LONG_FILE_LINES).split(country.newline.encode())
    other = LINE_ENDINGS["LF" if country.line_ending == "CRLF" else "CRLF"].encode()
    stray = STRAY_LINE - 2  # lines[0] is line 2
    before = country.newline.encode().join(lines[:stray + 1])
    return ((b"\xef\xbb\xbf" if country.byte_order_mark else b"") + header + before + other
            + country.newline.encode().join(lines[stray + 1:]))


def write_file_defects(hub: Path, spec: Spec, defects: list[tuple[str, str, str]]) -> list[tuple]:
    """Write the file(s) of each (defect, country code, 'users' or 'logins');
    returns their manifest rows (line 0: the whole file, or the folder that
    holds it when that is the defect)."""
    end = deliveries(spec)[-1].end
    manifest = []
    for day, (defect, code, kind) in enumerate(defects):
        if defect not in FILE_DEFECTS or code not in spec.countries or kind not in FILE_KINDS:
            raise ValueError(f"not a file defect of a generated country's file: {defect} {code} {kind}")
        country = BY_CODE[code]
        if defect == "invalid_utf8" and not is_utf8(country.encoding):
            raise ValueError(f"invalid_utf8: {code} files are {country.encoding}, not UTF-8")
        if defect == "stray_line_ending_after_100000_lines" and kind != "logins":
            raise ValueError(f"{defect}: a logins file only")
        start = end + dt.timedelta(days=day)
        delivery = Delivery(len(deliveries(spec)) + day, start, start + dt.timedelta(days=1), True)
        pattern = country.users_file if kind == "users" else country.logins_file
        name = file_name(country, pattern, delivery)
        loads = defect in ("file_name_in_other_case", "glob_characters_in_name")
        # The files to write (in the hub: is it the second of a pair), and
        # what the manifest names: the file, or the folder a warning must name.
        files, named = {f"{code}/{name}": False}, None
        if defect == "unregistered_folder":
            files = {f"{UNREGISTERED_FOLDER}/{name}": False}
        elif defect == "file_name_in_other_case":
            files = {f"{code}/{name[:-len('.csv')].lower()}.CSV": False}
        elif defect == "glob_characters_in_name":
            suffix = delivery.start.strftime(country.daily_suffix)
            files = {f"{code}/{pattern.format(suffix=' [2]' + suffix)}": False,
                     f"{code}/{pattern.format(suffix=' 2' + suffix)}": True}
        elif defect == "nested_folder":
            files, named = {f"{code}/{NESTED_FOLDER}/{name}": False}, f"{code}/{NESTED_FOLDER}"
        elif defect == "folder_named_like_a_file":
            files, named = {f"{code}/{name}/{FOLDER_PART}": False}, f"{code}/{name}"
        for source_file, second in files.items():
            path = hub / source_file
            if path.exists() or (defect == "folder_named_like_a_file" and (hub / named).exists()):
                raise ValueError(f"{path} exists already")
            path.parent.mkdir(parents=True, exist_ok=True)
            if defect == "stray_line_ending_after_100000_lines":
                path.write_bytes(long_file_bytes(country, spec, start))
                manifest.append((source_file, STRAY_LINE, "loaded", "", "", "", defect))
                continue
            rows = clean_rows(spec, country, kind, delivery, second, new_users=loads)
            path.write_bytes(file_bytes(country, kind, defect, rows))
            manifest.append((named or source_file, 0, "file", "", "", "", defect))
    return manifest
