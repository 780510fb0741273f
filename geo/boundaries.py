"""District boundaries as a GeoDataFrame: normalised to WGS 84, repaired, measured, simplified for the browser,
and points located in them. Pure transforms: the file is read elsewhere (``data_access.domain.boundary_files``).

The order matters: repair (``make_valid``) before anything measures or joins; areas in an equal-area projection
centred on the city (degrees are not areas); simplification once, in metres, only for what the browser draws —
the import's point-in-polygon uses the full outlines.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

WGS84 = "EPSG:4326"
MAP_BUDGET_BYTES = 300_000    # the heat map's GeoJSON for a city of about 7 districts
COORD_DECIMALS = 5            # 1e-5° ≈ 1 m: finer digits only weigh


@dataclass
class BoundarySet:
    """One row per district: ``district`` (name) and ``geometry`` (valid Polygon/MultiPolygon, WGS 84)."""

    frame: gpd.GeoDataFrame
    source_crs: str
    problems: list[str] = field(default_factory=list)   # Russian, one line each: what was found and done


def _polygonal(geom):
    """The polygonal part of a repaired geometry (``make_valid`` may return lines or points beside polygons)."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def normalize(raw: gpd.GeoDataFrame, name_field: str, *, strip: str = "", crs: str | None = None,
              assume_wgs84: bool = False) -> BoundarySet:
    """District outlines from a file's features: the name from ``name_field`` (``strip`` removed from its end),
    reprojected from the file's CRS (or ``crs`` when the file has none) to WGS 84, repaired, one row per name.

    ``assume_wgs84``: formats whose CRS is WGS 84 by definition (GeoJSON by RFC 7946, KML). Raises ``ValueError``
    with a Russian message when the name field is missing or the CRS is unknown.
    """
    problems: list[str] = []
    if name_field not in raw.columns:
        fields = ", ".join(c for c in raw.columns if c != raw.geometry.name) or "нет полей"
        raise ValueError(f"в границах нет поля «{name_field}» с названием района (есть: {fields})")
    gdf = raw
    if crs:
        gdf = gdf.set_crs(crs, allow_override=True)
    elif gdf.crs is None:
        if not assume_wgs84:
            raise ValueError("система координат границ неизвестна (у шейп-файла нет .prj): укажите её в profile.toml "
                             "(boundary_crs = \"EPSG:…\" или строка PROJ)")
        gdf = gdf.set_crs(WGS84)
    source = CRS.from_user_input(gdf.crs)
    source_crs = source.name
    if _datum_without_shift(source):
        problems.append(f"система координат границ ({source.datum.name}) не знает перехода к WGS 84 (в .prj нет "
                        "параметров TOWGS84 — так пишет ESRI WKT): возможен сдвиг в сотни метров; укажите полную "
                        "систему в profile.toml (boundary_crs)")
    gdf = gdf.to_crs(WGS84)
    names = gdf[name_field].astype("string").str.strip()
    if strip:
        names = names.str.removesuffix(strip)
    gdf = gpd.GeoDataFrame({"district": names}, geometry=gdf.geometry.values, crs=WGS84)
    blank = gdf["district"].isna() | (gdf["district"] == "")
    if blank.any():
        problems.append(f"объектов границ без названия района: {int(blank.sum())} (пропущены)")
        gdf = gdf[~blank]
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        names_bad = ", ".join(sorted(set(gdf.loc[invalid, "district"])))
        problems.append(f"неправильные контуры (самопересечения и т. п.) исправлены make_valid: {names_bad}")
        gdf = gdf.set_geometry(gdf.geometry.make_valid())
    gdf = gdf.set_geometry([_polygonal(g) for g in gdf.geometry], crs=WGS84)
    empty = gdf.geometry.isna()
    if empty.any():
        problems.append(f"районы без площадного контура: {', '.join(sorted(set(gdf.loc[empty, 'district'])))}")
        gdf = gdf[~empty]
    if gdf["district"].duplicated().any():  # several parts of one district: one outline
        gdf = gdf.dissolve(by="district", as_index=False, sort=False)
    return BoundarySet(gdf.reset_index(drop=True)[["district", "geometry"]], source_crs, problems)


