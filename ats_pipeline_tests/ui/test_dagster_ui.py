"""End to end: the Dagster webserver on loopback with workspace.yaml, looked at in headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ats_pipeline.cli import ensure_dagster_instance
from ats_pipeline.config import load_config
from ats_pipeline.sources.registry import vendors

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
BIN = Path(sys.executable).parent
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    found = shutil.which("chromium")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: `make test` installs Debian's chromium package")
        pytest.skip("chromium is not installed (`sudo apt-get install chromium`)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("dagster_home")
    ensure_dagster_instance(home)
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env["ATS_WAREHOUSE_PATH"] = str(home / "warehouse.duckdb")  # loading definitions never opens it
    log = (home / "webserver.log").open("w")
    process = subprocess.Popen(
        [str(BIN / "dagster-webserver"), "-w", str(ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, (home / "webserver.log").read_text()[-3000:]
            try:
                if httpx.get(f"{url}/server_info", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the Dagster webserver did not come up within 180 s"
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _dismiss_welcome(page: object) -> None:
    # A first visit shows Dagster's community dialog over the page.
    skip = page.get_by_role("button", name="Skip")
    try:
        skip.wait_for(timeout=5_000)
        skip.click()
    except Exception:  # noqa: BLE001 - no dialog this time
        pass


def test_asset_graph_lists_every_connection_and_the_marts(webserver: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    chromium = _chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    config = load_config()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        try:
            # The catalog renders only the rows in view: a tall window shows every asset at once.
            page = browser.new_page(viewport={"width": 1600, "height": 16000})
            page.goto(f"{webserver}/assets", wait_until="domcontentloaded")
            _dismiss_welcome(page)
            body = page.locator("body")
            for connection in config.connections:
                first = vendors()[connection.vendor].resources[0]
                expect(body).to_contain_text(f"{connection.dataset} / {first}", timeout=120_000)
            expect(body).to_contain_text("analytics / fct_applications", timeout=60_000)
            page.set_viewport_size({"width": 1600, "height": 1000})
            _dismiss_welcome(page)
            page.screenshot(path=str(ARTIFACTS / "dagster-asset-catalog.png"))
            # The lineage graph: one group per connection, plus the dbt models.
            page.goto(f"{webserver}/asset-groups", wait_until="domcontentloaded")
            _dismiss_welcome(page)
            for connection in config.connections:
                expect(body).to_contain_text(f"ingest_{connection.name}", timeout=120_000)
            page.wait_for_timeout(2_000)  # let the graph layout settle for the picture
            page.screenshot(path=str(ARTIFACTS / "dagster-asset-graph.png"))
        finally:
            browser.close()
    print(f"screenshots: {ARTIFACTS}")
