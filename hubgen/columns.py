"""CSV text built column by column as byte matrices, with no Python loop
per line: numpy formats millions of lines a second.

A `Column` is a uint8 matrix, one row per line, and a `keep` mask of the
same shape: row i holds the bytes `data[i][keep[i]]`, so columns of any
width sit side by side (`hstack`) and `data[keep]`, read row by row, is
every line's bytes one after the other.
"""
import re
from typing import NamedTuple

import numpy as np


class Column(NamedTuple):
    data: np.ndarray  # (rows, width) uint8
    keep: np.ndarray  # (rows, width) bool

    def tobytes(self) -> tuple[bytes, np.ndarray]:
        """The rows' bytes concatenated, and where each row ends."""
        return self.data[self.keep].tobytes(), np.cumsum(self.keep.sum(axis=1))


def constant(text: bytes, rows: int) -> Column:
    row = np.frombuffer(text, np.uint8)
    return Column(np.broadcast_to(row, (rows, len(row))), np.ones((rows, len(row)), bool))


def hstack(*columns: Column) -> Column:
    return Column(np.hstack([c.data for c in columns]), np.hstack([c.keep for c in columns]))


def joined(columns: list[Column], delimiter: bytes, newline: bytes) -> Column:
    """Fields separated by the delimiter, each row ending with the newline."""
    rows = len(columns[0].data)
    parts = [columns[0]]
    for column in columns[1:]:
        parts += [constant(delimiter, rows), column]
    return hstack(*parts, constant(newline, rows))


def number(values: np.ndarray, width: int | None = None) -> Column:
    """Decimal digits of non-negative integers: zero-padded to `width`, or
    as many as each value needs."""
    digits = width or (len(str(int(values.max()))) if len(values) else 1)
    powers = 10 ** np.arange(digits - 1, -1, -1, dtype=np.int64)
    data = (values[:, None] // powers % 10 + ord("0")).astype(np.uint8)
    if width:
        return Column(data, np.ones(data.shape, bool))
    keep = np.cumsum(data != ord("0"), axis=1) > 0
    keep[:, -1] = True  # zero is "0"
    return Column(data, keep)


class Pool:
    """A small list of texts, encoded once, to pick from by index."""

    def __init__(self, texts, encoding: str):
        encoded = [t.encode(encoding) for t in texts]
        self.lengths = np.array([len(e) for e in encoded])
        self.matrix = np.zeros((len(encoded), max(self.lengths)), np.uint8)
        for i, e in enumerate(encoded):
            self.matrix[i, :len(e)] = np.frombuffer(e, np.uint8)

    def __len__(self):
        return len(self.lengths)

    def pick(self, index: np.ndarray) -> Column:
        width = self.matrix.shape[1]
        return Column(self.matrix[index], np.arange(width) < self.lengths[index][:, None])


def fill_digits(column: Column, digits: np.ndarray) -> Column:
    """Each `#` of a row replaced by that row's next digit (0-9) from `digits`."""
    hashes = column.data == ord("#")
    nth = np.maximum(np.cumsum(hashes, axis=1) - 1, 0)
    fill = np.take_along_axis(digits, nth, axis=1) + ord("0")
    return Column(np.where(hashes, fill, column.data).astype(np.uint8), column.keep)


def upper(column: Column, rows: np.ndarray) -> Column:
    """ASCII letters of the chosen rows in upper case."""
    data = column.data.copy()
    lower = rows[:, None] & (data >= ord("a")) & (data <= ord("z"))
    data[lower] -= 32
    return Column(data, column.keep)


def clock(seconds: np.ndarray) -> dict[str, np.ndarray]:
    """Calendar fields of wall-clock seconds since 1970-01-01 00:00."""
    days = (seconds // 86400).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    of_day = seconds % 86400
    return {"Y": days.astype("datetime64[Y]").astype(np.int64) + 1970,
            "m": months.astype(np.int64) % 12 + 1,
            "d": (days - months).astype(np.int64) + 1,
            "H": of_day // 3600, "M": of_day // 60 % 60, "S": of_day % 60}


def formatted(fields: dict[str, np.ndarray], pattern: str) -> Column:
    """Calendar fields written with a strptime pattern (%Y %m %d %H %I %M %S
    %p and literal text). Fields are given, not computed from a moment, so
    that a date which does not exist (30/02) can be written too."""
    rows = len(fields["Y"])
    hours = fields.get("H", np.zeros(rows, np.int64))
    tokens = {"Y": lambda: number(fields["Y"], 4), "m": lambda: number(fields["m"], 2),
              "d": lambda: number(fields["d"], 2), "H": lambda: number(hours, 2),
              "I": lambda: number((hours + 11) % 12 + 1, 2), "M": lambda: number(fields["M"], 2),
              "S": lambda: number(fields["S"], 2),
              "p": lambda: Pool(["AM", "PM"], "ascii").pick((hours >= 12).astype(int))}
    parts = [tokens[p[1]]() if p.startswith("%") else constant(p.encode(), rows)
             for p in re.split(r"(%[YmdHIMSp])", pattern) if p]
    return hstack(*parts)


def written_time(seconds: np.ndarray, pattern: str) -> Column:
    """Wall-clock seconds written with a strptime pattern, or `epoch`."""
    return number(seconds) if pattern == "epoch" else formatted(clock(seconds), pattern)


def text(column: Column, encoding: str) -> list[str]:
    """The rows as strings (for the few lines handled one by one)."""
    return [bytes(row[keep]).decode(encoding) for row, keep in zip(column.data, column.keep)]
