"""Pure geographic transforms: colour scales, boundaries → layer data, map view, H3 cell outlines."""
import math

import h3
import pytest
from shapely.geometry import Point, Polygon, shape

from geo.colors import NO_DATA, PURPLES, YL_OR_RD, diverging_scale, nice_step, sequential_scale
from geo.districts import bounds, fit_view, join_features, label_points
from geo.hexagons import cell_area_km2, cell_polygon


@pytest.fixture(scope="module")
def boundaries(profile):
    return profile.boundary_geojson()


@pytest.mark.parametrize(("raw", "step"), [(0.22, 0.25), (1, 1), (0.03, 0.05), (180, 200), (7, 10)])
def test_nice_step(raw, step):
    assert nice_step(raw) == pytest.approx(step)


@pytest.mark.parametrize("values", [[1.2, 2.3, 1.9, 1.5], [80, 340, 120], [0.58, 0.97, 0.64, 0.7], [5, 5, 5]])
def test_sequential_scale_covers_values_cool_to_hot(values):
    scale = sequential_scale(values)
    assert scale.lower <= min(values) and max(values) <= scale.upper
    assert list(scale.breaks) == sorted(scale.breaks)
    low, high = scale.color(min(values)), scale.color(max(values))
    if min(values) < max(values):
        assert YL_OR_RD.index(low) < YL_OR_RD.index(high)  # hotter colour for the larger value
    assert scale.color(float("nan")) == NO_DATA and scale.rgba(None, 99) == [*NO_DATA, 99]
    classes = scale.classes()
    assert classes[0][0] == scale.lower and classes[-1][1] == scale.upper and len(classes) == len(scale.colors)


def test_sequential_scale_options():
    assert sequential_scale([10, 40], floor_zero=True).lower == 0
    rev = sequential_scale([0.7, 0.9], reverse=True)
    assert YL_OR_RD.index(rev.color(0.7)) > YL_OR_RD.index(rev.color(0.9))  # low on-time share is hot
    assert sequential_scale([1, 9], palette=PURPLES).color(9) in PURPLES


def test_diverging_scale_has_no_class_below_its_floor():
    # growth +300 %: a symmetric scale in steps of 100 % would start «до −200 %», which a growth rate cannot be
    scale = diverging_scale([3.0, -0.5], floor=-1.0)
    assert scale.lower == -1.0 and min(scale.breaks) > -1.0
    assert scale.classes()[0][:2] == (-1.0, 0.0) and scale.color(-1.0) == scale.classes()[0][2]
    assert scale.color(3.0) == scale.classes()[-1][2] and len(scale.colors) == len(scale.breaks) + 1
    assert diverging_scale([0.12, -0.16], floor=-1.0) == diverging_scale([0.12, -0.16])  # nothing to cut


def test_diverging_scale_is_symmetric_around_zero():
    scale = diverging_scale([0.12, -0.16, 0.36, 0.27])
    assert scale.lower == -scale.upper and 0.0 in scale.breaks
    assert scale.upper >= 0.36
    red, blue = scale.color(0.3), scale.color(-0.15)
    assert red[0] > red[2] and blue[2] > blue[0]


def test_join_features_keeps_every_boundary(boundaries):
    data = join_features(boundaries, {"Советский": {"value": 1.5}})
    assert len(data["features"]) == 7
    props = {f["properties"]["district"]: f["properties"] for f in data["features"]}
    assert props["Советский"]["value"] == 1.5 and props["Советский"]["missing"] is False
    assert props["Кировский"]["missing"] is True


def test_label_points_lie_inside_their_district(boundaries):
    polygons = {f["properties"]["district"]: shape(f["geometry"]) for f in boundaries["features"]}
    points = label_points(boundaries)
    assert len(points) == 7
    for p in points:
        assert polygons[p["district"]].contains(Point(p["position"]))


def test_fit_view_shows_the_whole_city(boundaries):
    box = bounds(boundaries)
    assert 92.5 < box[0] < box[2] < 93.3 and 55.8 < box[1] < box[3] < 56.2
    view = fit_view(box, 800, 600)
    assert box[0] < view["longitude"] < box[2] and box[1] < view["latitude"] < box[3]
    scale = 512 * 2 ** view["zoom"] / (2 * math.pi)  # pixels per Mercator unit at that zoom

    def merc(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    width_px = math.radians(box[2] - box[0]) * scale
    height_px = (merc(box[3]) - merc(box[1])) * scale
    assert width_px <= 800 and height_px <= 600          # it fits
    assert max(width_px / 800, height_px / 600) > 0.8    # and fills the map


def test_cell_polygon_is_a_closed_hexagon_around_the_cell():
    cell = h3.latlng_to_cell(56.01, 92.87, 8)
    ring = cell_polygon(cell)
    assert len(ring) == 7 and ring[0] == ring[-1]
    lat, lng = h3.cell_to_latlng(cell)
    assert Polygon(ring).contains(Point(lng, lat))
    assert cell_area_km2(8) == pytest.approx(0.737, rel=0.01)
