"""Places of imported items: district by point-in-polygon against the profile's boundaries, and the H3 cell.

Shapely's vectorized ``contains_xy`` over prepared polygons does the whole job: a handful of district
polygons in WGS 84, points in WGS 84, no projection and no spatial join of many-to-many geometries, so
geopandas (and its pyproj/pyogrio stack) would add weight and nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from h3.api import basic_int
from shapely.geometry import shape

from data_access.profile import Profile

H3_RESOLUTION = 9


@dataclass(frozen=True)
class Boundaries:
    names: tuple[str, ...]
    polygons: tuple  # prepared shapely geometries, one per name
    city: object = None  # the city outline (prepared), when the profile has one

    @property
    def has_districts(self) -> bool:
        return bool(self.names)

    def keep(self, lat: np.ndarray, lon: np.ndarray, located: np.ndarray) -> np.ndarray:
        """Which points are kept: inside a district when the profile has district boundaries; else inside the
        city outline when there is one; else every point on the globe (no boundaries: unbounded)."""
        on_globe = (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        if self.has_districts:
            return on_globe & ~pd.isna(located)
        if self.city is not None:
            return on_globe & shapely.contains_xy(self.city, lon, lat)
        return on_globe

    @classmethod
    def for_profile(cls, profile: Profile) -> Boundaries:
        return _boundaries(str(profile.folder), profile)

    @classmethod
    def read(cls, profile: Profile) -> Boundaries:
        geo = profile.boundary_geojson() or {"features": []}
        names, polys = [], []
        for feature in geo["features"]:
            poly = shape(feature["geometry"])
            shapely.prepare(poly)
            names.append(feature["properties"]["district"])
            polys.append(poly)
        city = None
        if not names and profile.city_boundary_file and profile.city_boundary_file.exists():
            import json

            city = shapely.union_all([shape(f["geometry"]) for f in json.loads(
                profile.city_boundary_file.read_text(encoding="utf-8"))["features"]])
            shapely.prepare(city)
        return cls(tuple(names), tuple(polys), city)

    def locate(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """District name for each point (object array, None outside every district)."""
        out = np.full(len(lat), None, dtype=object)
        todo = np.ones(len(lat), dtype=bool)
        for name, poly in zip(self.names, self.polygons):
            if not todo.any():
                break
            idx = np.flatnonzero(todo)
            inside = shapely.contains_xy(poly, lon[idx], lat[idx])
            out[idx[inside]] = name
            todo[idx[inside]] = False
        return out


_CACHE: dict[str, Boundaries] = {}


def _boundaries(key: str, profile: Profile) -> Boundaries:
    """Boundaries parsed and prepared once per profile folder and process (the app imports many files)."""
    if key not in _CACHE:
        _CACHE[key] = Boundaries.read(profile)
    return _CACHE[key]


def h3_cells(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """H3 cells at resolution 9 as 64-bit integers, for finite coordinates only.

    The integer API gives ``h3.str_to_int(h3.latlng_to_cell(lat, lon, 9))`` without the string round trip
    (three times faster); res-9 cells have bit 63 clear, so they fit a signed BIGINT.
    """
    cell = basic_int.latlng_to_cell
    return np.fromiter((cell(a, o, H3_RESOLUTION) for a, o in zip(lat.tolist(), lon.tolist())),
                       dtype=np.int64, count=len(lat))
