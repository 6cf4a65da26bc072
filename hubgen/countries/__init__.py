"""How each country app writes its files: one small description per app,
`hubgen/countries/<folder>.toml`, restated from the Hub contract
(`docs/hub-contract.md`) and the app team's files rather than read from the
dbt registry, so that a generated Hub also tests the registry.

Adding a country (docs/adding-a-country.md) means writing one more file
here; `uk.toml` explains every field."""
import tomllib
from dataclasses import dataclass
from pathlib import Path

LINE_ENDINGS = {"LF": "\n", "CRLF": "\r\n"}


@dataclass(frozen=True)
class Country:
    code: str                  # the Hub sub-folder: the description's file name
    encoding: str              # Python codec of the files
    byte_order_mark: bool      # a UTF-8 byte-order mark starts each file
    delimiter: str
    line_ending: str           # LF or CRLF
    users_file: str            # file names; {suffix} is '' for the first delivery
    logins_file: str
    monthly_suffix: str        # strftime of a later delivery's first day
    daily_suffix: str
    users_header: tuple[str, ...]   # user_id, first_name, last_name, email,
                                    # date_of_birth, postcode, phone, signup_date
    logins_header: tuple[str, ...]  # user_id, logged_in_at
    date_of_birth_format: str
    signup_format: str
    login_format: str          # strptime pattern, or `epoch` (Unix seconds)
    login_zone: str            # the zone of the written login wall-clock time
    first_names: tuple[tuple[str, str], ...]  # (as written, as in an e-mail)
    last_names: tuple[tuple[str, str], ...]
    email_domains: tuple[str, str]  # usual, and the one a correction moves to
    postcodes: tuple[str, ...]      # templates: `#` is a random digit
    phones: tuple[str, ...]
    user_id_prefix: str = ""
    user_id_digits: int = 0    # zero-padded to this many digits (0: as many as needed)

    @property
    def newline(self) -> str:
        return LINE_ENDINGS[self.line_ending]

    @property
    def integer_ids(self) -> bool:
        """User ids are plain integers (`7`, not `DE-000007`)."""
        return not self.user_id_prefix and not self.user_id_digits

    @property
    def stream_key(self) -> int:
        """The country's own random streams: from its code, so that adding
        a country changes nothing in the others' files."""
        return int.from_bytes(self.code.encode(), "big")


def read_description(path: Path) -> Country:
    entry = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        country = Country(code=path.stem, **{
            key: tuple(tuple(v) if isinstance(v, list) else v for v in value)
            if isinstance(value, list) else value for key, value in entry.items()})
    except TypeError as error:  # a field missing or unknown
        raise ValueError(f"{path}: {error}") from None
    if country.line_ending not in LINE_ENDINGS:
        raise ValueError(f"{path}: line_ending is LF or CRLF, not {country.line_ending!r}")
    return country


COUNTRIES = tuple(read_description(path)
                  for path in sorted(Path(__file__).parent.glob("*.toml")))
BY_CODE = {c.code: c for c in COUNTRIES}
