"""What a newcomer sees: the Dagster webserver on 127.0.0.1, opened in
headless Chromium, shows the marts in the asset graph and a finished run
with its steps; the health report renders its charts. Screenshots land in
target/orchestration-screenshots/ (a CI artifact)."""
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

from conftest import PROJECT, SAMPLE_HUB
from browser import CHROMIUM, launch
from test_orchestration import orchestration  # noqa: F401 (the fixture)

SCREENSHOTS = PROJECT / "target" / "orchestration-screenshots"


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


@pytest.fixture(scope="module")
def finished_runs(orchestration, tmp_path_factory):  # noqa: F811
    """The sample Hub built once through the warehouse job, then the health
    job, into a Dagster home the webserver then shows."""
    from dagster import DagsterInstance
    work = tmp_path_factory.mktemp("ui")
    home = work / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "orchestration" / "dagster.yaml", home)
    with pytest.MonkeyPatch.context() as env:  # for this module only
        for name, value in {"HUB_DIR": SAMPLE_HUB, "DBT_DUCKDB_PATH": work / "warehouse.duckdb",
                            "DUCKDB_TEMP_DIRECTORY": work / "duckdb_tmp", "DAGSTER_HOME": home}.items():
            env.setenv(name, str(value))
        env.delenv("ALERT_WEBHOOK_URL", raising=False)
        with DagsterInstance.from_config(str(home)) as instance:
            runs = {job: orchestration.defs.resolve_job_def(job).execute_in_process(instance=instance)
                    for job in ("warehouse", "health")}
        yield home, runs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def webserver(finished_runs, tmp_path_factory):
    home, _ = finished_runs
    port = free_port()
    log = tmp_path_factory.mktemp("webserver") / "webserver.log"
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(port),
         "-m", "orchestration.definitions", "-d", str(PROJECT)],
        cwd=PROJECT, env={**os.environ, "DAGSTER_HOME": str(home)},
        stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            urllib.request.urlopen(url + "/server_info", timeout=2)
            break
        except OSError:
            if time.time() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("the webserver did not start:\n" + log.read_text()[-3000:])
            time.sleep(0.5)
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == []


def open_ui(page, url: str):
    """Opens a page of the UI, past the newsletter dialog a new browser gets."""
    page.goto(url)
    skip = page.get_by_role("button", name="Skip")
    try:
        skip.click(timeout=10_000)
    except PlaywrightTimeout:
        pass  # not shown


def test_the_asset_graph_shows_the_marts(page, webserver, orchestration):  # noqa: F811
    open_ui(page, webserver + "/locations/orchestration.definitions/asset-groups/marts")
    from orchestration.warehouse import published_mart_names
    marts = [*published_mart_names(), "published_marts"]
    assert len(marts) >= 10
    # The graph draws the nodes in view: the publish step, downstream of the marts.
    expect(page.get_by_text("published_marts", exact=True).first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("fct_logins", exact=True).first).to_be_visible()
    expect(page.get_by_text("Materialized", exact=True).first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=SCREENSHOTS / "asset-graph-marts.png")
    # Its list lists every one of them, each materialized by the finished run.
    page.get_by_role("tab", name="List").click()
    for mart in marts:  # shown with its key's prefix: `audit / fct_logins`
        expect(page.get_by_text(re.compile(rf"\b{mart}$")).first).to_be_visible(timeout=30_000)
    page.screenshot(path=SCREENSHOTS / "asset-group-marts-list.png", full_page=True)


def test_a_finished_run_shows_its_steps(page, webserver, finished_runs):
    _, runs = finished_runs
    open_ui(page, f"{webserver}/runs/{runs['warehouse'].run_id}")
    expect(page.get_by_text("Success", exact=True).first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Succeeded (2)")).to_be_visible()
    for step in ("dbt_build", "published_marts"):
        expect(page.get_by_text(step, exact=True).first).to_be_visible()
    expect(page.get_by_text("built and tested in audit, published to marts").first).to_be_visible()
    page.wait_for_timeout(1000)
    page.screenshot(path=SCREENSHOTS / "finished-run.png")


def test_the_health_report_renders_its_charts(page, finished_runs):
    home, _ = finished_runs
    report = home / "health" / "index.html"
    page.goto(report.as_uri())
    charts = {"run-durations": 1, "run-memory": 1, "backlog": 0, "freshness": 4}
    for chart, bars in charts.items():
        expect(page.locator(f"svg#{chart}")).to_be_visible()
        expect(page.locator(f"svg#{chart} rect.bar")).to_have_count(bars)
    heights = page.locator("svg#run-durations rect.bar").evaluate_all("bars => bars.map(b => b.getBBox().height)")
    assert all(h > 0 for h in heights)
    expect(page.locator("#summary")).to_contain_text("1 of 1 runs succeeded")
    page.screenshot(path=SCREENSHOTS / "health-report.png", full_page=True)
