"""dbt-duckdb plugin: a Hub file's bytes as text, in its country's encoding.

DuckDB decodes only UTF-8 in SQL (`decode`). Its CSV reader, the one place
it reads other encodings, cannot be used to read a file line by line
exactly: it drops blank lines, treats a carriage return alone as a line
break (the rest of that line becomes a null row), needs a delimiter that no
line contains, and decodes Windows-1252 about ten times slower than this
(bench/README.md, "Reading the Hub"). So the readers take each file's bytes
with `read_blob` and turn them into text with a function registered here
on every connection; the lines are then split in SQL at each line feed.

    hub_decode(content BLOB, encoding VARCHAR)
        -> STRUCT(text VARCHAR, undecodable_line INTEGER, utf8_line INTEGER)
    `text` is the decoded text, or null when the bytes are not valid in the
    encoding; then `undecodable_line` is the line holding the first byte
    that does not decode (for the one-line contract-break message).
    `utf8_line` is set when a country that is not UTF-8 delivers a file
    whose non-ASCII bytes are valid UTF-8: the line of the first of them.
    Such a file decodes without error in a single-byte or Shift_JIS-like
    encoding, into garbled text (é as Ã©, ユ as 繝ｦ), so it is refused.

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


def hub_decode(content: bytes, encoding: str) -> dict:
    name = codec(encoding)
    try:
        text = content.decode(name)
    except UnicodeDecodeError as error:
        return {"text": None, "undecodable_line": line_of(content, error.start), "utf8_line": None}
    utf8_line = None
    if not name.startswith("utf-8") and not content.isascii():
        try:
            content.decode("utf-8")
            utf8_line = line_of(content, re.search(rb"[\x80-\xff]", content).start())
        except UnicodeDecodeError:
            pass
    return {"text": text, "undecodable_line": None, "utf8_line": utf8_line}


class Plugin(BasePlugin):
    def configure_connection(self, conn):
        conn.create_function("hub_decode", hub_decode, ["BLOB", "VARCHAR"],
                             "STRUCT(text VARCHAR, undecodable_line INTEGER, utf8_line INTEGER)",
                             side_effects=False)
