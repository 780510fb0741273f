"""The district map of the meeting screen: a pure pydeck builder with large labels, no tooltips, no tiles.

The colours and labels come from the heat-map page's ``district_props``; only the sizes differ (a wall
is read from five metres).
"""
from __future__ import annotations

import math

import pydeck as pdk

from components.heatmap.map import ATTRIBUTION
from components.common.text_width import text_px
from geo.colors import NO_DATA
from geo.districts import bounds, fit_view, join_features, label_points


def screen_deck(geojson: dict, props: dict[str, dict], width_px: int, height_px: int, *,
                label_px: int = 26) -> pdk.Deck:
    """Filled district boundaries with «name / value» labels of ``label_px`` pixels, fitted into a
    ``width_px`` × ``height_px`` map (the size it is drawn at)."""
    data = join_features(geojson, props)
    for feature in data["features"]:
        feature["properties"].setdefault("fill", [*NO_DATA, 120])
    box = bounds(geojson)
    labels = [{**p, "label": props.get(p["district"], {}).get("label", p["district"])} for p in label_points(geojson)]
    view = fit_view(box, width_px, height_px, padding=0.03)
    for label, offset in zip(labels, spread_labels(labels, view, label_px)):
        label["offset"] = offset
    layers = [
        pdk.Layer("GeoJsonLayer", data=data, id="screen-districts", stroked=True, filled=True,
                  get_fill_color="properties.fill", get_line_color=[0, 0, 0, 255], line_width_min_pixels=2),
        pdk.Layer("TextLayer", data=labels, id="screen-district-names", get_position="position", get_text="label",
                  character_set="'auto'", get_size=label_px, size_units="'pixels'", get_color=[0, 0, 0, 255],
                  background=True, get_background_color=[255, 255, 255, 235], background_padding=[6, 3],
                  font_family="'sans-serif'", font_weight=700, line_height=1.1, get_pixel_offset="offset"),
        pdk.Layer("TextLayer", data=[{"position": [box[2], box[1]], "text": ATTRIBUTION}], id="screen-attribution",
                  get_position="position", get_text="text", character_set="'auto'", get_size=max(12, label_px // 2),
                  size_units="'pixels'", get_color=[40, 40, 40, 255], get_text_anchor="'end'",
                  get_alignment_baseline="'bottom'", font_family="'sans-serif'"),
    ]
    return pdk.Deck(layers=layers, map_provider=None, initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
                    tooltip=False)


BOLD_PX = 1.15  # the wall's bold sans-serif is wider than the grid's «Source Sans» (measured 1.11 ×)


def label_boxes(labels: list[dict], view: dict, label_px: int) -> list[tuple[float, float, float, float]]:
    """(centre x, centre y, width, height) in screen pixels, from the map's centre, of each label's box (text and
    background padding) at ``view`` (``fit_view``): Web Mercator, 512 · 2^zoom pixels around the world."""
    scale = 512 * 2 ** view["zoom"] / (2 * math.pi)
    merc = lambda lon, lat: (math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))
    cx, cy = merc(view["longitude"], view["latitude"])
    out = []
    for label in labels:
        x, y = merc(*label["position"])
        lines = str(label["label"]).split("\n")
        w = max(text_px(line) for line in lines) * label_px / 14 * BOLD_PX + 2 * 6
        h = len(lines) * label_px * 1.1 + 2 * 3
        out.append(((x - cx) * scale, -(y - cy) * scale, w, h))
    return out


def spread_labels(labels: list[dict], view: dict, label_px: int, gap: float = 4) -> list[list[float]]:
    """Pixel offsets [dx, dy] that move overlapping labels apart vertically (the upper one up, the lower one down,
    half the overlap each), so that «Октябрьский» and «Железнодорожный» do not print over each other."""
    boxes = label_boxes(labels, view, label_px)
    dy = [0.0] * len(boxes)
    for _ in range(20):
        moved = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                (xi, yi, wi, hi), (xj, yj, wj, hj) = boxes[i], boxes[j]
                yi, yj = yi + dy[i], yj + dy[j]
                if abs(xi - xj) >= (wi + wj) / 2 + gap:
                    continue
                overlap = (hi + hj) / 2 + gap - abs(yi - yj)
                if overlap <= 0:
                    continue
                up, down = (i, j) if yi <= yj else (j, i)
                dy[up] -= overlap / 2
                dy[down] += overlap / 2
                moved = True
        if not moved:
            break
    return [[0.0, round(d, 1)] for d in dy]
