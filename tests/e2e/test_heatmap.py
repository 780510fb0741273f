"""The heat map in headless Chromium (no internet): districts coloured, legend, matrix, a click opens the panel."""
import io
import math
import random

import numpy as np
import pytest
from PIL import Image
from shapely.geometry import Point, shape

from components.heatmap.map import MAP_HEIGHT, MAP_WIDTH_GUESS
from data_access.domain.profile import load_profile
from geo.districts import bounds, fit_view
from playwright.sync_api import expect

from tests.e2e.conftest import LOAD_TIMEOUT_MS, capture, open_and_capture, settle, wait_until

pytestmark = pytest.mark.e2e

DISTRICTS = ["Советский", "Октябрьский", "Свердловский", "Ленинский", "Кировский", "Железнодорожный", "Центральный"]


@pytest.fixture(scope="module")
def boundaries():
    return load_profile("krasnoyarsk").boundary_geojson()


def _merc(lon: float, lat: float) -> tuple[float, float]:
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def to_pixels(lon: float, lat: float, box: dict) -> tuple[float, float]:
    """Where a point is drawn on the deck canvas ``box`` (bounding box) for the page's initial view."""
    view = fit_view(bounds(load_profile("krasnoyarsk").boundary_geojson()), MAP_WIDTH_GUESS, MAP_HEIGHT)
    scale = 512 * 2 ** view["zoom"] / (2 * math.pi)
    cx, cy = _merc(view["longitude"], view["latitude"])
    x, y = _merc(lon, lat)
    return box["x"] + box["width"] / 2 + (x - cx) * scale, box["y"] + box["height"] / 2 - (y - cy) * scale


def inside_points(geometry, n: int, seed: int = 1) -> list[Point]:
    poly = shape(geometry).buffer(-0.004)  # away from the outline
    minx, miny, maxx, maxy = poly.bounds
    rng, out = random.Random(seed), []
    while len(out) < n:
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if poly.contains(p):
            out.append(p)
    return out


def is_coloured(rgb: tuple[int, int, int]) -> bool:
    """A fill of the cool-to-hot scale: clearly not white and not the grey of «no data» (r > b)."""
    r, g, b = rgb[:3]
    return r - b > 25


def deck_shot(page) -> Image.Image:
    return Image.open(io.BytesIO(page.screenshot())).convert("RGB")


def coloured_share(shot: Image.Image, boundaries: dict, box: dict, n: int = 25) -> dict[str, int]:
    """How many of ``n`` points inside each district are drawn in a colour of the scale."""
    out = {}
    for feature in boundaries["features"]:
        pixels = [shot.getpixel(tuple(int(v) for v in to_pixels(p.x, p.y, box)))
                  for p in inside_points(feature["geometry"], n)]
        out[feature["properties"]["district"]] = sum(is_coloured(px) for px in pixels)
    return out


def open_heatmap(browser, app_url: str, name: str, query: str = "", boundaries: dict | None = None):
    """Open the heat map and wait until the page is drawn and, given ``boundaries``, the districts coloured
    (deck.gl draws on a WebGL canvas after the script ends: polled on screenshots)."""
    page = open_and_capture(browser, f"{app_url}/{query}", name)
    if boundaries is not None:
        box = page.locator('[data-testid="stDeckGlJsonChart"]').first.bounding_box()
        wait_until(lambda: min(coloured_share(deck_shot(page), boundaries, box).values()) >= 10,
                   "every district drawn in a colour of the scale")
    capture(page, name)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert "Traceback" not in page.inner_text("body")
    return page


def scroll_to_heading(page, text: str) -> None:
    page.get_by_role("heading", name=text).first.scroll_into_view_if_needed()
    page.evaluate("""(t) => [...document.querySelectorAll('h2, h3')].find(e => e.innerText.trim().startsWith(t))
                           .scrollIntoView({block: 'start'})""", text)


def matrix_locator(page):
    return page.locator('[data-testid="stPlotlyChart"]').filter(has=page.locator(".heatmaplayer")).first


