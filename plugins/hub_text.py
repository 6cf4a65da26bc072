"""dbt-duckdb plugin: a Hub file's bytes as text, in its country's encoding.

DuckDB decodes only UTF-8 in SQL (`decode`). Its CSV reader, the one place
it reads other encodings, cannot be used to read a file line by line
exactly: it drops blank lines, treats a carriage return alone as a line
break (the rest of that line becomes a null row), needs a delimiter that no
line contains, and decodes Windows-1252 about ten times slower than this
(bench/README.md, "Reading the Hub"). So the reader, base_hub__lines, takes
each file's bytes with `read_blob` and turns them into text with the
functions registered here on every connection; the lines are then split
in SQL at each line feed.

    hub_decode(content BLOB, encoding VARCHAR) -> VARCHAR
        the text, or null when the bytes are not valid in that encoding
    hub_undecodable_line(content BLOB, encoding VARCHAR) -> INTEGER
        the line of the first byte that does not decode (null when all do)
    hub_utf8_line(content BLOB, encoding VARCHAR) -> INTEGER
        for a country that is not UTF-8, the line of the first non-ASCII
        byte when those bytes are valid UTF-8 (null otherwise): such a file
        decodes without error in a single-byte or Shift_JIS-like encoding,
        into garbled text (é as Ã©, ユ as 繝ｦ), so the reader refuses it

`encoding` is a Python codec name, as the country registry writes it
(vars.hub_countries, checked against macros/registry/hub_encodings.sql).
UTF-8 is read with its optional byte-order mark dropped.
"""

import codecs
import re

from dbt.adapters.duckdb.plugins import BasePlugin


def codec(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return "utf-8-sig" if name == "utf-8" else name


def line_of(content: bytes, position: int) -> int:
    return content.count(b"\n", 0, position) + 1


def hub_decode(content: bytes | None, encoding: str | None) -> str | None:
    if content is None or encoding is None:
        return None
    try:
        return content.decode(codec(encoding))
    except UnicodeDecodeError:
        return None


def hub_undecodable_line(content: bytes | None, encoding: str | None) -> int | None:
    if content is None or encoding is None:
        return None
    try:
        content.decode(codec(encoding))
    except UnicodeDecodeError as error:
        return line_of(content, error.start)
    return None


def hub_utf8_line(content: bytes | None, encoding: str | None) -> int | None:
    if content is None or encoding is None:
        return None
    if codec(encoding).startswith("utf-8") or content.isascii():
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return line_of(content, re.search(rb"[\x80-\xff]", content).start())


class Plugin(BasePlugin):
    def configure_connection(self, conn):
        # null_handling="special": the functions answer null themselves
        # (DuckDB's default refuses a UDF's null result).
        conn.create_function("hub_decode", hub_decode, ["BLOB", "VARCHAR"], "VARCHAR",
                             null_handling="special", side_effects=False)
        for line_function in (hub_undecodable_line, hub_utf8_line):
            conn.create_function(line_function.__name__, line_function, ["BLOB", "VARCHAR"], "INTEGER",
                                 null_handling="special", side_effects=False)
