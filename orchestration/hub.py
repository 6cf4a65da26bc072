"""The Hub as the sensor sees it, without dbt: which files are deliveries
of a registered country, and what else is there that someone should know
about. Country folders and file-name patterns come from the registry
(vars.hub_countries in dbt_project.yml); patterns match in any letter case,
as the contract says (`UK user data 2025-03.CSV` is a user file)."""
import fnmatch
from dataclasses import dataclass
from pathlib import Path

import yaml

from orchestration.settings import PROJECT

# Beside the country folders, the optional erasure list (README, Privacy).
HUB_ROOT_FILES = {"erasure_requests.csv"}


def registered_patterns() -> dict[str, list[str]]:
    """{app code: file-name patterns of its deliveries}, from the registry."""
    registry = yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["vars"]["hub_countries"]
    return {app: [kind["file_pattern"] for name, kind in country.items()
                  if isinstance(kind, dict) and "file_pattern" in kind]
            for app, country in registry.items()}


@dataclass(frozen=True)
class Delivery:
    source_file: str  # relative to the Hub, as dbt names it: `uk/UK User Data.csv`
    size: int
    modified_ns: int

    @property
    def state(self) -> list[int]:
        return [self.size, self.modified_ns]


@dataclass
class HubScan:
    deliveries: list[Delivery]
    problems: list[tuple[str, str]]  # (what is wrong, what to do), one line each


def scan_hub(hub: Path, patterns: dict[str, list[str]]) -> HubScan:
    deliveries, problems = [], []
    if not hub.is_dir():
        return HubScan([], [(f"The Hub folder {hub} does not exist.", "Set HUB_DIR to the landing folder.")])
    for entry in sorted(hub.iterdir()):
        if entry.is_file():
            if entry.name not in HUB_ROOT_FILES:
                problems.append((f"{entry.name} lies in the Hub outside any country folder: it is not loaded.",
                                 "Move it into its country's folder."))
        elif entry.name not in patterns:
            problems.append((f"Hub folder '{entry.name}/' is not a registered country"
                             f" ({', '.join(patterns)}): its files are not loaded.",
                             "Register it (docs/adding-a-country.md) or move its files out of the Hub."))
        else:
            for path in sorted(entry.iterdir()):
                name = f"{entry.name}/{path.name}"
                if not path.is_file():
                    problems.append((f"{name} is not a file: only files directly in a country folder"
                                     " are deliveries.", "Move its contents up, or out of the Hub."))
                elif not any(fnmatch.fnmatchcase(path.name.lower(), p.lower()) for p in patterns[entry.name]):
                    problems.append((f"{name} matches none of the {entry.name} patterns"
                                     f" ({', '.join(patterns[entry.name])}): it is not loaded.",
                                     "Ask its app team to name it as the contract says, or move it out of the Hub."))
                else:
                    stat = path.stat()
                    deliveries.append(Delivery(name, stat.st_size, stat.st_mtime_ns))
    return HubScan(deliveries, problems)