def test_map_shows_every_district_coloured_with_a_legend(browser, app_url, boundaries):
    page = open_heatmap(browser, app_url, "heatmap", boundaries=boundaries)
    assert page.locator("h1").first.inner_text() == "Тепловая карта"
    body = page.inner_text("body")
    assert "На 1 000 жителей, обращений на 1 000 жителей" in body  # legend title with units
    assert "© участники OpenStreetMap" in body
    box = page.locator('[data-testid="stDeckGlJsonChart"]').first.bounding_box()
    assert box and box["height"] >= MAP_HEIGHT - 5
    shares = coloured_share(deck_shot(page), boundaries, box)
    assert all(v >= 10 for v in shares.values()), shares
    page.close()


def test_matrix_is_readable(browser, app_url):
    page = open_heatmap(browser, app_url, "heatmap_top_for_matrix")
    scroll_to_heading(page, "Темы × районы")
    capture(page, "heatmap_matrix")
    matrix = matrix_locator(page)
    columns = matrix.locator(".xtick text").evaluate_all("els => els.map(e => e.textContent)")
    assert sorted(columns) == sorted(DISTRICTS)
    rows = matrix.locator(".ytick text").evaluate_all("els => els.map(e => e.textContent)")
    assert len(rows) >= 20 and "Горячее водоснабжение" in rows
    # every cell carries its value as text, and no two row labels overlap
    assert matrix.locator(".heatmaplayer text").count() == len(rows) * len(columns)
    boxes = [t.bounding_box() for t in matrix.locator(".ytick text").all()]
    ys = sorted(b["y"] for b in boxes if b)
    assert all(b - a >= 12 for a, b in zip(ys, ys[1:]))
    page.close()


def cell_position(matrix, column: str, row: str) -> dict:
    """Where the cell (column, row) lies in the matrix's drag layer: under its column's and row's labels."""
    drag = matrix.locator(".nsewdrag").first.bounding_box()
    x = matrix.locator(".xtick text", has_text=column).first.bounding_box()
    y = matrix.locator(".ytick text").filter(has_text=row).first.bounding_box()
    return {"x": x["x"] + x["width"] / 2 - drag["x"], "y": y["y"] + y["height"] / 2 - drag["y"]}


@pytest.mark.parametrize(("column", "row"), [("Свердловский", "Горячее водоснабжение"), ("Советский", "Отопление")])
def test_clicking_a_matrix_cell_opens_its_panel(browser, app_url, column, row):
    """A click anywhere in a cell of «Темы × районы» opens the panel of that district and topic (a heat-map trace
    alone reports no selection to Streamlit)."""
    page = open_heatmap(browser, app_url, "heatmap_matrix_before_click")
    scroll_to_heading(page, "Темы × районы")
    matrix = matrix_locator(page)
    expect(matrix.locator(".xtick text", has_text=column)).to_be_visible()
    pos = cell_position(matrix, column, row)
    pos["x"] += 14  # off the centre of the cell, where its value is written
    matrix.locator(".nsewdrag").first.click(position=pos)
    heading = page.get_by_role("heading", name=f"Подробно: {column} район · {row}")
    expect(heading).to_be_visible(timeout=120_000)
    settle(page)
    heading.scroll_into_view_if_needed()
    capture(page, f"heatmap_matrix_panel_{column}")
    body = page.inner_text("body")
    assert "Все обращения этого среза" in body
    link = page.get_by_role("link", name="Все обращения этого среза").get_attribute("href")
    assert "/items?" in link and "district=" in link and "topic=" in link
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