def _datum_without_shift(crs: CRS) -> bool:
    """A datum PROJ does not know (a custom «based on Krassovsky» one) on a non-WGS ellipsoid with no TOWGS84:
    reprojected as if it were WGS 84, it lands hundreds of metres off."""
    if crs.is_bound or crs.datum is None:
        return False
    name = crs.datum.name.lower()
    ellipsoid = (crs.ellipsoid.name if crs.ellipsoid else "").lower()
    return "unknown" in name and not any(e in ellipsoid for e in ("wgs 84", "wgs84", "grs 1980", "grs80"))


def equal_area_crs(gdf: gpd.GeoDataFrame) -> CRS:
    """A Lambert azimuthal equal-area projection centred on the outlines (metres, true areas)."""
    minx, miny, maxx, maxy = gdf.total_bounds
    return CRS.from_proj4(f"+proj=laea +lat_0={(miny + maxy) / 2:.6f} +lon_0={(minx + maxx) / 2:.6f} "
                          "+x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs")


def areas_km2(boundaries: BoundarySet) -> dict[str, float]:
    """District → area in km², measured in an equal-area projection."""
    frame = boundaries.frame
    if frame.empty:
        return {}
    metric = frame.to_crs(equal_area_crs(frame))
    return dict(zip(frame["district"], (metric.geometry.area / 1e6).round(3)))


def _collection(frame: gpd.GeoDataFrame) -> dict:
    geoms = shapely.set_precision(np.asarray(frame.geometry.values), 10 ** -COORD_DECIMALS)
    features = [{"type": "Feature", "properties": {"district": name},
                 "geometry": json.loads(shapely.to_geojson(g))} for name, g in zip(frame["district"], geoms)]
    return {"type": "FeatureCollection", "features": features}


def browser_geojson(boundaries: BoundarySet, budget_bytes: int = MAP_BUDGET_BYTES) -> dict:
    """The outlines as GeoJSON for the map: simplified in metres (from 5 m, doubling until the text fits
    ``budget_bytes``), coordinates to 1e-5°, property ``district``. Adjacent districts are simplified
    alike at these tolerances: gaps, if any, are below what a city map shows."""
    frame = boundaries.frame
    if frame.empty:
        return {"type": "FeatureCollection", "features": []}
    metric = frame.to_crs(equal_area_crs(frame))
    tolerance = 5.0
    while True:
        simple = metric.set_geometry(metric.geometry.simplify(tolerance, preserve_topology=True)).to_crs(WGS84)
        data = _collection(simple)
        if len(json.dumps(data, ensure_ascii=False, separators=(",", ":"))) <= budget_bytes or tolerance > 5_000:
            return data
        tolerance *= 2


def locate(boundaries: BoundarySet, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """District name of each point (object array, None outside every district): a point strictly inside a
    district's outline (``within``, as a spatial join tells it); where outlines overlap, the first district.

    District by district: the points in its bounding box, then shapely's ``contains_xy`` against the prepared
    outline — no point geometries are built (a million-row import locates its points in a second, not five)."""
    out = np.full(len(lat), None, dtype=object)
    if not len(lat) or boundaries.frame.empty:
        return out
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    todo = np.isfinite(lat) & np.isfinite(lon)
    for name, geom in zip(boundaries.frame["district"], boundaries.frame.geometry.values):
        if geom is None or geom.is_empty or not todo.any():
            continue
        west, south, east, north = geom.bounds
        near = np.flatnonzero(todo & (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north))
        if not len(near):
            continue
        shapely.prepare(geom)  # once per outline: kept with the geometry
        inside = near[shapely.contains_xy(geom, lon[near], lat[near])]
        out[inside] = name
        todo[inside] = False
    return out


def city_outline(boundaries: BoundarySet):
    """The union of all district outlines (one shapely geometry), or None without districts."""
    return None if boundaries.frame.empty else shapely.union_all(np.asarray(boundaries.frame.geometry.values))
