"""District boundaries from any GIS format and projection: read, reprojected, repaired, measured, simplified for
the browser, and points located in them. Expected values come from shapely/pyproj directly on the source file."""
from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import CRS, Geod
from shapely.geometry import Polygon, shape

from data_access.domain.boundary_files import BoundaryFileError, load_boundaries, map_geojson
from data_access.domain.profile import PROFILES_DIR
from geo.boundaries import MAP_BUDGET_BYTES, areas_km2, browser_geojson, locate, normalize

SOURCE = PROFILES_DIR / "krasnoyarsk" / "districts.geojson"
GK16 = "EPSG:28416"  # Pulkovo 1942 / Gauss-Krüger zone 16 (central meridian 93°E: Krasnoyarsk)
MSK24_LIKE = ("+proj=tmerc +lat_0=0 +lon_0=93.95 +k=1 +x_0=3500000 +y_0=-5811057.63 +ellps=krass "
              "+towgs84=23.57,-140.95,-79.8,0,0.35,0.79,-0.22 +units=m +no_defs")


@pytest.fixture(scope="module")
def source():
    return json.loads(SOURCE.read_text(encoding="utf-8"))


def geodesic_km2(geom) -> float:
    """Area on the WGS 84 ellipsoid (pyproj.Geod), an independent check of the equal-area projection."""
    return abs(Geod(ellps="WGS84").geometry_area_perimeter(geom)[0]) / 1e6


FIELDS = {"shp": "name_ru", "zip": "name_ru", "kml": "Name"}  # shapefile names ≤ 10 characters, KML's own «Name»


def write(tmp_path, fmt: str, crs: str) -> object:
    gdf = gpd.read_file(SOURCE).to_crs(crs).rename(columns={"district_name": FIELDS.get(fmt, "district_name")})
    if fmt == "shp":
        path = tmp_path / "d.shp"
        gdf.to_file(path, engine="pyogrio", encoding="UTF-8")
    elif fmt == "zip":
        folder = tmp_path / "shp"
        folder.mkdir()
        gdf.to_file(folder / "d.shp", engine="pyogrio", encoding="UTF-8")
        # GDAL writes ESRI WKT, which drops TOWGS84; a GIS export of МСК keeps it in WKT1
        (folder / "d.prj").write_text(CRS.from_user_input(crs).to_wkt("WKT1_GDAL"), encoding="utf-8")
        path = tmp_path / "d.zip"
        with zipfile.ZipFile(path, "w") as zf:
            for part in folder.iterdir():
                zf.write(part, part.name)
    elif fmt == "gpkg":
        path = tmp_path / "d.gpkg"
        gdf.to_file(path, driver="GPKG", engine="pyogrio")
    elif fmt == "kml":
        path = tmp_path / "d.kml"
        gdf.to_crs("EPSG:4326").to_file(path, driver="KML", engine="pyogrio")
    else:
        path = tmp_path / "d.geojson"
        gdf.to_crs("EPSG:4326").to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


@pytest.mark.parametrize(("fmt", "crs"), [("geojson", "EPSG:4326"), ("shp", GK16), ("zip", MSK24_LIKE),
                                           ("gpkg", "EPSG:3857"), ("kml", "EPSG:4326"), ("zip", GK16)])
def test_every_format_and_projection_gives_the_same_districts(tmp_path, source, fmt, crs):
    path = write(tmp_path, fmt, crs)
    field = FIELDS.get(fmt, "district_name")
    got = load_boundaries(path, field, strip=" район")
    assert sorted(got.frame["district"]) == sorted(f["properties"]["district_name"].removesuffix(" район")
                                                   for f in source["features"])
    assert got.frame.crs.to_epsg() == 4326 and got.frame.geometry.is_valid.all()
    for feature in source["features"]:  # back in WGS 84 within a metre of the source outline
        name = feature["properties"]["district_name"].removesuffix(" район")
        ours = got.frame.set_index("district").geometry[name]
        theirs = shape(feature["geometry"])
        assert ours.symmetric_difference(theirs).area / theirs.area < 1e-5, name
    areas = areas_km2(got)
    for feature in source["features"]:
        name = feature["properties"]["district_name"].removesuffix(" район")
        assert areas[name] == pytest.approx(geodesic_km2(shape(feature["geometry"])), rel=2e-3), name


