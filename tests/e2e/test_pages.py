"""Every registered page opened in headless Chromium: no Streamlit exception, charts drawn, screenshots saved."""
import shutil
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from playwright.sync_api import expect

from tests.e2e.conftest import LOAD_TIMEOUT_MS, assert_no_errors, capture, open_and_capture, serve_app, settle

pytestmark = pytest.mark.e2e

# (url path, screenshot name, how many plotly charts the page draws at least)
PAGES = [
    ("/overview", "overview", 2),
    ("/workload", "workload", 3),   # daily flows, the 12-month backlog trend, the forecast
]


@pytest.mark.parametrize(("path", "name", "charts"), PAGES, ids=[p[1] for p in PAGES])
def test_page_renders(browser, app_url, path, name, charts):
    page = open_and_capture(browser, app_url + path, name)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.locator(".js-plotly-plot .main-svg").count() >= charts
    assert "Traceback" not in page.inner_text("body")
    page.close()


def test_filters_live_in_the_url(browser, app_url):
    """A link with a district opens the overview filtered to it, and the sidebar shows the selection."""
    page = open_and_capture(browser, app_url + "/overview?district=Советский&period=90+дней", "overview_link_filtered")
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Советский" in sidebar
    today = datetime.now(ZoneInfo("Asia/Krasnoyarsk")).date()
    assert f"{today - timedelta(days=89):%d.%m.%Y} — {today:%d.%m.%Y}" in sidebar  # the 90-day preset took effect
    items_filtered = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    page.goto(app_url + "/overview?period=90+дней")
    expect(page.locator('[data-testid="stSidebar"]')).not_to_contain_text("Советский")
    settle(page)
    items_all = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    as_int = lambda s: int("".join(ch for ch in s if ch.isdigit()))
    assert 0 < as_int(items_filtered) < as_int(items_all)
    page.close()


# Whether the first-start notice ever appears on the page (a spinner shows and goes while the script runs). It keeps
# a flag, not every text seen: the page's whole text appended on each change grew to tens of megabytes on a loaded
# machine (thousands of changes while the script runs slowly).
SEEN_TEXT_JS = """
window.__seen = false;
new MutationObserver(() => {
  if (!window.__seen && document.body && document.body.textContent.includes('Первый запуск')) window.__seen = true;
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def test_a_deep_link_as_the_first_request_of_a_fresh_server(browser, e2e_store, tmp_path):
    """A drill-down link opened right after a restart runs inside the app frame (filter bar, navigation), and
    opening the existing store does not announce the creation of a demo store."""
    copy = tmp_path / "fresh.duckdb"  # a DuckDB file has one process at a time: the session's app holds the other
    shutil.copy(e2e_store.removeprefix("duckdb:///"), copy)
    with serve_app(f"duckdb:///{copy}", tmp_path / "fresh.log") as base:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.add_init_script(SEEN_TEXT_JS)
        page.goto(base + "/items?district=Советский&overdue=1")
        settle(page)
        capture(page, "deep_link_first_request")
        assert_no_errors(page)
        assert page.evaluate("() => window.__seen") is False, "«Первый запуск» shown for an existing store"
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Советский" in sidebar and "Тепловая карта" in sidebar
        page.close()


def test_the_filter_stays_when_moving_to_another_page(browser, app_url):
    """A district chosen on one page is still chosen, and still in the address, on the next page."""
    page = open_and_capture(browser, app_url + "/overview?district=Советский", "filter_kept_before")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Сроки").click()
    page.wait_for_url("**/sla**", timeout=LOAD_TIMEOUT_MS)
    expect(page.locator("h1").first).to_have_text("Сроки", timeout=LOAD_TIMEOUT_MS)
    settle(page)
    assert_no_errors(page)
    assert "Советский" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert "district=" in page.url
    page.close()


TITLES = [("/", "Тепловая карта — МЦУ"), ("/overview", "Обзор — МЦУ"), ("/sla", "Сроки — МЦУ"),
          ("/items", "Обращения — МЦУ"), ("/slices", "Разрезы — МЦУ"), ("/rating", "Рейтинг исполнителей — МЦУ"),
          ("/satisfaction", "Удовлетворенность — МЦУ"),  # «Загрузка данных» is the admin's: tests/e2e/test_upload.py
          ("/?mode=screen&slide_seconds=600", "Экран заседания — МЦУ")]


def test_every_page_has_its_own_tab_title(browser, app_url):
    """Several tabs of the dashboard are told apart by the page: «Сроки — МЦУ», not one title for all."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        for path, title in TITLES:
            page.goto(app_url + path)
            expect(page).to_have_title(title, timeout=LOAD_TIMEOUT_MS)
    finally:
        page.close()
