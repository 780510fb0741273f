"""Every page in Chromium on the two other shipped municipalities: «Приреченск» (boundaries from a zipped МСК
shapefile) and the Petropavlovskaya rural settlement (no districts, no boundaries)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from data_access.demo.generator import create_demo_store
from data_access.store.engine import make_engine
from data_access.ingest.importer import import_bytes
from data_access.domain.profile import load_profile
from tests.e2e.conftest import LOAD_TIMEOUT_MS, SCREENSHOTS, assert_no_errors, open_and_capture, serve_app

pytestmark = pytest.mark.e2e

PATHS = ["/", "/overview", "/sla", "/items", "/slices", "/rating", "/satisfaction", "/upload", "/screen",
         "/?mode=screen&slide=sla"]


@pytest.fixture(scope="module", params=["prirechensk", "petropavlovskaya"])
def municipality(request, tmp_path_factory):
    profile = load_profile(request.param)
    folder = tmp_path_factory.mktemp(request.param)
    url = f"duckdb:///{folder / 'store.duckdb'}"
    create_demo_store(url, 6000, seed=12, profile=profile, now=datetime.now(profile.tz))
    if request.param == "petropavlovskaya":  # no boundaries: imported points are kept and make the hot spots
        day = (datetime.now(profile.tz) - timedelta(days=2)).strftime("%d.%m.%Y")
        lines = [f"P-{i};pos;{day} 10:00;в работе;Уличное освещение;44,93{i % 5};40,78{i % 3};нет света\n"
                 for i in range(40)]
        engine = make_engine(url)
        summary = import_bytes(engine, ("Номер;Канал;Поступило;Статус;Тема;Широта;Долгота;Текст\n"
                                        + "".join(lines)).encode(), "p.csv", "generic")
        engine.dispose()
        assert summary.added == 40 and summary.outside_city == 0
    with serve_app(url, folder / "app.log") as base:
        yield request.param, base


def test_every_page_renders(browser, municipality):
    name, base = municipality
    for path in PATHS:
        shot = f"{name}_{path.strip('/').replace('?', '_').replace('&', '_').replace('=', '-') or 'heatmap'}"
        page = open_and_capture(browser, base + path, shot, settle_ms=800)
        assert_no_errors(page)
        if path == "/" and name == "prirechensk":  # the map's districts, listed in the table beside it
            expect(page.locator('[data-testid="stDeckGlJsonChart"]').first).to_be_visible(timeout=LOAD_TIMEOUT_MS)
            table = page.locator('[data-testid="stDataFrame"]').first
            expect(table).to_be_visible(timeout=LOAD_TIMEOUT_MS)
            for district in ("Западный", "Заречный", "Северный"):
                expect(page.get_by_text(district, exact=False).first).to_be_attached(timeout=LOAD_TIMEOUT_MS)
        if path == "/" and name == "petropavlovskaya":
            expect(page.get_by_text("нет районов", exact=False).first).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        if path == "/":
            page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=LOAD_TIMEOUT_MS)
            page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)  # drawn, for the eye
        page.close()


def test_heat_map_with_hot_spots(browser, municipality):
    name, base = municipality
    page = open_and_capture(browser, base + "/?hm_hexes=true", f"{name}_hot_spots")
    assert_no_errors(page)
    expect(page.locator('[data-testid="stDeckGlJsonChart"]').first).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(page.locator('[data-testid="stDeckGlJsonChart"] canvas').first).to_be_attached(timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=LOAD_TIMEOUT_MS)
    page.screenshot(path=str(SCREENSHOTS / f"{name}_hot_spots.png"), full_page=True)
    page.close()
