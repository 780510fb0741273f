"""Every registered page opened in headless Chromium: no Streamlit exception, charts drawn, screenshots saved."""
import shutil
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import assert_no_errors, open_and_capture, serve_app, wait_idle

pytestmark = pytest.mark.e2e

# (url path, screenshot name, how many plotly charts the page draws at least)
PAGES = [
    ("/overview", "overview", 2),
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
    wait_idle(page)
    page.wait_for_timeout(500)
    items_all = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    as_int = lambda s: int("".join(ch for ch in s if ch.isdigit()))
    assert 0 < as_int(items_filtered) < as_int(items_all)
    page.close()


def test_a_deep_link_as_the_first_request_of_a_fresh_server(browser, e2e_store, tmp_path):
    """A drill-down link opened right after a restart runs inside the app frame (filter bar, navigation)."""
    copy = tmp_path / "fresh.duckdb"  # a DuckDB file has one process at a time: the session's app holds the other
    shutil.copy(e2e_store.removeprefix("duckdb:///"), copy)
    with serve_app(f"duckdb:///{copy}", tmp_path / "fresh.log") as base:
        page = open_and_capture(browser, base + "/items?district=Советский&overdue=1", "deep_link_first_request")
        assert_no_errors(page)
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Советский" in sidebar and "Тепловая карта" in sidebar
        page.close()


def test_the_filter_stays_when_moving_to_another_page(browser, app_url):
    """A district chosen on one page is still chosen, and still in the address, on the next page."""
    page = open_and_capture(browser, app_url + "/overview?district=Советский", "filter_kept_before")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Сроки").click()
    page.wait_for_url("**/sla**", timeout=30_000)
    wait_idle(page)
    page.wait_for_timeout(1000)
    assert_no_errors(page)
    assert "Сроки" in page.locator("h1").first.inner_text()
    assert "Советский" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert "district=" in page.url
    page.close()
