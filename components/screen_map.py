"""The district map of the meeting screen: a pure pydeck builder with large labels, no tooltips, no tiles.

The colours and labels come from the heat-map page's ``district_props``; only the sizes differ (a wall
is read from five metres).
"""
from __future__ import annotations

import pydeck as pdk

from components.heatmap_map import ATTRIBUTION
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
    layers = [
        pdk.Layer("GeoJsonLayer", data=data, id="screen-districts", stroked=True, filled=True,
                  get_fill_color="properties.fill", get_line_color=[0, 0, 0, 255], line_width_min_pixels=2),
        pdk.Layer("TextLayer", data=labels, id="screen-district-names", get_position="position", get_text="label",
                  character_set="'auto'", get_size=label_px, size_units="'pixels'", get_color=[0, 0, 0, 255],
                  background=True, get_background_color=[255, 255, 255, 235], background_padding=[6, 3],
                  font_family="'sans-serif'", font_weight=700, line_height=1.1),
        pdk.Layer("TextLayer", data=[{"position": [box[2], box[1]], "text": ATTRIBUTION}], id="screen-attribution",
                  get_position="position", get_text="text", character_set="'auto'", get_size=max(12, label_px // 2),
                  size_units="'pixels'", get_color=[40, 40, 40, 255], get_text_anchor="'end'",
                  get_alignment_baseline="'bottom'", font_family="'sans-serif'"),
    ]
    view = fit_view(box, width_px, height_px, padding=0.03)
    return pdk.Deck(layers=layers, map_provider=None, initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
                    tooltip=False)
