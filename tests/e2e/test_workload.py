"""«Загрузка блоков» in headless Chromium: the summary grid fits 1920 × 1080 with the sidebar open, by blocks and by
executors (16 columns scrolled sideways before: the last age columns, the forecast and the links were off screen)."""
import pandas as pd
import pytest
from playwright.sync_api import expect

from components.common.text_width import fit_widths
from components.workload.table import ROOM_PX

from tests.e2e.conftest import assert_no_errors, open_and_capture
from tests.e2e.test_quality import GRIDS_JS, TEXT_WIDTH_JS

pytestmark = pytest.mark.e2e



@pytest.mark.parametrize(("query", "first"), [("", "Блок"), ("?wl_by=по+исполнителям", "Исполнитель")],
                         ids=["blocks", "executors"])
def test_the_summary_fits_1920(browser, app_url, query, first):
    page = open_and_capture(browser, app_url + "/workload" + query, f"workload_fit_{first}")
    assert_no_errors(page)
    expect(page.locator('[data-testid="stDataFrame"] th', has_text=first)).to_have_count(1)
    layout = page.evaluate(GRIDS_JS)
    assert layout["main"][0] <= layout["main"][1] + 1, layout["main"]
    grid = layout["grids"][0]
    assert grid["scroller"][0] <= grid["scroller"][1] + 1, grid["scroller"]  # 1988 > 1458 before
    assert grid["right"] <= grid["viewport"], grid
    assert grid["headers"][-1] == "Обращения" and len(grid["cells"][0]) >= 5, grid["headers"]
    # the widths the page gives its columns (the grid draws on a canvas: its DOM has no geometry), from the texts it
    # draws; each header and cell measured again in the page's own font must fit in them
    frame = pd.DataFrame(dict(zip(grid["headers"], grid["cells"])))
    widths, _ = fit_widths(frame, first, ROOM_PX, None, {"Обращения": ["открыть"]}, name_min_px=180)
    assert sum(widths.values()) <= ROOM_PX
    for header, texts in zip(grid["headers"][1:], grid["cells"][1:]):
        shown = [header] + (texts if header != "Обращения" else ["открыть"])
        drawn = page.evaluate(TEXT_WIDTH_JS, shown)
        room = widths[header] - 16  # the cell's padding, 2 × 8 px
        assert [(t, w) for t, w in zip(shown, drawn) if w > room] == [], (header, room)
    page.close()
