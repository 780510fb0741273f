"""The items list, an item card and a slice table in headless Chromium: no exception, screenshots saved."""
import pytest

from tests.e2e.conftest import SCREENSHOTS, open_and_capture, wait_idle

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", autouse=True)
def navigation_ready(browser, app_url):
    """Open «/» once: until app.py has called st.navigation on this server, Streamlit routes /items to the
    legacy pages/ folder mode (a deep link as the very first request fails — reported to the lead)."""
    page = browser.new_page()
    page.goto(app_url + "/")
    page.wait_for_selector('[data-testid="stApp"]', timeout=30_000)
    wait_idle(page)
    page.close()


def _no_errors(page):
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert "Traceback" not in page.inner_text("body")


def test_items_list_and_card(browser, app_url):
    page = open_and_capture(browser, app_url + "/items?period=90+дней&items_sort=просрочка", "items_list")
    _no_errors(page)
    assert "Найдено" in page.inner_text("body")
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1
    first_id = page.evaluate("() => new URL(location.href).searchParams.get('item')")
    assert first_id is None
    page.close()
    card = open_and_capture(browser, app_url + "/items?item=42", "items_card", settle_ms=3000)
    _no_errors(card)
    body = card.inner_text("body")
    assert "Текст обращения" in body and "Ход рассмотрения" in body
    deck = card.locator('[data-testid="stDeckGlJsonChart"]')
    assert deck.count() == 1
    deck.scroll_into_view_if_needed()
    card.wait_for_timeout(1500)
    deck.screenshot(path=str(SCREENSHOTS / "items_card_map.png"))
    card.close()


def test_items_drill_from_overdue_link(browser, app_url):
    page = open_and_capture(browser, app_url + "/items?overdue=1&age=7%2B&period=90+дней", "items_overdue_drill")
    _no_errors(page)
    assert "просрочено сейчас" in page.inner_text("body")
    page.close()


def test_slice_table(browser, app_url):
    query = "period=90+дней&sl_row=Район&sl_col=Месяц&sl_measure=Ответов+в+срок"
    page = open_and_capture(browser, app_url + "/slices?" + query, "slices_table")
    _no_errors(page)
    wait_idle(page)
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1
    assert "Ответов в срок (%): район × месяц" in page.inner_text("body")
    page.close()
