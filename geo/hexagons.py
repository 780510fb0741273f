"""H3 cells into polygons for a deck.gl PolygonLayer (drawn without any H3 code in the browser)."""
from __future__ import annotations

import h3


def cell_polygon(cell: str) -> list[list[float]]:
    """The closed outline of an H3 cell (hex string) as ``[[lon, lat], …]``."""
    ring = [[round(lng, 6), round(lat, 6)] for lat, lng in h3.cell_to_boundary(cell)]
    return ring + ring[:1]


def cell_area_km2(resolution: int) -> float:
    """The average area of an H3 cell at ``resolution``, km²."""
    return h3.average_hexagon_area(resolution, unit="km^2")
