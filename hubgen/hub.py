"""Users, logins, deliveries and planted defects of a generated Hub.

Every country is generated from its own random streams (seed, country,
delivery), so a subset of countries, or one more daily delivery, gives the
same files as the full run. Each file is built in chunks of vectorised
lines (`columns`); only planted defects, a small share, are handled line by
line. Each planted line has one defect, next to or in place of a clean
line of its own, and no two are alike in a file (the second would be a
duplicate), so its outcome is certain and recorded in the manifest:

- field issues (an invalid date, phone or postcode; a birth date in the
  future or before 1900; a sign-up date in the future) edit a clean line in
  place: the user still loads;
- blank optional values and values padded with stray spaces (an e-mail in
  upper case too) also edit a clean line in place, which loads cleaned;
- an integer id written with leading zeros (`007`), and a line ending
  with the other line ending than the file's (LF in a CRLF file, CRLF in
  an LF file), also edit a clean line in place, which loads as if clean;
- every other defect is an extra line next to a clean one, so a broken
  user line never hides the user (which would turn their logins into
  `unknown_user`), and a broken login line loses no login. A login
  re-delivered from the previous delivery's file is such a line too.

A line of about a megabyte (`line_too_long`) is planted once in each file
of the first delivery, not at the defect rate.

The manifest also lists each correction (a later delivery's e-mail wins)
and each login of a late user delivered before the user (it loads, once
the user has arrived). `DEFECTS` names every kind.
"""
import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from . import columns as col
from .countries import COUNTRIES, LINE_ENDINGS, Country

# Logins of these ids are planted as `unknown_user`: no user file has them
# (DE ids have six digits, so users are numbered below the range).
UNKNOWN_USER_IDS = (900_000, 1_000_000)
MAX_USERS = UNKNOWN_USER_IDS[0] - 1
CHUNK = 500_000  # lines formatted at once: bounds memory

FIELD_ISSUES = {  # kind: (reason, column)
    "invalid_date_of_birth": ("invalid_date", "date_of_birth"),
    "date_of_birth_in_future": ("date_of_birth_in_future", "date_of_birth"),
    "date_of_birth_before_1900": ("date_of_birth_before_1900", "date_of_birth"),
    "invalid_phone": ("invalid_phone", "phone"),
    "invalid_postcode": ("invalid_postcode", "postcode"),
    "invalid_signup_date": ("invalid_date", "signup_date"),
    "signup_date_in_future": ("signup_date_in_future", "signup_date"),
}
# Edited in place and loaded cleaned: blank optional values (null, no field
# issue) and values padded with spaces and a tab, an e-mail in upper case.
CLEANED = ("blank_optional_values", "padded_values")
OPTIONAL_USER_COLUMNS = {"first_name": "first_name", "last_name": "last_name",
                         "date_of_birth": "date_of_birth", "postcode": "postcode",
                         "phone": "phone_e164", "signup_date": "signup_date"}  # file: mart column
# Lines broken as lines: quarantined whatever their fields hold.
LINE_DEFECTS = ("empty_line", "unclosed_quote", "wrong_field_count", "stray_quote",
                "control_character", "missing_user_id", "invalid_user_id", "duplicate")
