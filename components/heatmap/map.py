"""The district map: a pure pydeck builder (districts, names, hot-spot hexagons, attribution) and its legend.

The map needs no tiles: boundaries are filled polygons on a plain background, so it works with no internet.
Streamlit draws deck.gl layers only after the basemap style has loaded, so a basemap that cannot be fetched
would leave the map empty: tiles are off unless ``MCU_MAP_TILES=1`` says the network reaches them, and then
they are decoration under the same layers.
"""
from __future__ import annotations

import html
import os

import pandas as pd
import pydeck as pdk
import streamlit as st

from components.common.formatting import fmt_int, fmt_num
from components.heatmap.measures import Measure, fmt_growth, growth_measure, legend_classes
from data_access.queries.growth import DEFAULT_COMPARISON
from geo.colors import NO_DATA, PURPLES, ColorScale, sequential_scale
from geo.districts import bounds, fit_view, join_features, label_points
from geo.hexagons import cell_polygon

DISTRICT_LAYER = "districts"
HEX_LAYER = "hot-spots"
ATTRIBUTION = "© участники OpenStreetMap"
MAP_HEIGHT = 600
MAP_WIDTH_GUESS = 780  # the map column at 1920 px; the initial zoom fits the city into it


def top_topics_by_district(cube: pd.DataFrame, topic_names: dict[int, str], n: int = 3) -> dict[int, str]:
    """Lines «  Тема — N» of the ``n`` topics with most items in each district, from a (district, topic) cube."""
    rows = cube[cube["items"] > 0].sort_values(["district_id", "items", "row_id"], ascending=[True, False, True])
    out = {}
    for district_id, part in rows.groupby("district_id", sort=False):
        out[int(district_id)] = "\n".join(f"  {topic_names.get(int(t), 'без темы')} — {fmt_int(c)}"
                                           for t, c in zip(part["row_id"].head(n), part["items"].head(n)))
    return out


def district_props(figures: pd.DataFrame, measure: Measure, scale: ColorScale, top_topics: dict[int, str],
                   selected: tuple[int, ...] = (), alpha: int = 210,
                   growth_label: str | None = None) -> dict[str, dict]:
    """Properties of each district feature: ids, the value, its fill colour and the tooltip text.

    Districts left out by the filter bar's district selection (``selected``) are drawn grey; ``alpha`` lowers
    the fill under the hot-spot cells; ``growth_label`` names the growth's comparison (default: the heat map's).
    """
    growth_label = growth_label or growth_measure(DEFAULT_COMPARISON).label
    out = {}
    for row in figures.itertuples(index=False):
        value = getattr(row, measure.key)
        chosen = not selected or row.district_id in selected
        lines = [f"{row.district} район",
                 f"{measure.label}: {measure.fmt(value)}" if chosen else "не выбран в фильтре «Районы»",
                 f"Поступило: {fmt_int(row.items)} · на 1 000 жителей: {fmt_num(row.per_1000, 2)}",
                 f"{growth_label}: {fmt_growth(row.growth)}",
                 f"Главные темы:\n{top_topics.get(int(row.district_id), '  нет обращений')}"]
        out[row.district] = {
            "district_id": int(row.district_id),
            "value": None if pd.isna(value) else float(value),
            "label": f"{row.district}\n{measure.fmt(value)}" if chosen else row.district,
            "fill": scale.rgba(value, alpha) if chosen else [*NO_DATA, min(alpha, 120)],
            "tooltip": "\n".join(lines),
        }
    return out


def hex_scale(cells: pd.DataFrame) -> ColorScale:
    """The colour scale of hot-spot cells by items (purples, from zero)."""
    return sequential_scale(cells["items"], floor_zero=True, palette=PURPLES)


def hex_rows(cells: pd.DataFrame, district_names: dict[int, str], area_km2: float) -> list[dict]:
    """Layer rows of hot-spot cells (cell, items, address, district_id): outline, colour by items, tooltip."""
    if cells.empty:
        return []
    scale = hex_scale(cells)
    rows = []
    for c in cells.itertuples(index=False):
        rows.append({
            "cell": c.cell, "items": int(c.items), "polygon": cell_polygon(c.cell), "fill": scale.rgba(c.items, 230),
            "tooltip": f"Горячая точка (ячейка ≈ {fmt_num(area_km2, 2)} км²)\nОбращений за период: {fmt_int(c.items)}\n"
                       f"Чаще всего: {c.address or 'адрес не указан'}\n"
                       f"{district_names.get(c.district_id, 'без района')} район",
        })
    return rows


def tiles_enabled() -> bool:
    """Whether to put the default basemap under the layers (``MCU_MAP_TILES=1``; off by default: offline)."""
    return os.environ.get("MCU_MAP_TILES", "0").strip().lower() in ("1", "true", "yes")


