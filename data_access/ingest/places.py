"""Places of imported items: district by point-in-polygon against the profile's boundaries (shapely's
``contains_xy`` over the full, repaired outlines of ``data_access.domain.boundary_files``), and the H3 cell.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import shapely
from h3.api import basic_int

from data_access.domain.boundary_files import BoundaryFileError, load_boundaries
from data_access.domain.profile import Profile
from geo.boundaries import BoundarySet, city_outline, locate

H3_RESOLUTION = 9
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Boundaries:
    districts: BoundarySet | None   # None: the profile has no (usable) district boundaries
    city: object = None             # the city outline (prepared shapely geometry), when the profile has one

    @property
    def has_districts(self) -> bool:
        return self.districts is not None and not self.districts.frame.empty

    @classmethod
    def for_profile(cls, profile: Profile) -> Boundaries:
        files = (profile.boundaries_file, profile.city_boundary_file)
        stamp = tuple(f.stat().st_mtime if f and f.exists() else None for f in files)  # a replaced file is re-read
        return _boundaries(f"{profile.folder}|{stamp}", profile)

    @classmethod
    def read(cls, profile: Profile) -> Boundaries:
        districts = city = None
        try:
            if profile.boundaries_file and profile.boundaries_file.exists():
                districts = load_boundaries(profile.boundaries_file, profile.boundary_name_property,
                                            **profile.boundary_options)
            if profile.city_boundary_file and profile.city_boundary_file.exists():
                import geopandas as gpd

                city = shapely.union_all(np.asarray(
                    gpd.read_file(profile.city_boundary_file, engine="pyogrio").to_crs("EPSG:4326")
                    .geometry.make_valid().values))
        except (BoundaryFileError, OSError, ValueError) as exc:  # profile check names it; import without
            log.error("boundaries of profile %s unusable at import: %s", profile.key, exc)
        if city is None and districts is not None and not districts.frame.empty:
            city = city_outline(districts)
        if city is not None:
            shapely.prepare(city)
        return cls(districts, city)

    def locate(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """District name for each point (object array, None outside every district)."""
        if not self.has_districts:
            return np.full(len(lat), None, dtype=object)
        return locate(self.districts, lat, lon)

    def keep(self, lat: np.ndarray, lon: np.ndarray, located: np.ndarray) -> np.ndarray:
        """Which points are kept: inside a district when the profile has district boundaries; else inside the
        city outline when there is one; else every point on the globe (no boundaries: unbounded)."""
        on_globe = (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        if self.has_districts:
            return on_globe & np.not_equal(located, None)
        if self.city is not None:
            return on_globe & shapely.contains_xy(self.city, lon, lat)
        return on_globe


_CACHE: dict[str, Boundaries] = {}


def _boundaries(key: str, profile: Profile) -> Boundaries:
    """Boundaries read and prepared once per profile folder and process (the app imports many files)."""
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