# Edited in place, and loading as if clean: an integer id with leading zeros
# (`007` is user 7), and a line that ends with the other line ending than
# the file's (physical lines end at LF; a CR before it is dropped).
ZERO_PADDED = "zero_padded_user_id"
OTHER_LINE_ENDING = {"lf_line_in_crlf_file": "CRLF", "crlf_line_in_lf_file": "LF"}  # kind: the file's
LOADED_AS_CLEAN = (ZERO_PADDED, *OTHER_LINE_ENDING)
IN_PLACE = (*FIELD_ISSUES, *CLEANED, *LOADED_AS_CLEAN)
# Once in each file of the first delivery (a megabyte each, so not at the rate).
LONG_LINE = "line_too_long"
LONG_LINE_LENGTH = 1_000_000  # characters added to a field
# A login of the previous delivery's file delivered again (a re-dropped file).
REDELIVERED = "redelivered_login"
STRAY_QUOTES = {  # the forms of a stray quote: (the field, how it is written)
    "users": ((1, lambda v: v[:1] + '"' + v[1:2] + '"' + v[2:]),  # Jo"h"n
              (0, lambda v: v[:1] + '"' + v[1:] + '"'),           # 1"23": not user 1
              (3, lambda v: v + '"x"'),                            # u118@example.co.uk"x"
              (2, lambda v: '"' + v + '"x')),                      # "Smith"x: text after a closing quote
    "logins": ((0, lambda v: v[:1] + '"' + v[1:] + '"'),
               (1, lambda v: v + '"x"'),
               (1, lambda v: '"' + v + '"x')),
}
CONTROL_CHARACTERS = ("\x00", "\x1f", "\r")  # NUL, unit separator, a CR not ending the line
USER_DEFECTS = LINE_DEFECTS + ("missing_email", "invalid_email", *FIELD_ISSUES, *CLEANED, *LOADED_AS_CLEAN)
LOGIN_DEFECTS = LINE_DEFECTS + ("missing_login_time", "invalid_login_time", "unknown_user",
                                "padded_values", *LOADED_AS_CLEAN, REDELIVERED)
CLOCK_DEFECTS = {"nonexistent_local_time": True, "ambiguous_local_time": False}  # kind: in a gap
DELIVERY_DEFECTS = ("correction", "late_user")  # what a sequence of deliveries holds
# Every kind planted in lines or deliveries, with the files it is planted in
# (the whole-file kinds are in file_defects.FILE_DEFECTS).
DEFECTS = {kind: ", ".join(f for f, kinds in (("users", USER_DEFECTS + (LONG_LINE,)),
                                             ("logins", LOGIN_DEFECTS + tuple(CLOCK_DEFECTS) + (LONG_LINE,)))
                           if kind in kinds)
           for kind in dict.fromkeys(USER_DEFECTS + LOGIN_DEFECTS + tuple(CLOCK_DEFECTS) + (LONG_LINE,))}
DEFECTS |= {kind: "deliveries" for kind in DELIVERY_DEFECTS}
USER_COLUMNS = ("user_id", "first_name", "last_name", "email", "date_of_birth", "postcode",
                "phone", "signup_date")  # the order of every country's user file
# The columns of tests/planted_defects.csv, and the kind of defect planted.
MANIFEST_COLUMNS = ("source_file", "line_number", "outcome", "reason", "column_name",
                    "expected_value", "defect")


@dataclass(frozen=True)
class Spec:
    """What to generate (the command line's options)."""
    countries: tuple[str, ...] = tuple(c.code for c in COUNTRIES)
    users: int = 1000            # per country
    logins_per_user: float = 10  # on average, over all months
    months: int = 3
    start: dt.date = dt.date(2025, 1, 1)
    deliveries: str = "monthly"  # or "daily"
    seed: int = 0
    defect_rate: float = 0.01    # share of clean lines that get a planted defect
    late_users: float = 0.02     # share of users first delivered in a later delivery
    corrections: float = 0.01    # share of users whose e-mail a later delivery corrects
    defects: tuple[str, ...] | None = None  # the kinds of line defect to plant (None: all)

    def plants(self, kinds) -> tuple[str, ...]:
        """Those of the kinds this spec plants."""
        return tuple(k for k in kinds if self.defects is None or k in self.defects)


@dataclass(frozen=True)
class Delivery:
    index: int         # 0 = the first delivery: no date in its file names
    start: dt.date     # its logins are those of [start, end), wall-clock
    end: dt.date
    daily: bool


