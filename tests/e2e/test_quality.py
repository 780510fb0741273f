"""The «Качество работы» pages in headless Chromium: rating (with the card of a clicked executor), satisfaction."""
import pytest
from playwright.sync_api import expect

from components.rating_table import name_column_width
from tests.e2e.conftest import assert_no_errors, capture, open_and_capture, settle

ROW_PX = 35  # the grid's row height (header included)
TEXT_WIDTH_JS = """(texts) => { const c = document.createElement('canvas').getContext('2d');
  c.font = '14px "Source Sans", sans-serif'; return texts.map(t => c.measureText(t).width); }"""

pytestmark = pytest.mark.e2e


def test_rating_page_and_executor_card(browser, app_url):
    page = open_and_capture(browser, app_url + "/rating?period=90+дней", "rating", height=2400)
    assert_no_errors(page)
    body = page.inner_text("body")
    assert "Рейтинг исполнителей" in body and "Методика" in body
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid.locator("th", has_text="Исполнитель")).to_have_count(1)
    # every name drawn in the grid fits its column (a grid cell does not wrap: a narrow column cuts the name)
    names = grid.locator('td[aria-colindex="3"]').all_inner_texts()
    assert max(map(len, names)) > 42, names  # a long name is there to be checked (330 px would cut it)
    widths = page.evaluate(TEXT_WIDTH_JS, names)
    room = name_column_width(names) - 16  # the cell's padding
    assert [n for n, w in zip(names, widths) if w > room] == [], (room, list(zip(names, widths)))
    # more answers than items received is explained next to the table
    rows = grid.locator("tr").filter(has=page.locator("td"))
    answered_more = [r for r in rows.all() if int(r.locator('td[aria-colindex="7"]').inner_text().replace("\u00a0", "")) >
                     int(r.locator('td[aria-colindex="6"]').inner_text().replace("\u00a0", ""))]
    if answered_more:
        assert "входят и ответы на обращения, поступившие раньше" in body
    # select the row of the last drawn executor: the row-selection strip is the leftmost column of the grid
    last = rows.last
    index = int(last.get_attribute("aria-rowindex"))  # 1 is the header
    name = last.locator('td[aria-colindex="3"]').inner_text()
    grid.click(position={"x": 12, "y": ROW_PX * (index - 1) + ROW_PX / 2})
    expect(page.get_by_role("heading", name=f"Карточка: {name}")).to_be_visible(timeout=120_000)
    settle(page)
    capture(page, "rating_card", full_page=True)
    assert_no_errors(page)
    assert page.locator(".js-plotly-plot .main-svg").count() >= 1
    # time to answer next to time to resolution, per channel, in the card
    expect(page.get_by_text("Время ответа и решения по каналам")).to_be_visible()
    card_grid = page.locator('[data-testid="stDataFrame"]').filter(
        has=page.locator("th", has_text="Решение: медиана"))
    expect(card_grid).to_have_count(1)
    page.close()


def test_rating_im_scope_by_district(browser, app_url):
    page = open_and_capture(browser, app_url + "/rating?period=90+дней&rt_scope=im&rt_group=district",
                            "rating_im_districts")
    assert_no_errors(page)
    assert page.locator('[data-testid="stDataFrame"]').first.is_visible()
    page.close()


def test_satisfaction_page(browser, app_url):
    page = open_and_capture(browser, app_url + "/satisfaction?period=90+дней", "satisfaction",
                            height=3300)  # tall: Streamlit scrolls inside the page, so show all of it at once
    assert_no_errors(page)
    body = page.inner_text("body")
    for text in ("Распределение оценок", "Оценки 4–5 по неделям", "Что снижает удовлетворенность",
                 "Где повторяются жалобы", "цель 60 %"):
        assert text in body, text
    assert page.locator(".js-plotly-plot .main-svg").count() >= 4
    assert page.locator('[data-testid="stMetricValue"]').count() == 5
    page.close()
