"""The items list, an item card and a slice table in headless Chromium: no exception, screenshots saved."""
import pytest

from tests.e2e.conftest import SCREENSHOTS, assert_no_errors, open_and_capture, wait_idle

pytestmark = pytest.mark.e2e


def test_items_list_and_card(browser, app_url):
    page = open_and_capture(browser, app_url + "/items?period=90+дней&items_sort=просрочка", "items_list")
    assert_no_errors(page)
    assert "Найдено" in page.inner_text("body")
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1
    first_id = page.evaluate("() => new URL(location.href).searchParams.get('item')")
    assert first_id is None
    page.close()
    card = open_and_capture(browser, app_url + "/items?item=42", "items_card", settle_ms=3000)
    assert_no_errors(card)
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
    assert_no_errors(page)
    assert "просрочено сейчас" in page.inner_text("body")
    page.close()


def test_slice_table(browser, app_url):
    query = "period=90+дней&sl_row=Район&sl_col=Месяц&sl_measure=Ответов+в+срок"
    page = open_and_capture(browser, app_url + "/slices?" + query, "slices_table")
    assert_no_errors(page)
    wait_idle(page)
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1
    assert "Ответов в срок (%): район × месяц" in page.inner_text("body")
    page.close()
