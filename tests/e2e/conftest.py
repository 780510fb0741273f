"""End-to-end fixtures: the real app served by ``streamlit run`` on a demo store, and headless Chromium.

Uses Debian's chromium (``MCU_CHROMIUM`` or /usr/bin/chromium) through Playwright's Python client; the
tests skip with a printed reason where the browser is missing.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from benchmarks.chromium import CHROMIUM, CHROMIUM_ARGS, DRAWN_JS  # one definition, shared with the benchmarks
from data_access.demo.generator import create_demo_store
from data_access.domain.profile import PROJECT_ROOT, load_profile

SCREENSHOTS = PROJECT_ROOT / "tests" / "artifacts" / "screenshots"
# Conditions are awaited, never slept on; the limits are generous because a shared, loaded machine (both cores
# busy) serves the app and its scripts many times slower than an idle one.
LOAD_TIMEOUT_MS = 180_000
ASSET_FAILED = "Failed to fetch dynamically imported module"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_store(tmp_path_factory) -> str:
    """A demo store reaching up to today, so the default period of the app has data."""
    profile = load_profile("krasnoyarsk")
    url = f"duckdb:///{tmp_path_factory.mktemp('e2e') / 'e2e.duckdb'}"
    create_demo_store(url, 30_000, seed=11, profile=profile, now=datetime.now(profile.tz))
    return url


@contextmanager
def serve_app(store_url: str, log_path: Path, *, port: int | None = None, args: tuple[str, ...] = ()):
    """Run ``streamlit run app.py`` on ``port`` (a free one by default) against ``store_url``, with more
    command-line ``args`` (``--secrets.files …``); yield its base URL."""
    port = port or _free_port()
    env = {**os.environ, "MCU_DATABASE_URL": store_url, "PYTHONUNBUFFERED": "1"}
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
             "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false", *args],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + LOAD_TIMEOUT_MS / 1000
            while True:
                try:
                    if urllib.request.urlopen(f"{base}/_stcore/health", timeout=5).read() == b"ok":
                        break
                except OSError:
                    if time.time() > deadline:
                        pytest.fail(f"the app did not start in {LOAD_TIMEOUT_MS // 1000} s; "
                                    f"log: {log_path.read_text()[-2000:]}")
                    time.sleep(0.5)
            yield base
        finally:
            stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """End a server the test started: SIGTERM, and SIGKILL if it has not exited within a minute (a starved
    Streamlit may take longer than 15 s to shut down, and its teardown is no test's failure)."""
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=60)


@pytest.fixture(scope="session")
def app_url(e2e_store, tmp_path_factory) -> str:
    """Base URL of the app started with ``streamlit run app.py`` against the e2e store."""
    with serve_app(e2e_store, tmp_path_factory.getbasetemp() / "e2e_app.log") as base:
        yield base


class LoadedBrowser:
    """The browser whose every page and context waits up to ``LOAD_TIMEOUT_MS`` by default (navigation, selectors,
    clicks): Playwright's 30 s is for an idle machine, and a page of the starved test server may take longer."""

    def __init__(self, browser):
        self._browser = browser

    def new_page(self, **kwargs):
        page = self._browser.new_page(**kwargs)
        page.set_default_timeout(LOAD_TIMEOUT_MS)
        page.set_default_navigation_timeout(LOAD_TIMEOUT_MS)
        return page

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.set_default_timeout(LOAD_TIMEOUT_MS)
        context.set_default_navigation_timeout(LOAD_TIMEOUT_MS)
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect
    expect.set_options(timeout=120_000)  # expect(locator) waits up to two minutes (5 s is for idle machines)
    if not Path(CHROMIUM).exists():
        reason = f"Chromium не найден ({CHROMIUM}): установите пакет chromium"
        print(f"\nSKIP browser tests: {reason}")
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("нет пакета playwright (pip install -r requirements-dev.txt)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield LoadedBrowser(b)
        b.close()


def open_and_capture(browser, url: str, name: str, *, width: int = 1920, height: int = 1080,
                     settle_ms: int | None = None):
    """Open ``url``, wait until the script has finished and its charts are drawn, save a full-page screenshot;
    return the page. ``settle_ms`` (a fixed pause, formerly) is accepted for old callers and ignored: the page is
    awaited by ``settle``."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    settle(page)
    if page.locator(f"text={ASSET_FAILED}").count():  # a script chunk the starved test server did not deliver:
        page.reload()                                  # the app is fine, the page is not; load it again, once
        settle(page)
    capture(page, name, full_page=True)
    return page


def capture(page, name: str, *, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def wait_idle(page, timeout_ms: int = LOAD_TIMEOUT_MS) -> None:
    """Wait until Streamlit reports that the script is not running any more."""
    page.wait_for_function(
        """() => { const app = document.querySelector('[data-testid="stApp"]');
                   return app && app.getAttribute('data-test-script-state') === 'notRunning'; }""",
        timeout=timeout_ms)




def settle(page, timeout_ms: int = LOAD_TIMEOUT_MS) -> None:
    """Wait until the page is drawn (``DRAWN_JS``), twice in a row a frame apart: widgets bound to the URL may
    rerun the script once more right after the first run."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    for _ in range(2):
        page.wait_for_function(DRAWN_JS, timeout=timeout_ms)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_function(DRAWN_JS, timeout=timeout_ms)


def wait_until(check, what: str, timeout_s: float = 60.0, every_s: float = 0.2):
    """Poll ``check()`` until it returns a truthy value (returned); fail naming ``what`` after ``timeout_s``.

    For conditions only Python can test (pixels of a screenshot of a WebGL canvas, which JavaScript cannot read
    back once drawn)."""
    deadline = time.monotonic() + timeout_s
    while not (result := check()):
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout_s:.0f} s: {what}")
        time.sleep(every_s)  # the interval between two checks, not a wait for something to happen
    return result


def assert_no_errors(page) -> None:
    """No Streamlit exception, no error box, no traceback text on the page."""
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert "Traceback" not in page.inner_text("body")


# Sign-in fixtures (a local OpenID provider, the app with roles), defined beside their helpers.
from tests.e2e.oidc import oidc_provider, roles_app  # noqa: E402, F401
