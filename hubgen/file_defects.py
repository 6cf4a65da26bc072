"""Defects of a whole file: a delivery with no lines, and the contract
breaks (`hub-contract.md`) that must stop the run. Each writes one more
file, a country's next delivery of users or logins, dated the day after
the generated period (the second file defect the day after that, and so
on): its clean lines (every user as first delivered, or a few logins of
the first users at noon) with the defect. Nothing else in the Hub changes.
"""
import csv
import datetime as dt
from pathlib import Path

import numpy as np

from . import columns as col
from .countries import BY_CODE
from .hub import Delivery, Spec, Users, deliveries, file_name, quoted, seconds, user_id_column

FILE_DEFECTS = {
    "header_only_file": "a header and no lines",
    "empty_file": "zero bytes, not even a header",
    "missing_column": "a required column left out (header and values): e-mail, or login time",
    "renamed_column": "a required column's header renamed (`courriel` -> `courriel_v2`)",
    "wrong_delimiter": "written with the other delimiter (`,` for `;`, `;` for `,`)",
    "undecodable_bytes": "a byte the country's encoding does not define (0x81 in Windows-1252,"
                         " 0xFF in UTF-8)",
    "wrong_encoding": "the text in the other encoding (UTF-8 for Windows-1252 and back)",
    "unregistered_folder": "dropped into `gb/` (the UK's ISO code, not its app code `uk`),"
                           " a folder no country is registered under",
}
FILE_KINDS = ("users", "logins")
BROKEN_COLUMN = {"users": 3, "logins": 1}  # the e-mail; the login time
UNREGISTERED_FOLDER = "gb"
BAD_BYTE = {"cp1252": b"\x81", "utf-8": b"\xff"}
OTHER_ENCODING = {"cp1252": "utf-8", "utf-8": "cp1252"}
LOGINS = 10  # in a login file with a file defect


def clean_rows(spec: Spec, code: str, kind: str, delivery: Delivery) -> list[list[str]]:
    """The header and the fields of each clean line."""
    country = BY_CODE[code]
    if kind == "users":
        users = Users(country, spec, len(deliveries(spec)))
        rows = np.arange(spec.users)
        header, lines = country.users_header, users.lines(rows, np.zeros(len(rows), bool))
    else:
        ids = np.arange(min(spec.users, LOGINS)) + 1
        noon = seconds(delivery.start) + 12 * 3600 + 60 * ids  # never in a daylight-saving change
        header = country.logins_header
        lines = col.joined([user_id_column(country, ids), col.written_time(noon, country.login_format)],
                           country.delimiter.encode(), country.newline.encode())
    text = col.text(lines, country.encoding)
    return [list(header), *csv.reader([line.rstrip("\r\n") for line in text],
                                      delimiter=country.delimiter)]


def file_bytes(code: str, kind: str, defect: str, rows: list[list[str]]) -> bytes:
    country = BY_CODE[code]
    delimiter, encoding, bom = country.delimiter, country.encoding, country.bom
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
        encoding, bom = OTHER_ENCODING[encoding], False
    lines = [delimiter.join(quoted(field, delimiter) for field in row) for row in rows]
    text = ("\ufeff" if bom else "") + "".join(line + country.newline for line in lines)
    if defect == "wrong_encoding" and text.isascii():
        raise ValueError(f"wrong_encoding: {code} {kind} files are plain ASCII, the same in"
                         " every encoding; choose a file with accented names")
    data = text.encode(encoding)
    if defect == "undecodable_bytes":  # at the start of the first line's second field
        header_end = data.index(country.newline.encode()) + len(country.newline)
        first_delimiter = data.index(delimiter.encode(), header_end) + 1
        data = data[:first_delimiter] + BAD_BYTE[encoding] + data[first_delimiter:]
    return data


def write_file_defects(hub: Path, spec: Spec, defects: list[tuple[str, str, str]]) -> list[tuple]:
    """Write one file per (defect, country code, 'users' or 'logins');
    returns their manifest rows (line 0: the whole file)."""
    end = deliveries(spec)[-1].end
    manifest = []
    for day, (defect, code, kind) in enumerate(defects):
        if defect not in FILE_DEFECTS or code not in spec.countries or kind not in FILE_KINDS:
            raise ValueError(f"not a file defect of a generated country's file: {defect} {code} {kind}")
        country = BY_CODE[code]
        start = end + dt.timedelta(days=day)
        delivery = Delivery(len(deliveries(spec)) + day, start, start + dt.timedelta(days=1), True)
        name = file_name(country, country.users_file if kind == "users" else country.logins_file, delivery)
        folder = UNREGISTERED_FOLDER if defect == "unregistered_folder" else code
        path = hub / folder / name
        if path.exists():
            raise ValueError(f"{path} exists already")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file_bytes(code, kind, defect, clean_rows(spec, code, kind, delivery)))
        manifest.append((f"{folder}/{name}", 0, "file", "", "", "", defect))
    return manifest
