"""District boundaries into deck.gl layer data: features joined with figures, label points, the map view."""
from __future__ import annotations

import math

from shapely.geometry import shape


def join_features(geojson: dict, props_by_district: dict[str, dict]) -> dict:
    """A FeatureCollection of the boundaries whose properties are ``district`` plus the props of that district
    (by name); boundaries without props are kept with ``missing: True`` so that they are drawn grey."""
    features = []
    for feature in geojson.get("features", []):
        name = feature.get("properties", {}).get("district")
        extra = props_by_district.get(name)
        props = {"district": name, "missing": extra is None, **(extra or {})}
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": props})
    return {"type": "FeatureCollection", "features": features}


def label_points(geojson: dict) -> list[dict]:
    """One point inside each district (for its name on the map): ``{"district", "position": [lon, lat]}``."""
    out = []
    for feature in geojson.get("features", []):
        point = shape(feature["geometry"]).representative_point()
        out.append({"district": feature["properties"].get("district"), "position": [point.x, point.y]})
    return out


def bounds(geojson: dict) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of all features."""
    boxes = [shape(f["geometry"]).bounds for f in geojson.get("features", [])]
    if not boxes:
        raise ValueError("no features")
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def fit_view(box: tuple[float, float, float, float], width_px: int, height_px: int,
             padding: float = 0.06) -> dict:
    """Centre and Web-Mercator zoom that fit ``box`` into a ``width_px`` × ``height_px`` map."""
    min_lon, min_lat, max_lon, max_lat = box

    def merc_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = math.radians(max_lon - min_lon) or 1e-6
    span_y = (merc_y(max_lat) - merc_y(min_lat)) or 1e-6
    usable = 1 - 2 * padding
    # at zoom z the world (2π in Mercator units) is 512 · 2^z pixels wide
    zoom_x = math.log2(width_px * usable * 2 * math.pi / (512 * span_x))
    zoom_y = math.log2(height_px * usable * 2 * math.pi / (512 * span_y))
    center_y = (merc_y(max_lat) + merc_y(min_lat)) / 2
    center_lat = math.degrees(2 * math.atan(math.exp(center_y)) - math.pi / 2)
    return {"longitude": (min_lon + max_lon) / 2, "latitude": center_lat, "zoom": round(min(zoom_x, zoom_y), 2)}