TOOLTIP_CUT_JS = """() => {
  const t = document.querySelector('[data-testid="stDeckGlJsonChart"] .deck-tooltip');
  if (!t || getComputedStyle(t).display === 'none') return null;
  const r = t.getBoundingClientRect(), cut = [];
  for (let e = t.parentElement; e && e.tagName !== 'MAIN'; e = e.parentElement) {
    const cs = getComputedStyle(e);
    if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
    const q = e.getBoundingClientRect();
    if (r.right > q.right + 0.5 || r.bottom > q.bottom + 0.5 || r.left < q.left - 0.5 || r.top < q.top - 0.5)
      cut.push([e.className.toString().slice(0, 40), q.right, q.bottom]);
  }
  return {text: t.innerText, rect: [r.left, r.top, r.right, r.bottom], cut};
}"""


def test_map_tooltip_is_not_cut_by_the_frame(browser, app_url, boundaries):
    """The tooltip of a district near the bottom of the map reaches past the map's frame and is shown whole."""
    page = open_heatmap(browser, app_url, "heatmap_tooltip", boundaries=boundaries)
    box = page.locator('[data-testid="stDeckGlJsonChart"]').first.bounding_box()
    points = [(f["properties"]["district"], p) for f in boundaries["features"]
              for p in inside_points(f["geometry"], 40, seed=5)]
    # the point drawn lowest on the map: its tooltip (8 lines) cannot fit between it and the bottom edge
    district, lowest = max(points, key=lambda dp: to_pixels(dp[1].x, dp[1].y, box)[1])
    x, y = to_pixels(lowest.x, lowest.y, box)
    assert box["y"] + box["height"] - y < 150
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    tooltip = page.locator('[data-testid="stDeckGlJsonChart"] .deck-tooltip')
    expect(tooltip).to_contain_text(f"{district} район", timeout=LOAD_TIMEOUT_MS)
    capture(page, "heatmap_tooltip")
    shown = page.evaluate(TOOLTIP_CUT_JS)
    assert shown and "Главные темы" in shown["text"]
    assert shown["rect"][3] > box["y"] + box["height"], "the tooltip reaches past the map's bottom edge"
    assert shown["cut"] == [], f"the tooltip is cut by {shown['cut']}"
    page.close()


def test_clicking_a_district_opens_its_panel(browser, app_url, boundaries):
    page = open_heatmap(browser, app_url, "heatmap_before_click", boundaries=boundaries)
    box = page.locator('[data-testid="stDeckGlJsonChart"]').first.bounding_box()
    soviet = next(f for f in boundaries["features"] if f["properties"]["district"] == "Советский")
    point = inside_points(soviet["geometry"], 1, seed=3)[0]
    x, y = to_pixels(point.x, point.y, box)  # a map has no element per district: the point is where it is drawn
    page.mouse.move(x - 4, y - 4)
    page.mouse.move(x, y)
    expect(page.locator('[data-testid="stDeckGlJsonChart"] .deck-tooltip')).to_contain_text("Советский район")
    page.mouse.click(x, y)
    heading = page.get_by_role("heading", name="Подробно: Советский район")
    expect(heading).to_be_visible(timeout=120_000)
    settle(page)
    scroll_to_heading(page, "Подробно")
    capture(page, "heatmap_panel")
    body = page.inner_text("body")
    assert "Подробно: Советский район" in body
    assert "Все обращения этого среза" in body
    link = page.get_by_role("link", name="Все обращения этого среза").get_attribute("href")
    assert "/items?" in link and "district=" in link
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_hot_spots_layer(browser, app_url):
    page = open_heatmap(browser, app_url, "heatmap_hotspots", "?hm_hexes=true&hm_cell=8")
    body = page.inner_text("body")
    assert "Горячие точки" in body and "обращений в ячейке за период" in body
    box = page.locator('[data-testid="stDeckGlJsonChart"]').first.bounding_box()

    def purple() -> int:
        shot = deck_shot(page).crop((int(box["x"]), int(box["y"]), int(box["x"] + box["width"]),
                                     int(box["y"] + box["height"])))
        r, g, b = np.asarray(shot, dtype=np.int16).transpose(2, 0, 1)
        return int(((b > r + 25) & (b > g + 25)).sum())

    wait_until(lambda: purple() > 500, "the hexagons drawn")
    page.close()
