"""The docs site other teams read, opened in headless Chromium: the overview,
every mart with its columns and the relation to query, the exposures and
the lineage graph render from the one static file that `make docs` writes.
Screenshots land in target/docs-screenshots/, which CI keeps as an
artifact."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from browser import CHROMIUM, launch
from conftest import PROJECT

SCREENSHOTS = PROJECT / "target" / "docs-screenshots"
OVERVIEW = (PROJECT / "models" / "overview.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def docs_build(sample_build, tmp_path_factory) -> Path:
    """The sample build's docs site, written by `make docs` (its dbt target
    in target/, the site in site/)."""
    folder = tmp_path_factory.mktemp("docs")
    result = subprocess.run(["make", "--no-print-directory", "docs", f"DOCS_TARGET={folder / 'target'}",
                             f"SITE={folder / 'site'}"], cwd=PROJECT, env=sample_build.env(),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return folder


@pytest.fixture(scope="module")
def docs_site(docs_build) -> Path:
    return docs_build / "site" / "index.html"


@pytest.fixture(scope="module")
def manifest(docs_build):
    return json.loads((docs_build / "target" / "manifest.json").read_text())


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; CI must run the browser test (`make tools` installs it)")
        pytest.skip("Chromium is not installed (`make tools` installs it); under CI=true this fails")
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, docs_site):
    """A fresh tab on the static site; a script error or any request that
    leaves the file (the site must be self-contained) fails the test."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems = []

    def check_request(request):
        if not request.url.startswith(("file:", "data:")):
            problems.append(f"request outside the file: {request.url}")

    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("request", check_request)
    page.goto(docs_site.as_uri())
    yield page
    page.close()
    assert problems == []


def open_route(page, route: str):
    """Follow one of the site's routes, e.g. `model/<unique_id>`."""
    page.goto(page.url.split("#")[0] + f"#!/{route}")


def shoot(page, name: str):
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def overview_headings() -> list[str]:
    """The headings of models/overview.md as the site shows them."""
    headings, in_code = [], False
    for line in OVERVIEW.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and (heading := re.match(r"#+ (.+)", line)):
            headings.append(heading[1].replace("`", ""))
    return headings


def personal_data_relations() -> list[str]:
    """The relations listed in the overview's table of personal data."""
    section = OVERVIEW.split("### Where personal data is", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([a-z_.]+)` \|", section, re.M)


def own(nodes: dict, resource_type: str) -> dict:
    return {k: v for k, v in nodes.items() if v["resource_type"] == resource_type}


def relatives(manifest, unique_id: str, direction: str) -> set[str]:
    """Every ancestor (parent_map) or descendant (child_map) of a node."""
    found, todo = set(), [unique_id]
    while todo:
        for relative in manifest[direction][todo.pop()]:
            if relative not in found:
                found.add(relative)
                todo.append(relative)
    return found


def test_overview_renders_every_section(page):
    open_route(page, "overview")
    for heading in overview_headings():
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator("code", has_text="from marts.fct_logins").first).to_be_visible()
    relations = personal_data_relations()
    assert len(relations) >= 15
    for relation in relations:
        expect(page.get_by_role("cell", name=relation, exact=True)).to_be_visible()
    shoot(page, "overview")


def test_every_mart_renders_with_its_columns(page, manifest, sample_build):
    marts = {k: v for k, v in own(manifest["nodes"], "model").items() if v["fqn"][1] == "marts"}
    assert len(marts) >= 7
    database = sample_build.database.stem  # DuckDB names the database after its file
    for unique_id, mart in marts.items():
        open_route(page, f"model/{unique_id}")
        expect(page.locator("h1:visible .break")).to_have_text(mart["name"])
        # The relation other teams query: the published copy, in the
        # database they open; not the `audit` schema nor a throwaway name.
        relation = page.locator("dl.detail:visible:has(dt:text-is('Relation')) dd")
        expect(relation).to_have_text(f"{database}.marts.{mart['alias']}")
        rows = page.locator("column-details tr.column-row")
        expect(rows).to_have_count(len(mart["columns"]))
        assert set(rows.locator("td:nth-child(1)").all_inner_texts()) == set(mart["columns"])
        # Types come from the catalog: the mart was built, not only declared.
        assert all(rows.locator("td:nth-child(2)").all_inner_texts()), unique_id
        shoot(page, mart["name"])


def test_every_exposure_renders_with_its_owner(page, manifest):
    exposures = own(manifest["exposures"], "exposure")
    assert exposures
    for unique_id, exposure in exposures.items():
        open_route(page, f"exposure/{unique_id}")
        expect(page.locator("h1:visible .break")).to_have_text(exposure["label"])
        expect(page.get_by_text(exposure["owner"]["email"])).to_be_visible()
        shoot(page, exposure["name"])


def test_every_metric_renders_with_its_definition(page, manifest):
    metrics = own(manifest["metrics"], "metric")
    assert len(metrics) >= 10
    for unique_id, metric in metrics.items():
        open_route(page, f"metric/{unique_id}")
        expect(page.locator("h1:visible")).to_contain_text(metric["label"])
        expect(page.get_by_text(metric["description"], exact=True)).to_be_visible()
    shoot(page, "metric")


def test_lineage_graph_opens_with_parents_and_exposures(page, manifest):
    mart = "model.user_login_hub.dim_users_history"
    open_route(page, f"model/{mart}")
    page.get_by_title("View Lineage Graph").click()
    page.locator("a[ng-click='showExpanded()']").click()
    expect(page.locator("#cy canvas").first).to_be_visible()
    expected = {node for node in relatives(manifest, mart, "parent_map") | relatives(manifest, mart, "child_map")
                if node.startswith(("model.", "exposure."))}
    assert any(node.startswith("exposure.") for node in expected)
    # The graph is a canvas: read the nodes it draws from its Cytoscape
    # instance, which Cytoscape keeps on its container element.
    drawn = page.evaluate("document.getElementById('cy')._cyreg.cy.nodes(':visible').map(n => n.id())")
    assert expected <= set(drawn)
    page.wait_for_timeout(1000)  # Cytoscape sharpens the labels once the view settles
    shoot(page, "lineage")


def test_overview_queries_run(sample_build):
    queries = re.findall(r"```sql\n(.*?)```", OVERVIEW, re.S)
    assert len(queries) >= 2
    for sql in queries:
        assert sample_build.query(sql), f"no rows from the overview's example:\n{sql}"


@pytest.mark.skipif(os.geteuid() != 0, reason="switching to an unprivileged user needs root; as one"
                    " (GitHub's runner), the tests above already run that way")
def test_chromium_starts_as_an_unprivileged_user_too(docs_site):
    """GitHub's runners run the tests as an unprivileged user: the same
    launch (browser.py), as user nobody, opens the site."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        folder.chmod(0o777)  # nobody's home, and the site where nobody can read it
        site = folder / "index.html"
        shutil.copy(docs_site, site)
        site.chmod(0o644)
        script = ("import sys; sys.path.insert(0, sys.argv[1]);"
                  " from playwright.sync_api import sync_playwright; from browser import launch\n"
                  "with sync_playwright() as playwright:\n"
                  "    browser = launch(playwright); page = browser.new_page(); page.goto(sys.argv[2])\n"
                  "    print(page.title()); browser.close()")
        result = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
             sys.executable, "-c", script, str(PROJECT / "tests" / "python"), site.as_uri()],
            env={"HOME": str(folder), "TMPDIR": str(folder), "PATH": os.environ["PATH"]},
            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "dbt Docs"
