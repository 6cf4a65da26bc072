"""Contract breaks stop the run and say which file and what is wrong, with no
Python traceback and nothing half-loaded into the marts.

Each break is planted by hubgen (`--file-defect`) as one more delivery of a
small, otherwise clean generated Hub, built from scratch. "One line" means
the error dbt reports is one line of text, not an engine's dump. Part of
the robustness suite: test_robustness.py covers the defects the run
survives (an unregistered folder among them) and checks that every kind
hubgen plants has a case there or here."""
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REGISTRY, Build, error_messages, generate_hub, planted_defects
from hubgen.countries import BY_CODE

# A small clean Hub of one country: the break is its only fault.
SMALL_CLEAN = ["--users", "8", "--logins-per-user", "2", "--months", "1", "--defect-rate", "0"]
# Marts built from the registry and reference data, not from deliveries.
REFERENCE_MARTS = {"dim_countries"}


@dataclass(frozen=True)
class Known:
    """A gap the suite has found and not closed: the cases marked with it
    xfail while it lasts, and fail once it is gone (remove the mark)."""
    what: str
    excuses: frozenset  # the checks it makes fail


KNOWN = {
}


@dataclass(frozen=True)
class Break:
    defect: str        # a hubgen file defect
    country: str       # whose file
    files: str         # users or logins
    # What the one line of the error must say: {file} is the file (relative
    # to the hub), {line} the first line that does not decode in {encoding},
    # the registered encoding; `…` stands for any text.
    problem: str
    known: str = ""    # a key of KNOWN

    def __str__(self):
        return f"{self.defect}-{self.country}-{self.files}"


MISSING = "Hub contract break in {file}: required column(s) missing from the header: "
UNDECODABLE = "Hub contract break in {file}, line {line}: …not valid {encoding}"
BREAKS = [
    Break("missing_column", "de", "users", MISSING + "e_mail"),
    Break("renamed_column", "uk", "logins", MISSING + "login_timestamp"),
    Break("wrong_delimiter", "us", "users",
          MISSING + "UserId, FirstName, LastName, EmailAddress, DOB, ZipCode, Phone, CreatedAt"
          ' (the header does not split into fields: is the file delimited with "," as registered?)'),
    Break("undecodable_bytes", "fr", "users", UNDECODABLE),
    Break("wrong_encoding", "de", "users", UNDECODABLE),
    Break("wrong_encoding", "fr", "users",
          "Hub contract break in {file}, line 2: the text is UTF-8, not cp1252 as registered for fr/"),
    Break("invalid_utf8", "uk", "users", UNDECODABLE),
]
# A country the cases above do not cover (one just added) gets its own: its
# header and its encoding are checked too.
NEW_COUNTRY_BREAKS = [
    case for code in sorted(set(REGISTRY) - {case.country for case in BREAKS})
    for case in (Break("missing_column", code, "users",
                       MISSING + (BY_CODE[code].users_header[3] if code in BY_CODE else "?")),
                 Break("undecodable_bytes", code, "users", UNDECODABLE))]


def generate_with(tmp_path: Path, case: Break) -> tuple[Path, str]:
    """The Hub with the break, and the broken file (relative to the hub)."""
    assert case.country in BY_CODE, f"hubgen has no description of {case.country}: hubgen/countries/"
    hub = tmp_path / "hub"
    manifest = generate_hub(hub, *SMALL_CLEAN, "--countries", case.country,
                            "--file-defect", case.defect, case.country, case.files)
    broken, = [r["source_file"] for r in planted_defects(manifest) if r["outcome"] == "file"]
    return hub, broken


def first_undecodable_line(path: Path, encoding: str) -> int | None:
    """The number of the first line that does not decode (lines end at LF)."""
    for number, line in enumerate(path.read_bytes().split(b"\n"), 1):
        try:
            line.decode(encoding)
        except UnicodeDecodeError:
            return number
    return None


def problem_pattern(case: Break, hub: Path, broken: str) -> re.Pattern:
    encoding = REGISTRY[case.country]["encoding"]
    values = {"file": broken, "encoding": encoding}
    if "{line}" in case.problem:
        values["line"] = str(first_undecodable_line(hub / broken, encoding))
    parts = [re.escape(part).replace(r"\{", "{").replace(r"\}", "}") for part in case.problem.split("…")]
    return re.compile(".*".join(part.format(**{k: re.escape(v) for k, v in values.items()})
                                for part in parts))


def loaded_marts(build: Build) -> dict[str, int]:
    """Marts built from deliveries that hold rows."""
    return {name: rows for name, rows in build.mart_row_counts().items()
            if name not in REFERENCE_MARTS and rows}


def settle(case: Break, failures: dict[str, str]):
    """Pass, fail, or xfail for a known gap (strictly: a known gap that no
    longer shows fails, so that its mark is removed)."""
    known = KNOWN.get(case.known)
    unexplained = {check: why for check, why in failures.items()
                   if not known or check not in known.excuses}
    assert unexplained == {}
    if known:
        if failures:
            pytest.xfail(f"known gap: {known.what}. {failures}")
        pytest.fail(f"the known gap '{case.known}' no longer shows: remove it from {case}")


def run_with_break(case: Break, tmp_path: Path) -> dict[str, str]:
    """Build a Hub with the break; the checks that failed, and why."""
    hub, broken = generate_with(tmp_path, case)
    build = Build(hub, tmp_path)
    result = build.run("build")
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    failures = {}
    if result.returncode == 0:
        failures["stops"] = "the run completed"
    if broken not in output:
        failures["names the file"] = f"{broken} is not in the output"
    problem = problem_pattern(case, hub, broken)
    saying = [message for message in error_messages(output) if problem.search(" ".join(message))]
    if not saying:
        failures["names the problem"] = f"no error matches {problem.pattern!r}: {error_messages(output)}"
    elif [message for message in saying if len(message) > 1]:
        failures["in one line"] = f"the error is {len(saying[0])} lines: {saying[0][:5]}..."
    if result.returncode != 0 and loaded_marts(build):
        failures["half_loaded"] = f"marts with rows after the run stopped: {loaded_marts(build)}"
    return failures


@pytest.mark.parametrize("case", BREAKS, ids=str)
def test_a_contract_break_stops_the_run_naming_the_file_and_the_problem(case, tmp_path):
    settle(case, run_with_break(case, tmp_path))


@pytest.mark.parametrize("case", NEW_COUNTRY_BREAKS, ids=str)
def test_a_new_country_s_files_are_checked_against_the_contract_too(case, tmp_path):
    settle(case, run_with_break(case, tmp_path))


def test_a_wrong_or_empty_hub_dir_stops_the_run_saying_what_to_do(tmp_path):
    empty = tmp_path / "empty-hub"
    empty.mkdir()
    for hub in (tmp_path / "no-such-folder", empty):
        build = Build(hub, tmp_path)
        result = build.run("build")
        assert result.returncode != 0, "the run should have stopped"
        assert "Traceback" not in result.stdout + result.stderr
        assert f"No delivery found in the Hub folder '{hub}'" in result.stdout
        assert "--vars '{hub_dir: /path/to/hub}'" in result.stdout
        assert loaded_marts(build) == {}
