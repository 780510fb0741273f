"""The heat map in headless Chromium (no internet): districts coloured, legend, matrix, a click opens the panel."""
import io
import math
import random

import numpy as np
import pytest
from PIL import Image
from shapely.geometry import Point, shape

from components.heatmap_map import MAP_HEIGHT, MAP_WIDTH_GUESS
from data_access.profile import load_profile
from geo.districts import bounds, fit_view
from tests.e2e.conftest import SCREENSHOTS, open_and_capture, wait_idle

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


def open_heatmap(browser, app_url: str, name: str, query: str = ""):
    page = open_and_capture(browser, f"{app_url}/{query}", name, settle_ms=1000)
    # widgets bound to the URL may rerun the script once more; the map component loads lazily
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
    wait_idle(page)
    page.wait_for_timeout(2500)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert "Traceback" not in page.inner_text("body")
    return page


def test_map_shows_every_district_coloured_with_a_legend(browser, app_url, boundaries):
    page = open_heatmap(browser, app_url, "heatmap")
    assert page.locator("h1").first.inner_text() == "Тепловая карта"
    body = page.inner_text("body")
    assert "На 1 000 жителей, обращений на 1 000 жителей" in body  # legend title with units
    assert "© участники OpenStreetMap" in body
    deck = page.locator('[data-testid="stDeckGlJsonChart"]').first
    box = deck.bounding_box()
    assert box and box["height"] >= MAP_HEIGHT - 5
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    for feature in boundaries["features"]:
        points = inside_points(feature["geometry"], 25)
        pixels = [shot.getpixel(tuple(int(v) for v in to_pixels(p.x, p.y, box))) for p in points]
        coloured = sum(is_coloured(px) for px in pixels)
        assert coloured >= 10, (feature["properties"]["district"], pixels[:5])
    page.close()


def test_matrix_is_readable(browser, app_url):
    page = open_heatmap(browser, app_url, "heatmap_top_for_matrix")
    page.evaluate("""() => [...document.querySelectorAll('h2, h3')].find(e => e.innerText.trim() === 'Темы × районы')
                           .scrollIntoView({block: 'start'})""")
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SCREENSHOTS / "heatmap_matrix.png"))
    matrix = page.locator(".js-plotly-plot").filter(has=page.locator(".heatmaplayer")).first
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


def test_clicking_a_district_opens_its_panel(browser, app_url, boundaries):
    page = open_heatmap(browser, app_url, "heatmap_before_click")
    box = page.locator('[data-testid="stDeckGlJsonChart"]').first.bounding_box()
    soviet = next(f for f in boundaries["features"] if f["properties"]["district"] == "Советский")
    point = inside_points(soviet["geometry"], 1, seed=3)[0]
    x, y = to_pixels(point.x, point.y, box)
    page.mouse.move(x - 4, y - 4)
    page.mouse.move(x, y)
    page.wait_for_timeout(400)
    page.mouse.click(x, y)
    page.wait_for_function("() => [...document.querySelectorAll('h3')].some(e => e.innerText.startsWith('Подробно'))",
                           timeout=30_000)
    wait_idle(page)
    page.evaluate("""() => [...document.querySelectorAll('h3')].find(e => e.innerText.startsWith('Подробно'))
                           .scrollIntoView({block: 'start'})""")
    page.wait_for_timeout(2000)
    page.screenshot(path=str(SCREENSHOTS / "heatmap_panel.png"))
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
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB").crop(
        (int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + box["height"])))
    r, g, b = np.asarray(shot, dtype=np.int16).transpose(2, 0, 1)
    purple = int(((b > r + 25) & (b > g + 25)).sum())
    assert purple > 500  # the hexagons are drawn
    page.close()