def deliveries(spec: Spec, extra_days: int = 0) -> list[Delivery]:
    """The spec's deliveries, then `extra_days` daily ones after them."""
    def month(i):
        year, month0 = divmod(spec.start.month - 1 + i, 12)
        return spec.start.replace(year=spec.start.year + year, month=month0 + 1)
    end = month(spec.months)
    if spec.deliveries == "monthly":
        starts = [month(i) for i in range(spec.months)]
    else:
        starts = [spec.start + dt.timedelta(days=i) for i in range((end - spec.start).days)]
    starts += [end + dt.timedelta(days=i) for i in range(extra_days + 1)]
    ends = starts[1:]
    starts = starts[:-1]
    return [Delivery(i, s, e, spec.deliveries == "daily" or s >= end)
            for i, (s, e) in enumerate(zip(starts, ends))]


def file_name(country: Country, pattern: str, delivery: Delivery) -> str:
    suffix = country.daily_suffix if delivery.daily else country.monthly_suffix
    return pattern.format(suffix=delivery.start.strftime(suffix) if delivery.index else "")


def seconds(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days * 86400


@lru_cache
def clock_changes(zone: str, year: int) -> tuple[tuple[int, int, bool, int], ...]:
    """A year's daylight-saving changes as wall-clock windows (start, end,
    is_gap, UTC offset before): a gap's times do not exist, an overlap's
    occur twice."""
    tz = ZoneInfo(zone)

    def offset(t):
        return int(dt.datetime.fromtimestamp(t, tz).utcoffset().total_seconds())
    changes = []
    for day in range(seconds(dt.date(year, 1, 1)), seconds(dt.date(year + 1, 1, 1)), 86400):
        low, high = day, day + 86400
        if offset(low) != offset(high):
            while high - low > 1:  # to the second of the change
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == offset(low) else (low, middle)
            before, after = offset(low), offset(high)
            changes.append((high + min(before, after), high + max(before, after), after > before, before))
    return tuple(changes)


def resolution(pattern: str) -> int:
    """Seconds between two writable times: a format without seconds writes minutes."""
    return 1 if pattern == "epoch" or "%S" in pattern else 60


def skipped_windows(country: Country, delivery: Delivery) -> list[tuple[int, int]]:
    """(offset from the delivery's start, length) of the wall-clock times
    that do not exist or occur twice: clean logins avoid them."""
    start, end = seconds(delivery.start), seconds(delivery.end)
    windows = []
    for year in range(delivery.start.year, delivery.end.year + 1):
        for low, high, _, _ in clock_changes(country.login_zone, year):
            low, high = max(low, start), min(high, end)
            if low < high:
                windows.append((low - start, high - low))
    return sorted(windows)


def usable_seconds(country: Country, delivery: Delivery) -> int:
    total = seconds(delivery.end) - seconds(delivery.start)
    return total - sum(length for _, length in skipped_windows(country, delivery))


def login_counts(country: Country, spec: Spec, all_deliveries: list[Delivery],
                 base: int) -> list[int]:
    """users x logins_per_user logins over the first `base` deliveries, in
    proportion to their length; extra days at the same rate."""
    lengths = np.array([usable_seconds(country, d) for d in all_deliveries], float)
    total = round(spec.users * spec.logins_per_user)
    rate = total / lengths[:base].sum()
    counts = np.diff(np.round(np.cumsum(lengths[:base]) * rate), prepend=0)
    return [int(c) for c in counts] + [round(n * rate) for n in lengths[base:]]


def stream(spec: Spec, country: Country, *key: int) -> np.random.Generator:
    return np.random.default_rng([spec.seed, country.stream_key, *key])


def quoted(field: str, delimiter: str) -> str:
    """A CSV field, in double quotes when it holds the delimiter or a quote."""
    if delimiter in field or '"' in field:
        return '"' + field.replace('"', '""') + '"'
    return field


@lru_cache
def pools(country: Country) -> dict[str, col.Pool]:
    def pool(texts):
        return col.Pool([quoted(t, country.delimiter) for t in texts], country.encoding)
    return {"first": pool(n for n, _ in country.first_names),
            "last": pool(n for n, _ in country.last_names),
            "first_ascii": pool(a for _, a in country.first_names),
            "last_ascii": pool(a for _, a in country.last_names),
            "domain": pool(country.email_domains), "postcode": pool(country.postcodes),
            "phone": pool(country.phones)}


def user_id_column(country: Country, ids: np.ndarray) -> col.Column:
    digits = col.number(ids, country.user_id_digits)
    if not country.user_id_prefix:
        return digits
    return col.hstack(col.constant(country.user_id_prefix.encode(), len(ids)), digits)


def user_id_text(country: Country, user_id: int) -> str:
    return country.user_id_prefix + str(user_id).zfill(country.user_id_digits)


class Users:
    """Every user of a country, as arrays indexed by user id - 1."""

    def __init__(self, country: Country, spec: Spec, delivery_count: int):
        rng, n, p = stream(spec, country, 0), spec.users, pools(country)
        self.country = country
        self.first = rng.integers(0, len(p["first"]), n)
        self.last = rng.integers(0, len(p["last"]), n)
        self.postcode = rng.integers(0, len(p["postcode"]), n)
        self.phone = rng.integers(0, len(p["phone"]), n)
        self.digits = rng.integers(0, 10, (n, 2, 12), dtype=np.uint8)  # for `#`: postcode, phone
        self.shouting = rng.random(n) < 0.02  # e-mail written in upper case
        born = seconds(dt.date(1940, 1, 1)), seconds(dt.date(2007, 1, 1))
        self.date_of_birth = rng.integers(*born, n) // 86400 * 86400
        self.signup = seconds(spec.start) - rng.integers(1, 730 * 86400, n)
        later = rng.integers(1, max(delivery_count, 2), n)
        late = (rng.random(n) < spec.late_users) & (delivery_count > 1)
        corrected = (rng.random(n) < spec.corrections) & ~late & (delivery_count > 1)
        self.first_delivery = np.where(late, later, 0)
        self.correction = np.where(corrected, rng.integers(1, max(delivery_count, 2), n), -1)

    def in_delivery(self, delivery: Delivery) -> tuple[np.ndarray, np.ndarray]:
        """Indexes of the users a delivery's user file holds, and which of
        those lines are corrections."""
        rows = np.flatnonzero((self.first_delivery == delivery.index)
                              | (self.correction == delivery.index))
        return rows, self.correction[rows] == delivery.index

    def lines(self, rows: np.ndarray, corrected: np.ndarray) -> col.Column:
        c, p, ids = self.country, pools(self.country), rows + 1
        email = col.hstack(p["first_ascii"].pick(self.first[rows]), col.constant(b".", len(rows)),
                           p["last_ascii"].pick(self.last[rows]), col.number(ids),
                           col.constant(b"@", len(rows)), p["domain"].pick(corrected.astype(int)))
        fields = [user_id_column(c, ids), p["first"].pick(self.first[rows]),
                  p["last"].pick(self.last[rows]), col.upper(email, self.shouting[rows]),
                  col.written_time(self.date_of_birth[rows], c.date_of_birth_format),
                  col.fill_digits(p["postcode"].pick(self.postcode[rows]), self.digits[rows, 0]),
                  col.fill_digits(p["phone"].pick(self.phone[rows]), self.digits[rows, 1]),
                  col.written_time(self.signup[rows], c.signup_format)]
        return col.joined(fields, c.delimiter.encode(), c.newline.encode())

    def email(self, row: int, corrected: bool) -> str:
        c = self.country
        return (f"{c.first_names[self.first[row]][1]}.{c.last_names[self.last[row]][1]}{row + 1}"
                f"@{c.email_domains[int(corrected)]}")


def sample_logins(country: Country, spec: Spec, users: int, delivery: Delivery,
                  count: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` distinct (user id, wall-clock second) pairs in the delivery's
    period, outside daylight-saving gaps and overlaps, in time order."""
    rng, step = stream(spec, country, 3, delivery.index), resolution(country.login_format)
    population = usable_seconds(country, delivery) // step * users
    if count > population // 2:
        raise ValueError(f"{count} logins do not fit in {delivery.start}..{delivery.end}"
                         f" for {users} users at one per {step} s")
    codes = np.empty(0, np.int64)
    while len(codes) < count:  # the rare collision is drawn again
        codes = np.sort(np.concatenate([codes, rng.integers(0, population, count - len(codes))]))
        codes = codes[np.diff(codes, prepend=-1) != 0]  # time-major: sorted by time, distinct
    offsets = codes // users * step
    for window_start, length in skipped_windows(country, delivery):
        offsets[offsets >= window_start] += length
    return codes % users + 1, seconds(delivery.start) + offsets


def written(parts: dict[str, int], pattern: str) -> str:
    """One time written with a pattern (for the few planted lines)."""
    return col.text(col.formatted({k: np.array([v]) for k, v in parts.items()}, pattern), "ascii")[0]


def calendar(second: int) -> dict[str, int]:
    return {k: int(v[0]) for k, v in col.clock(np.array([second])).items()}


def clock_change_in(country: Country, delivery: Delivery, in_gap: bool):
    """The delivery period's daylight-saving gap (or overlap), if any:
    only that delivery's file gets logins planted in it, so that no two
    files plant the same login."""
    start, end = seconds(delivery.start), seconds(delivery.end)
    for year in range(delivery.start.year, delivery.end.year + 1):
        for change in clock_changes(country.login_zone, year):
            if change[2] == in_gap and start <= change[0] and change[1] <= end:
                return change
    return None


def planted_fields(kind: str, fields: list[str], delimiter: str, variant: int) -> str:
    """The defects that break the line as a line, or its id; `variant`
    chooses among the forms of a kind."""
    if kind == "empty_line":
        return ""
    texts = [quoted(f, delimiter) for f in fields]
    if kind == "unclosed_quote":
        texts[1] = '"' + texts[1]
    elif kind == "stray_quote":
        forms = STRAY_QUOTES["users" if len(fields) > 2 else "logins"]
        i, written_with_quote = forms[variant % len(forms)]
        texts[i] = written_with_quote(fields[i].strip().replace(delimiter, "").replace('"', ""))
    elif kind == "control_character":
        i = 1 if len(fields) > 2 else variant % 2  # a name; a login's id or time
        value = texts[i]
        middle = len(value) // 2 or 1
        texts[i] = value[:middle] + CONTROL_CHARACTERS[variant % len(CONTROL_CHARACTERS)] + value[middle:]
    elif kind == LONG_LINE:
        texts[1] = quoted(fields[1].strip() + "x" * LONG_LINE_LENGTH, delimiter)
    elif kind == ZERO_PADDED:
        texts[0] = "00" + fields[0]
    elif kind == "wrong_field_count":
        texts = texts[:-1] if len(texts) > 2 else texts + [""]
    elif kind == "missing_user_id":
        texts[0] = ""
    elif kind == "invalid_user_id":
        texts[0] = quoted("X" + fields[0], delimiter)
    return delimiter.join(texts)


def padded(field: str) -> str:
    """A value with stray white space around it (spaces, a tab)."""
    return "  " + field + " \t"


def utc_text(wall_clock: int, zone: str) -> str:
    """A clean (unambiguous) wall-clock time of the zone as UTC text."""
    moment = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(wall_clock))
    if zone != "UTC":
        moment = moment.replace(tzinfo=ZoneInfo(zone)).astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def plant_user_defect(kind: str, fields: list[str], users: Users, row: int) -> tuple[str, list]:
    """A planted user line and its verdicts: (outcome, reason, column,
    expected value) for each manifest row."""
    c = users.country

    def line():
        return c.delimiter.join(quoted(f, c.delimiter) for f in fields)
    if kind in FIELD_ISSUES:
        reason, column = FIELD_ISSUES[kind]
        born = calendar(users.date_of_birth[row]) | {"d": 1}  # in 2091, a 29 February would not exist
        signed_up = calendar(users.signup[row]) | {"d": 1}
        value = {"invalid_date_of_birth": lambda: written(born | {"m": 2, "d": 30}, c.date_of_birth_format),
                 "date_of_birth_in_future": lambda: written(born | {"Y": 2091}, c.date_of_birth_format),
                 "date_of_birth_before_1900": lambda: written(born | {"Y": 1850}, c.date_of_birth_format),
                 "invalid_phone": lambda: "n/a",
                 "invalid_postcode": lambda: "123",
                 "invalid_signup_date": lambda: written(signed_up | {"m": 2, "d": 30}, c.signup_format),
                 "signup_date_in_future": lambda: written(signed_up | {"Y": 2091}, c.signup_format),
                 }[kind]()
        fields[USER_COLUMNS.index(column)] = value
        return line(), [("field_issue", reason, column, "")]
    if kind == "blank_optional_values":
        for column in OPTIONAL_USER_COLUMNS:
            fields[USER_COLUMNS.index(column)] = ""
        return line(), [("loaded", "", mart_column, "") for mart_column in OPTIONAL_USER_COLUMNS.values()]
    if kind == "padded_values":
        expected = [("loaded", "", "email", fields[3].strip().lower()),
                    ("loaded", "", "first_name", fields[1].strip())]
        fields[3] = fields[3].upper()
        fields[:] = [padded(f) for f in fields]
        return line(), expected
    if kind == "missing_email":
        fields[3] = ""
    elif kind == "invalid_email":
        fields[3] = fields[3].replace("@", "@@")
    return planted_fields(kind, fields, c.delimiter, row), [("quarantined", kind, "", "")]


def plant_login_defect(kind: str, fields: list[str], country: Country, delivery: Delivery,
                       wall_clock: int, earlier_logins, rng) -> tuple[str, list]:
    """A planted login line and its verdicts (as plant_user_defect).
    `earlier_logins`: (user ids, wall-clock seconds) of the previous delivery."""
    if kind == REDELIVERED:
        ids, times = earlier_logins
        i = int(rng.integers(len(ids)))
        time = col.text(col.written_time(times[i:i + 1], country.login_format), "ascii")[0]
        return country.delimiter.join([user_id_text(country, int(ids[i])), time]), [("duplicate", "", "", "")]
    if kind in CLOCK_DEFECTS:
        low, high, _, offset_before = clock_change_in(country, delivery, CLOCK_DEFECTS[kind])
        step = resolution(country.login_format)
        wall = low + int(rng.integers(0, (high - low) // step)) * step
        fields[1] = written(calendar(wall), country.login_format)
        line = country.delimiter.join(fields)
        if kind == "nonexistent_local_time":
            return line, [("quarantined", kind, "", "")]
        # The earlier of the two instants, as the pipeline resolves an overlap.
        utc = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=wall - offset_before)
        return line, [(kind, "", "logged_in_at_utc", utc.strftime("%Y-%m-%d %H:%M:%S"))]
    if kind == "padded_values":
        line = country.delimiter.join(quoted(padded(f), country.delimiter) for f in fields)
        return line, [("loaded", "", "logged_in_at_utc", utc_text(wall_clock, country.login_zone))]
    if kind == "missing_login_time":
        fields[1] = ""
    elif kind == "invalid_login_time":
        fields[1] = (fields[1] + ".5" if country.login_format == "epoch"
                     else written(calendar(wall_clock) | {"m": 2, "d": 30}, country.login_format))
    elif kind == "unknown_user":
        fields[0] = user_id_text(country, int(rng.integers(*UNKNOWN_USER_IDS)))
    return (planted_fields(kind, fields, country.delimiter, int(rng.integers(6))),
            [("quarantined", kind, "", "")])


def kinds_in(country: Country, kinds: tuple[str, ...], spec: Spec) -> tuple[str, ...]:
    """The kinds a file of the country can have, of those the spec plants."""
    return spec.plants(k for k in kinds
                       if (k not in OTHER_LINE_ENDING or OTHER_LINE_ENDING[k] == country.line_ending)
                       and (k != ZERO_PADDED or country.integer_ids))


def write_file(path: Path, country: Country, header: tuple[str, ...], count: int, lines_of,
               kinds: tuple[str, ...], plant, spec: Spec, rng,
               once: tuple[str, ...] = ()) -> tuple[list, np.ndarray]:
    """Write `count` clean lines (`lines_of(start, stop)`) with planted
    defects: `kinds` at the spec's rate, and each of `once` one time.
    Returns the manifest rows and the clean lines each followed by an extra
    line."""
    source_file = f"{country.code}/{path.name}"
    rate = spec.defect_rate if kinds else 0
    chosen = rng.choice(count, rng.binomial(count, rate), replace=False)
    chosen_kinds = rng.choice(kinds, len(chosen)) if kinds else np.array([], str)
    once = once if count > len(chosen) + len(once) else ()
    if once:
        chosen = np.concatenate([chosen, rng.choice(np.setdiff1d(np.arange(count), chosen), len(once),
                                                    replace=False)])
        chosen_kinds = np.concatenate([chosen_kinds, once])
    order = np.argsort(chosen, kind="stable")
    chosen, chosen_kinds = chosen[order], chosen_kinds[order]
    rows, inserted_after, seen = [], [], set()
    newline, encoding = country.newline, country.encoding
    other_newline = LINE_ENDINGS["LF" if country.line_ending == "CRLF" else "CRLF"]
    with open(path, "wb") as out:
        out.write((("\ufeff" if country.byte_order_mark else "") + country.delimiter.join(header)
                   + newline).encode(encoding))
        for start in range(0, count, CHUNK):
            blob, ends = lines_of(start, min(count, start + CHUNK)).tobytes()
            cursor = 0
            in_chunk = (chosen >= start) & (chosen < start + CHUNK)
            for position, kind in zip(chosen[in_chunk], chosen_kinds[in_chunk]):
                kind = str(kind)
                i = position - start
                begin = ends[i - 1] if i else 0
                clean = blob[begin:ends[i]].decode(encoding)[:-len(newline)]
                fields = next(csv.reader([clean], delimiter=country.delimiter))
                ending = other_newline if kind in OTHER_LINE_ENDING else newline
                if kind == "duplicate":
                    line, verdicts = clean, [("duplicate", "", "", "")]
                elif kind in OTHER_LINE_ENDING:
                    line, verdicts = clean, [("loaded", "", "", "")]
                elif kind == ZERO_PADDED:  # loads as the id without its zeros
                    line = planted_fields(kind, fields, country.delimiter, 0)
                    verdicts = [("loaded", "", "source_user_id", fields[0])]
                else:
                    line, verdicts = plant(kind, fields, int(position))
                # Two planted lines alike (two `123,` lines, say): the second
                # would be a duplicate, so it is not planted.
                if line in seen:
                    continue
                seen.add(line)
                in_place = kind in IN_PLACE
                out.write(blob[cursor:begin if in_place else ends[i]])
                out.write((line + ending).encode(encoding))
                cursor = ends[i]
                number = int(position) + 2 + len(inserted_after)
                rows += [(source_file, number + (not in_place), *verdict, kind) for verdict in verdicts]
                if not in_place:
                    inserted_after.append(int(position))
            out.write(blob[cursor:])
    return rows, np.array(inserted_after, dtype=np.int64)


def write_delivery(hub: Path, country: Country, spec: Spec, users: Users, delivery: Delivery,
                   logins: tuple, earlier_logins: tuple | None) -> list[tuple]:
    """A delivery's user file (when it has lines) and login file. `logins`:
    its (user ids, wall-clock seconds); `earlier_logins`: the previous
    delivery's."""
    folder = hub / country.code
    folder.mkdir(parents=True, exist_ok=True)
    manifest = []
    once = spec.plants([LONG_LINE]) if delivery.index == 0 and spec.defect_rate > 0 else ()

    rows, corrected = users.in_delivery(delivery)
    if len(rows) or delivery.index == 0:
        path = folder / file_name(country, country.users_file, delivery)
        planted, inserted_after = write_file(
            path, country, country.users_header, len(rows),
            lambda a, b: users.lines(rows[a:b], corrected[a:b]), kinds_in(country, USER_DEFECTS, spec),
            lambda kind, fields, i: plant_user_defect(kind, fields, users, rows[i]),
            spec, stream(spec, country, 1, delivery.index), once)
        manifest += planted
        for position in np.flatnonzero(corrected):  # the later delivery's e-mail wins
            number = position + 2 + np.searchsorted(inserted_after, position)
            manifest.append((f"{country.code}/{path.name}", int(number), "loaded", "", "email",
                             users.email(rows[position], True), "correction"))

    user_ids, wall_clock = logins
    login_count = len(user_ids)
    rng = stream(spec, country, 2, delivery.index)

    def login_lines(a, b):
        return col.joined([user_id_column(country, user_ids[a:b]),
                           col.written_time(wall_clock[a:b], country.login_format)],
                          country.delimiter.encode(), country.newline.encode())
    kinds = tuple(k for k in LOGIN_DEFECTS
                  if k != REDELIVERED or (earlier_logins is not None and len(earlier_logins[0])))
    kinds += tuple(k for k, in_gap in CLOCK_DEFECTS.items() if clock_change_in(country, delivery, in_gap))
    path = folder / file_name(country, country.logins_file, delivery)
    planted, inserted_after = write_file(
        path, country, country.logins_header, login_count, login_lines, kinds_in(country, kinds, spec),
        lambda kind, fields, i: plant_login_defect(kind, fields, country, delivery, wall_clock[i],
                                                   earlier_logins, rng),
        spec, rng, once)
    # Logins of users first delivered later: they load once the user has arrived.
    for position in np.flatnonzero(users.first_delivery[user_ids - 1] > delivery.index):
        number = position + 2 + np.searchsorted(inserted_after, position)
        manifest.append((f"{country.code}/{path.name}", int(number), "loaded", "", "", "", "late_user"))
    return manifest + planted


def generate(hub: Path, spec: Spec, extra_days: int = 0) -> list[tuple]:
    """Write the Hub (or, with `extra_days`, only the last of that many
    daily deliveries after it) and return the manifest rows."""
    if spec.users > MAX_USERS:
        raise ValueError(f"at most {MAX_USERS} users per country")
    everything = deliveries(spec, extra_days)
    base_count = len(deliveries(spec))
    manifest = []
    for country in (c for c in COUNTRIES if c.code in spec.countries):
        users = Users(country, spec, base_count)
        counts = login_counts(country, spec, everything, base_count)
        def logins(delivery):
            return sample_logins(country, spec, spec.users, delivery, counts[delivery.index])
        written = everything[-1:] if extra_days else everything
        earlier_logins = logins(everything[-2]) if extra_days else None  # for a login delivered again
        for delivery in written:
            delivered = logins(delivery)
            manifest += write_delivery(hub, country, spec, users, delivery, delivered, earlier_logins)
            earlier_logins = delivered
    return manifest


def write_manifest(path: Path, rows: list[tuple], keep_others: bool = False):
    """The planted defects as CSV (the columns of tests/planted_defects.csv,
    and `defect`). With `keep_others`, rows of other files already in it are
    kept."""
    written_files = {row[0] for row in rows}
    kept = []
    if keep_others and path.exists():
        with open(path, newline="", encoding="utf-8") as f:
            kept = [tuple(r.get(c) or "" for c in MANIFEST_COLUMNS) for r in csv.DictReader(f)
                    if r["source_file"] not in written_files]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(MANIFEST_COLUMNS)
        writer.writerows(kept + list(rows))
