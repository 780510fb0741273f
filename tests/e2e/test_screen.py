"""The meeting screen in headless Chromium at 1920 × 1080 and 3840 × 2160: every slide fits the screen, draws its
charts, shows no personal data of the demo texts; slides rotate, and a data refresh keeps the slide."""
from __future__ import annotations

import re

import pytest

from components.screen_options import SLIDES
from tests.e2e.conftest import open_and_capture, wait_idle
from tests.test_screen_page import personal_data_in

pytestmark = pytest.mark.e2e
SIZES = [(1920, 1080), (3840, 2160)]
CHARTS = {"map": "canvas", "growth": '[data-testid="stText"]', "sla": ".main-svg", "rating": ".main-svg",
          "satisfaction": ".main-svg"}

LAYOUT_JS = """() => {
  const h = window.innerHeight, w = window.innerWidth;
  const out = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.bottom > h + 1 || r.right > w + 1) out.push([el.innerText.slice(0, 40), r.bottom, r.right]);
  }
  return {overflow: out, scroll: document.documentElement.scrollHeight - h,
          title: document.querySelector('.screen-title') && document.querySelector('.screen-title').innerText};
}"""


def slide_index(page) -> int:
    return int(page.get_attribute(".screen-title", "data-slide"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("code", list(SLIDES))
def test_slide_fits_the_screen_without_personal_data(app_url, browser, code, size):
    width, height = size
    page = open_and_capture(browser, f"{app_url}/?mode=screen&slide={code}&slide_seconds=600", f"screen_{code}_{width}",
                            width=width, height=height, settle_ms=4000)
    try:
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stSidebar"]').count() == 0 or \
            not page.locator('[data-testid="stSidebar"]').is_visible()
        assert not page.locator('header[data-testid="stHeader"]').is_visible()
        assert slide_index(page) == list(SLIDES).index(code)
        assert page.locator(CHARTS[code]).count() > 0, f"{code}: nothing drawn"
        layout = page.evaluate(LAYOUT_JS)
        assert SLIDES[code] in layout["title"]
        assert layout["scroll"] <= 1, f"{code} at {width}: the page scrolls by {layout['scroll']} px"
        assert layout["overflow"] == [], f"{code} at {width}: cut elements {layout['overflow']}"
        text = page.inner_text("body")
        assert re.search(r"данные на \d\d:\d\d", text)
        assert personal_data_in(text) == []
        if width == 3840:  # the layout is scaled, not left at the design size in a corner
            clock = page.locator(".screen-clock").bounding_box()
            assert clock["x"] > 3000 and clock["height"] > 60
    finally:
        page.close()


def test_slides_rotate(app_url, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(f"{app_url}/?mode=screen&slide_seconds=5&refresh_minutes=60")
        page.wait_for_selector(".screen-title", timeout=60_000)
        seen = [slide_index(page)]
        for _ in range(30):
            page.wait_for_timeout(1000)
            if (now := slide_index(page)) != seen[-1]:
                seen.append(now)
            if len(seen) >= 3:
                break
        assert seen[:3] == [0, 1, 2], seen
    finally:
        page.close()


def test_refresh_keeps_the_slide(app_url, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(f"{app_url}/?mode=screen&slide=rating&slide_seconds=600&refresh_minutes=0.1")
        page.wait_for_selector(".screen-as-of", timeout=60_000)
        wait_idle(page)
        first = page.get_attribute(".screen-as-of", "data-refreshed")
        page.wait_for_function(
            f"() => {{ const e = document.querySelector('.screen-as-of'); "
            f"return e && e.getAttribute('data-refreshed') !== '{first}'; }}", timeout=40_000)
        assert slide_index(page) == list(SLIDES).index("rating"), "a data refresh does not reset the slide"
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator(".main-svg").count() > 0, "the slide stays drawn"
    finally:
        page.close()
