"""A broken country registry entry fails before any model runs, in one line
that names the country and the field."""
import copy
import re

import pytest
import yaml

from conftest import PROJECT, Build, SAMPLE_HUB

REGISTRY = yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["vars"]["hub_countries"]


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
