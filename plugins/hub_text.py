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
        -> STRUCT(text VARCHAR, undecodable_line INTEGER)
    `text` is the decoded text, or null when the bytes are not valid in the
    encoding; then `undecodable_line` is the line holding the first byte
    that does not decode (for the one-line contract-break message).

`encoding` is a Python codec name, as the country registry writes it
(vars.hub_countries, checked against macros/registry/hub_encodings.sql).
UTF-8 is read with its optional byte-order mark dropped.
"""

import codecs

from dbt.adapters.duckdb.plugins import BasePlugin


def codec(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return "utf-8-sig" if name == "utf-8" else name


def hub_decode(content: bytes, encoding: str) -> dict:
    try:
        return {"text": content.decode(codec(encoding)), "undecodable_line": None}
    except UnicodeDecodeError as error:
        return {"text": None, "undecodable_line": content.count(b"\n", 0, error.start) + 1}


class Plugin(BasePlugin):
    def configure_connection(self, conn):
        conn.create_function("hub_decode", hub_decode, ["BLOB", "VARCHAR"],
                             "STRUCT(text VARCHAR, undecodable_line INTEGER)", side_effects=False)
