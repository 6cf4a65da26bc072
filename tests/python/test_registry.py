"""The country registry (vars.hub_countries in dbt_project.yml) is the one
list of countries: a broken entry fails before any model runs, in one line
that names the country and the field, and the docs that list countries
agree with it."""
import copy
import fnmatch
import re

import pytest

from conftest import PROJECT, REGISTRY, SAMPLE_HUB, Build

OVERVIEW = PROJECT / "models" / "overview.md"
GUIDE = PROJECT / "docs" / "adding-a-country.md"
ARCHITECTURE = PROJECT / "docs" / "architecture.md"
# The forms of a delivery date the pipeline reads in a file name, stated the
# same way in the guide, the overview and docs/architecture.md.
DELIVERY_DATE_FORMS = "`YYYY-MM`, `YYYY-MM-DD`, `YYYYMMDD` or `YYYYMM`"
# The encodings the guide names; each must be accepted by the registry.
GUIDE_ENCODINGS = ["utf-8", "utf-16", "latin-1", "cp1252", "cp932"]


def broken(change) -> dict:
    registry = copy.deepcopy(REGISTRY)
    change(registry["de"])
    return registry


@pytest.mark.parametrize("change, field, problem", [
    (lambda de: de.update(time_zone="Europe/Berln"), "time_zone", "'Europe/Berln' is not an IANA time zone"),
    (lambda de: de["logins"]["formats"].update(logged_in_at="%d.%m.%Y %Q"), "logins.formats.logged_in_at",
     "'%d.%m.%Y %Q' is not a supported format"),
    (lambda de: de["users"]["columns"].pop("email"), "users.columns.email", "missing"),
    (lambda de: de.pop("encoding"), "encoding", "missing"),
    (lambda de: de.update(encoding="cp-klingon"), "encoding", "'cp-klingon' is not"),
    (lambda de: de.update(postcode_area_pattern="^[0-9]{5}$"), "postcode_area_pattern",
     "'^[0-9]{5}$' must match the start of a postcode only"),
])
def test_broken_entry_names_country_and_field(tmp_path, change, field, problem):
    registry = broken(change)
    result = Build(SAMPLE_HUB, tmp_path).run("parse", extra_vars={"hub_countries": registry})
    assert result.returncode != 0
    lines = [l for l in result.stdout.splitlines() if l.strip().startswith("Country registry")]
    assert len(lines) == 1, result.stdout[-2000:]
    assert re.search(rf"country 'de', field '{re.escape(field)}': {re.escape(problem)}", lines[0]), lines[0]


def test_the_shipped_registry_parses(tmp_path):
    assert Build(SAMPLE_HUB, tmp_path).run("parse").returncode == 0


def test_every_encoding_the_guide_names_is_accepted(tmp_path):
    """One parse, one throwaway country per encoding."""
    assert all(f"`{name}`" in GUIDE.read_text() for name in GUIDE_ENCODINGS)
    registry = copy.deepcopy(REGISTRY)
    for name in GUIDE_ENCODINGS:
        registry[f"x{name.replace('-', '')}"] = {**copy.deepcopy(REGISTRY["de"]), "encoding": name}
    result = Build(SAMPLE_HUB, tmp_path).run("parse", extra_vars={"hub_countries": registry})
    assert result.returncode == 0, result.stdout[-2000:]


# The docs that list countries.

def section(markdown: str, heading: str) -> str:
    return markdown.split(heading, 1)[1].split("\n## ", 1)[0]


def overview_table() -> dict[str, dict]:
    """The per-app table of the overview, by folder (`uk`)."""
    lines = [line for line in section(OVERVIEW.read_text(), "## Where the data comes from").splitlines()
             if line.startswith("|")]
    header, _, *rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    return {row[1].strip("`/"): dict(zip(header, row)) for row in rows}


def overview_tree() -> dict[str, list[str]]:
    """The Hub tree of the overview: the file names shown in each folder."""
    tree = section(OVERVIEW.read_text(), "## Where the data comes from").split("```")[1]
    return {found.group(1): re.split(r"\s{2,}", found.group(2).strip())[:2]
            for found in re.finditer(r"^  (\w+)/\s+(.*)$", tree, re.M)}


def test_the_overview_table_lists_every_registered_country_as_registered():
    table = overview_table()
    assert sorted(table) == sorted(REGISTRY), "one row per registered country (models/overview.md)"
    for code, entry in REGISTRY.items():
        row = table[code]
        zone = entry["logins"].get("logged_in_at_time_zone", entry["time_zone"])
        found = (f"(`{entry['country_code']}`)" in row["app"], row["encoding"].split()[0].strip(","),
                 row["delimiter"], zone in row["login times"],
                 "integers" in row["user ids"] if "user_id_pattern" not in entry else True)
        assert found == (True, f"`{entry['encoding']}`", f"`{entry['delimiter']}`", True, True), (code, row)


def test_the_overview_tree_shows_every_registered_country_s_files():
    tree = overview_tree()
    assert sorted(tree) == sorted(REGISTRY), "one line per registered country (models/overview.md)"
    for code, (users, logins) in tree.items():
        patterns = [REGISTRY[code][kind]["file_pattern"].lower() for kind in ("users", "logins")]
        assert [fnmatch.fnmatchcase(name.lower(), pattern)
                for name, pattern in zip((users, logins), patterns)] == [True, True], (code, users, logins)


@pytest.mark.parametrize("document", [GUIDE, OVERVIEW, ARCHITECTURE], ids=lambda path: path.name)
def test_delivery_date_forms_are_stated_the_same_way(document):
    assert DELIVERY_DATE_FORMS in " ".join(document.read_text().split())
