"""Demo addresses: straight streets of houses inside each district, with H3 cells and hot-spot weights."""
from __future__ import annotations

from dataclasses import dataclass

import h3
import numpy as np
import shapely
from shapely.geometry import shape

from data_access.demo.spec import DemoSpec
from data_access.domain.profile import Profile

H3_RESOLUTION = 9


@dataclass(frozen=True)
class Buildings:
    """The address pool: one row per building, with its district, coordinates and H3 cell."""

    district: np.ndarray  # index into profile.districts
    street: list
    address: list
    lat: np.ndarray
    lon: np.ndarray
    cell: np.ndarray      # H3 cell (int64)
    weight: np.ndarray    # how often people there write (hot spots weigh more)


def buildings(profile: Profile, spec: DemoSpec, rng: np.random.Generator) -> Buildings:
    geo = profile.boundary_geojson() or {"features": []}
    polygons = {f["properties"]["district"]: shape(f["geometry"]) for f in geo["features"]}
    district, street, address, lat, lon = [], [], [], [], []
    for k, d in enumerate(profile.districts):
        poly = polygons.get(d.name)
        if poly is None:
            continue
        shapely.prepare(poly)
        minx, miny, maxx, maxy = poly.bounds
        for name in spec.streets[d.name]:
            for _attempt in range(50):  # a street: a straight run of houses from a point inside the district
                x0, y0 = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
                if shapely.contains_xy(poly, x0, y0):
                    break
            bearing = rng.uniform(0, np.pi)
            steps = np.arange(60) * 45.0  # houses every 45 m
            xs = x0 + steps * np.cos(bearing) / (111_320 * np.cos(np.radians(y0)))
            ys = y0 + steps * np.sin(bearing) / 110_540
            inside = shapely.contains_xy(poly, xs, ys)
            for number, (x, y) in enumerate(zip(xs[inside], ys[inside]), 1):
                district.append(k)
                street.append(name)
                address.append(f"{name}, д. {number}")
                lon.append(round(float(x), 6))
                lat.append(round(float(y), 6))
    lat_a, lon_a = np.array(lat, dtype=float), np.array(lon, dtype=float)
    cells = np.array([h3.str_to_int(h3.latlng_to_cell(a, o, H3_RESOLUTION)) for a, o in zip(lat_a, lon_a)],
                     dtype=np.int64)
    weight = np.ones(len(lat_a))
    district_a = np.array(district, dtype=int)
    for k in range(len(profile.districts)):  # three hot-spot buildings per district
        idx = np.flatnonzero(district_a == k)
        if len(idx):
            weight[rng.choice(idx, size=min(3, len(idx)), replace=False)] = 60.0
    return Buildings(district_a, street, address, lat_a, lon_a, cells, weight)