def district_deck(geojson: dict, props: dict[str, dict], hexes: list[dict] | None = None, *,
                  tiles: bool = False) -> pdk.Deck:
    """The map: filled district boundaries (pickable, id «districts»), their names and values, optionally the
    hot-spot hexagons (id «hot-spots») and the OpenStreetMap attribution; no basemap is required."""
    data = join_features(geojson, props)
    for feature in data["features"]:
        feature["properties"].setdefault("fill", [*NO_DATA, 120])
        feature["properties"].setdefault("tooltip", feature["properties"]["district"])
    box = bounds(geojson)
    labels = [{**p, "label": props.get(p["district"], {}).get("label", p["district"])} for p in label_points(geojson)]
    layers = [pdk.Layer("GeoJsonLayer", data=data, id=DISTRICT_LAYER, pickable=True, auto_highlight=True,
                        stroked=True, filled=True, get_fill_color="properties.fill", get_line_color=[70, 70, 70, 255],
                        line_width_min_pixels=1.5, highlight_color=[31, 95, 168, 90])]
    if hexes:
        layers.append(pdk.Layer("PolygonLayer", data=hexes, id=HEX_LAYER, pickable=True, stroked=True, filled=True,
                                get_polygon="polygon", get_fill_color="fill", get_line_color=[255, 255, 255, 230],
                                line_width_min_pixels=1))
    layers.append(pdk.Layer("TextLayer", data=labels, id="district-names", get_position="position", get_text="label",
                            character_set="'auto'", get_size=14, size_units="'pixels'", get_color=[20, 20, 20, 255],
                            background=True, get_background_color=[255, 255, 255, 200], background_padding=[4, 2],
                            font_family="'sans-serif'", font_weight=600, line_height=1.1))
    layers.append(pdk.Layer("TextLayer", data=[{"position": [box[2], box[1]], "text": ATTRIBUTION}], id="attribution",
                            get_position="position", get_text="text", character_set="'auto'", get_size=11,
                            size_units="'pixels'", get_color=[60, 60, 60, 255], get_text_anchor="'end'",
                            get_alignment_baseline="'bottom'", background=True,
                            get_background_color=[255, 255, 255, 210], font_family="'sans-serif'"))
    view = fit_view(box, MAP_WIDTH_GUESS, MAP_HEIGHT)
    # map_provider=None keeps pydeck's «no style» marker, on which Streamlit draws no basemap at all;
    # map_style=None lets Streamlit pick its themed basemap (fetched from the internet).
    basemap = {"map_style": None} if tiles else {"map_provider": None}
    return pdk.Deck(layers=layers, **basemap, initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
                    tooltip={"text": "{tooltip}", "style": {"whiteSpace": "pre-line", "fontSize": "13px"}})


# deck.gl draws its tooltip inside two boxes with overflow: hidden, so a tooltip near the map's right or bottom
# edge was cut by the frame; let it overflow the map and stay above what follows (legend, right column).
TOOLTIP_CSS = """<style>
[data-testid="stDeckGlJsonChart"] > div, [data-testid="stDeckGlJsonChart"] .deck-widgets-root > div {
  overflow: visible !important; }
[data-testid="stDeckGlJsonChart"] .deck-tooltip { z-index: 1000 !important; }
</style>"""

HEX_MEASURE = Measure("items", "Горячие точки", "обращений в ячейке за период", "", fmt_int)


def _swatch(color: str, label: str) -> str:
    return (f'<span style="display:inline-flex;align-items:center;margin:2px 14px 2px 0">'
            f'<span style="width:26px;height:14px;background:{color};border:1px solid #777;margin-right:6px"></span>'
            f'{html.escape(label)}</span>')


def legend_html(measure: Measure, scale: ColorScale, hex_scale: ColorScale | None = None) -> str:
    """The legend: title with units, one swatch per class, grey for districts outside the filter, and the
    hot-spot cells' scale when they are shown."""
    grey = f"rgb({NO_DATA[0]},{NO_DATA[1]},{NO_DATA[2]})"
    items = "".join(_swatch(c, label) for c, label in legend_classes(measure, scale))
    items += _swatch(grey, "нет данных / не выбран")
    out = f"<b>{html.escape(measure.label)}</b>, {html.escape(measure.unit)}<br>{items}"
    if hex_scale is not None:
        cells = "".join(_swatch(c, label) for c, label in legend_classes(HEX_MEASURE, hex_scale))
        out += f"<br><b>{HEX_MEASURE.label}</b>, {HEX_MEASURE.unit}<br>{cells}"
    return f'<div style="font-size:14px;line-height:1.6">{out}</div>'


def render_legend(measure: Measure, scale: ColorScale, hex_scale: ColorScale | None = None) -> None:
    """The legend under the map (and the style that keeps the map's tooltip whole)."""
    st.html(TOOLTIP_CSS + legend_html(measure, scale, hex_scale))
