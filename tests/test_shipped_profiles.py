"""The shipped «Приреченск» (boundaries from a zipped МСК shapefile): every page runs on its demo store, the heat
map draws its three districts from the reprojected outlines, and the demo points lie in the district they name."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from shapely.geometry import Point, shape

from data_access.demo.generator import create_demo_store, generate
from data_access.domain.profile import load_profile
from tests.test_no_boundaries import _run as run
from tests.test_app import viewer_pages

UNTIL = date(2026, 6, 1)


@pytest.fixture(scope="module")
def prirechensk():
    return load_profile("prirechensk")


@pytest.fixture(scope="module")
def store_url(tmp_path_factory, prirechensk):
    url = f"duckdb:///{tmp_path_factory.mktemp('prir') / 'p.duckdb'}"
    create_demo_store(url, 3000, seed=4, until=UNTIL, profile=prirechensk,
                      now=datetime(2026, 6, 1, 12, tzinfo=prirechensk.tz))
    return url


@pytest.mark.parametrize("page", viewer_pages())
def test_every_page_runs(store_url, monkeypatch, page):
    run(store_url, monkeypatch, page)


def test_heat_map_draws_the_three_districts(store_url, monkeypatch, prirechensk):
    at = run(store_url, monkeypatch, "app_pages/heatmap.py")
    decks = [json.loads(d.proto.json) for d in at.get("deck_gl_json_chart")]
    layer = next(layer for d in decks for layer in d["layers"] if layer.get("id") == "districts")
    names = sorted(f["properties"]["district"] for f in layer["data"]["features"])
    assert names == ["Западный", "Заречный", "Северный"]
    assert all(f["properties"]["missing"] is False for f in layer["data"]["features"])
    assert any("вымышленный город" in c.value for c in at.caption)  # the profile's attribution


def test_demo_points_lie_in_their_district(prirechensk):
    """The outlines reprojected from МСК back to WGS 84 sit on Krasnoyarsk: each generated point is inside the
    outline of the district the item names (shapely on the map GeoJSON, independent of the importer)."""
    m = generate(prirechensk, 2000, 4, UNTIL, datetime(2026, 6, 1, 12, tzinfo=prirechensk.tz))[0]
    outlines = {f["properties"]["district"]: shape(f["geometry"]) for f in prirechensk.boundary_geojson()["features"]}
    names = {i: d.name for i, d in enumerate(prirechensk.districts, 1)}
    located = m.dropna(subset=["lat", "district_id"])
    assert len(located) > 500
    inside = [outlines[names[int(d)]].contains(Point(lon, lat))
              for d, lat, lon in zip(located["district_id"], located["lat"], located["lon"])]
    assert all(inside)
    lon, lat = located["lon"].mean(), located["lat"].mean()
    assert 92.6 < lon < 93.2 and 55.9 < lat < 56.15  # Krasnoyarsk, not shifted by a lost datum
