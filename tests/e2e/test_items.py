"""The items list, an item card and a slice table in headless Chromium: no exception, screenshots saved."""
import io
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from components.items.card import FIELD_COLUMNS_PX

from tests.e2e.conftest import SCREENSHOTS, assert_no_errors, capture, open_and_capture, settle, wait_until

pytestmark = pytest.mark.e2e


def grid_headers(grid) -> list[str]:
    """The column headers the grid has drawn on screen (its accessible table holds the visible columns only)."""
    return grid.locator("th").all_inner_texts()


DEVELOPER_WORDS = ("keyset", "Asia/", "Europe/", "None", "NaN", "nan ", "traceback")


def test_items_list_shows_the_text_column_in_plain_russian(browser, app_url):
    page = open_and_capture(browser, app_url + "/items?period=90+дней&items_sort=просрочка", "items_list")
    assert_no_errors(page)
    assert "Найдено" in page.inner_text("body")
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid.locator("th", has_text="Номер")).to_have_count(1)
    assert "Текст" in grid_headers(grid), f"the text column is off-screen at 1920 px: {grid_headers(grid)}"
    shown = page.inner_text("body") + page.locator('[data-testid="stSidebar"]').inner_text()
    assert [w for w in DEVELOPER_WORDS if w.lower() in shown.lower()] == []
    assert "UTC+7" in shown  # the time zone in words people use
    assert page.evaluate("() => new URL(location.href).searchParams.get('item')") is None
    page.close()


def red_pixels(img: Image.Image) -> int:
    r, g, b = np.asarray(img.convert("RGB"), dtype=np.int16).transpose(2, 0, 1)
    return int(((r > 180) & (g < 90) & (b < 90)).sum())


def test_item_card(browser, app_url):
    card = open_and_capture(browser, app_url + "/items?item=42", "items_card")
    assert_no_errors(card)
    body = card.inner_text("body")
    assert "Текст обращения" in body and "Ход рассмотрения" in body
    deck = card.locator('[data-testid="stDeckGlJsonChart"]')
    assert deck.count() == 1
    deck.scroll_into_view_if_needed()
    # the item has coordinates: its point (red) is drawn on the map, not only the district's outline
    wait_until(lambda: red_pixels(Image.open(io.BytesIO(deck.screenshot()))) > 40, "the item's point on the map")
    deck.screenshot(path=str(SCREENSHOTS / "items_card_map.png"))
    assert "Точка обращения" in body
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
    settle(page)
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1
    assert "Ответов в срок (%): район × месяц" in page.inner_text("body")
    page.close()


TEXT_WIDTH_JS = """(texts) => { const c = document.createElement('canvas').getContext('2d');
  c.font = '14px "Source Sans", sans-serif'; return texts.map(t => c.measureText(t).width); }"""


def test_card_of_an_overdue_item_opened_from_the_list(browser, app_url):
    """The most overdue item, opened by selecting its row: every field value fits the card's table (a grid cell
    does not wrap), the deadline sentence is whole in the box above it, the counts agree with their nouns."""
    page = open_and_capture(browser, app_url + "/items?overdue=1&items_sort=просрочка", "items_overdue_list")
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid.locator("th", has_text="Номер")).to_have_count(1)
    grid.click(position={"x": 12, "y": 35 + 17})  # the row-selection strip of the first row
    expect(page.get_by_role("heading", name="Обращение")).to_be_visible(timeout=120_000)
    settle(page)
    capture(page, "items_card_overdue")
    assert_no_errors(page)
    box = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert "просрочено на" in box or "опозданием" in box or "доработку" in box, box
    fields = page.locator('[data-testid="stDataFrame"]').filter(has=page.locator("th", has_text="Поле"))
    expect(fields.locator("td", has_text="Срок и ответ")).to_have_count(1)
    labels = fields.locator('td[aria-colindex="1"]').all_inner_texts()
    values = fields.locator('td[aria-colindex="2"]').all_inner_texts()
    assert "Срок и ответ" in labels
    label_w, value_w = (max(page.evaluate(TEXT_WIDTH_JS, texts)) for texts in (labels, values))
    share = (fields.bounding_box()["width"] - 2) / sum(FIELD_COLUMNS_PX.values())  # columns stretch in proportion
    assert label_w + 16 <= FIELD_COLUMNS_PX["Поле"] * share, (label_w, share)
    assert value_w + 16 <= FIELD_COLUMNS_PX["Значение"] * share, (value_w, share, values)
    for wrong in ("часов", "дней"):  # a fraction or 2–4 takes «часа», «дня»
        for m in re.finditer(r"(\d+(?:,\d+)?)\s" + wrong, box):
            n = m.group(1)
            assert "," not in n and not (n[-1] in "234" and not n.endswith(("12", "13", "14"))), m.group(0)
    page.close()