def test_an_esri_prj_without_datum_shift_is_reported(tmp_path):
    gdf = gpd.read_file(SOURCE).to_crs(MSK24_LIKE).rename(columns={"district_name": "name_ru"})
    gdf.to_file(tmp_path / "esri.shp", engine="pyogrio", encoding="UTF-8")  # the .prj loses TOWGS84
    got = load_boundaries(tmp_path / "esri.shp", "name_ru")
    assert any("не знает перехода к WGS 84" in p for p in got.problems)
    fixed = load_boundaries(tmp_path / "esri.shp", "name_ru", crs=MSK24_LIKE)
    assert not fixed.problems


def test_shapefile_without_prj_needs_a_crs(tmp_path):
    path = write(tmp_path, "shp", GK16)
    path.with_suffix(".prj").unlink()
    with pytest.raises(BoundaryFileError, match="система координат границ неизвестна"):
        load_boundaries(path, "name_ru")
    given = load_boundaries(path, "name_ru", crs=GK16)
    assert given.frame.total_bounds[0] == pytest.approx(92.63, abs=0.01)


def test_missing_name_field_is_named_with_the_fields_there(tmp_path):
    with pytest.raises(BoundaryFileError, match="нет поля «name».*district_name"):
        load_boundaries(write(tmp_path, "gpkg", "EPSG:4326"), "name")


def test_invalid_outlines_are_repaired_and_reported():
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])   # self-intersecting
    square = Polygon([(2, 0), (3, 0), (3, 1), (2, 1)])
    raw = gpd.GeoDataFrame({"nm": ["Бант", "Квадрат"]}, geometry=[bowtie, square], crs="EPSG:4326")
    got = normalize(raw, "nm")
    assert got.frame.geometry.is_valid.all()
    assert any("make_valid: Бант" in p for p in got.problems)
    repaired = got.frame.set_index("district").geometry["Бант"]
    assert repaired.area == pytest.approx(0.5)  # two triangles of 0.25 each


def test_parts_of_one_district_become_one_outline():
    parts = [Polygon([(0, 0), (1, 0), (1, 1), (0, 1)]), Polygon([(5, 5), (6, 5), (6, 6), (5, 6)])]
    got = normalize(gpd.GeoDataFrame({"nm": ["А", "А"]}, geometry=parts, crs="EPSG:4326"), "nm")
    assert len(got.frame) == 1 and got.frame.geometry[0].geom_type == "MultiPolygon"


def test_map_geojson_fits_the_budget_even_from_a_dense_source(tmp_path):
    dense = gpd.read_file(SOURCE).to_crs(GK16)
    dense = dense.set_geometry(dense.geometry.segmentize(2.0))  # a vertex every 2 m: megabytes of GeoJSON
    path = tmp_path / "dense.gpkg"
    dense.to_file(path, driver="GPKG", engine="pyogrio")
    raw_size = len(dense.to_crs("EPSG:4326").to_json())
    assert raw_size > 3 * MAP_BUDGET_BYTES
    data = map_geojson(path, "district_name", strip=" район")
    assert len(data["features"]) == 7
    assert len(json.dumps(data, ensure_ascii=False, separators=(",", ":"))) <= MAP_BUDGET_BYTES
    full = load_boundaries(path, "district_name", strip=" район").frame.set_index("district")
    for feature in data["features"]:  # simplified, still the same district within 1 % of its area
        simple = shape(feature["geometry"])
        assert simple.is_valid
        assert simple.symmetric_difference(full.geometry[feature["properties"]["district"]]).area / simple.area < 0.01


def test_budget_is_respected_for_a_small_budget():
    got = normalize(gpd.read_file(SOURCE), "district_name")
    assert len(json.dumps(browser_geojson(got, 20_000), ensure_ascii=False, separators=(",", ":"))) <= 20_000


def test_spatial_join_agrees_with_shapely(source):
    got = normalize(gpd.read_file(SOURCE), "district_name", strip=" район")
    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(55.9, 56.14, 3000), rng.uniform(92.6, 93.2, 3000)
    located = locate(got, lat, lon)
    expected = np.full(len(lat), None, dtype=object)
    for feature in source["features"]:
        inside = shapely.contains_xy(shape(feature["geometry"]), lon, lat)
        expected[inside] = feature["properties"]["district_name"].removesuffix(" район")
    assert (located == expected).all()
    assert (located != None).sum() > 500 and (located == None).sum() > 500  # noqa: E711 — both sides occur
