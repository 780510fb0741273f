"""Reading a profile's district boundaries from any GIS file (GeoJSON, Shapefile — zipped or not, GeoPackage,
KML) through geopandas/pyogrio; the transforms themselves are in ``geo.boundaries``.

Read, repaired and simplified once per file version and process: the key includes the file's modification time.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from geo.boundaries import BoundarySet, browser_geojson, normalize

log = logging.getLogger(__name__)

FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".shp": "Shapefile", ".zip": "Shapefile (zip)",
           ".gpkg": "GeoPackage", ".kml": "KML"}
WGS84_BY_DEFINITION = (".geojson", ".json", ".kml")  # RFC 7946 and the KML standard fix the CRS


class BoundaryFileError(ValueError):
    """A boundaries file that cannot be used; the message is in Russian."""


def _read(path: Path, layer: str | None):
    import geopandas as gpd

    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise BoundaryFileError(f"файл границ {path.name}: формат не поддерживается (допустимо: "
                                f"{', '.join(sorted(set(FORMATS.values())))})")
    if not path.exists():
        raise BoundaryFileError(f"файл границ {path.name} не найден")
    try:
        return gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:  # pyogrio/GDAL errors have no common base class worth naming
        raise BoundaryFileError(f"файл границ {path.name} не читается: {exc}") from exc


@lru_cache(maxsize=16)
def _load(path: str, mtime: float, name_field: str, strip: str, crs: str | None, layer: str | None) -> BoundarySet:
    file = Path(path)
    raw = _read(file, layer)
    try:
        return normalize(raw, name_field, strip=strip, crs=crs,
                         assume_wgs84=file.suffix.lower() in WGS84_BY_DEFINITION)
    except ValueError as exc:
        raise BoundaryFileError(f"файл границ {file.name}: {exc}") from exc


def load_boundaries(path: Path, name_field: str, *, strip: str = "", crs: str | None = None,
                    layer: str | None = None) -> BoundarySet:
    """The district outlines of ``path`` in WGS 84, repaired (raises ``BoundaryFileError``, Russian)."""
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _load(str(path), mtime, name_field, strip, crs, layer)


@lru_cache(maxsize=16)
def _map(path: str, mtime: float, name_field: str, strip: str, crs: str | None, layer: str | None) -> dict:
    return browser_geojson(_load(path, mtime, name_field, strip, crs, layer))


def map_geojson(path: Path, name_field: str, *, strip: str = "", crs: str | None = None,
                layer: str | None = None) -> dict:
    """The simplified GeoJSON the browser draws (≤ 300 KB), property ``district``. A fresh copy each call:
    callers add properties to it."""
    import copy

    mtime = path.stat().st_mtime if path.exists() else 0.0
    return copy.deepcopy(_map(str(path), mtime, name_field, strip, crs, layer))

