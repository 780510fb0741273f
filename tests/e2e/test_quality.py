"""The «Качество работы» pages in headless Chromium: rating (with the card of a clicked executor), satisfaction."""
import pytest

from tests.e2e.conftest import SCREENSHOTS, assert_no_errors, open_and_capture, wait_idle

pytestmark = pytest.mark.e2e


def test_rating_page_and_executor_card(browser, app_url):
    page = open_and_capture(browser, app_url + "/rating?period=90+дней", "rating", height=2400)
    assert_no_errors(page)
    body = page.inner_text("body")
    assert "Рейтинг исполнителей" in body and "Методика" in body
    grid = page.locator('[data-testid="stDataFrame"]').first
    assert grid.is_visible()
    # select the row of the chronically late department (the demo puts it in the red zone, near the bottom):
    # the row-selection column is the leftmost strip of the grid canvas, rows are 35 px high
    box = grid.bounding_box()
    rows = int((box["height"] - 37) // 35)
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 35 * (rows - 2) + 17)
    wait_idle(page)
    page.wait_for_selector("text=Карточка:", timeout=20_000)
    page.wait_for_timeout(2000)
    page.screenshot(path=str(SCREENSHOTS / "rating_card.png"), full_page=True)
    assert_no_errors(page)
    assert page.locator(".js-plotly-plot .main-svg").count() >= 1
    page.close()


def test_rating_im_scope_by_district(browser, app_url):
    page = open_and_capture(browser, app_url + "/rating?period=90+дней&rt_scope=im&rt_group=district",
                            "rating_im_districts")
    assert_no_errors(page)
    assert page.locator('[data-testid="stDataFrame"]').first.is_visible()
    page.close()


def test_satisfaction_page(browser, app_url):
    page = open_and_capture(browser, app_url + "/satisfaction?period=90+дней", "satisfaction", height=3300,
                            settle_ms=2500)  # tall: Streamlit scrolls inside the page, so show all of it at once
    assert_no_errors(page)
    body = page.inner_text("body")
    for text in ("Распределение оценок", "Оценки 4–5 по неделям", "Что снижает удовлетворенность",
                 "Где повторяются жалобы", "цель 60 %"):
        assert text in body, text
    assert page.locator(".js-plotly-plot .main-svg").count() >= 4
    assert page.locator('[data-testid="stMetricValue"]').count() == 5
    page.close()
