"""Districts without a map: a ranked bar chart in place of the choropleth, and hot spots drawn on their own.

A profile without a boundaries file still names its districts (by name in the population file); the heat map
and the meeting screen then rank the districts by the chosen measure, coloured with the same scale as the map
would use, and the hot-spot cells (from the items' own coordinates) are drawn over a blank background fitted
to the cells themselves.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from components.heatmap.measures import Measure
from components.heatmap.selection import clicked_customdata
from geo.colors import NO_DATA, ColorScale
from geo.districts import fit_view

NO_MAP_NOTE = ("Границ районов в профиле муниципалитета нет: районы показаны рейтингом по выбранному показателю "
               "вместо карты.")


def ranked_districts(figures: pd.DataFrame, measure: Measure, selected: tuple[int, ...] = ()) -> pd.DataFrame:
    """The districts (all, or those ``selected`` in the filter bar) ordered by ``measure``, highest first; districts
    without a value (NaN: no previous count, no answers) last, then by name."""
    shown = figures[figures["district_id"].isin(selected)] if selected else figures
    return shown.sort_values([measure.key, "items", "district"], ascending=[False, False, True],
                             na_position="last").reset_index(drop=True)


def _rgb(color: list[int]) -> str:
    return f"rgba({color[0]},{color[1]},{color[2]},{color[3] / 255:.2f})"


def ranking_figure(ranked: pd.DataFrame, measure: Measure, scale: ColorScale, *, font_px: int = 13,
                   height_px: int | None = None) -> go.Figure:
    """Horizontal bars of ``ranked`` (from ``ranked_districts``): one per district, the top one on top, coloured
    by ``scale`` as the map would colour it; ``customdata`` is ``[district_id]`` (a click opens the district)."""
    values = [None if pd.isna(v) else float(v) for v in ranked[measure.key]]
    colors = [_rgb(scale.rgba(v, 230)) if v is not None else _rgb([*NO_DATA, 160]) for v in values]
    labels = [measure.fmt(v) for v in values]
    fig = go.Figure(go.Bar(
        x=[0 if v is None else v for v in values], y=ranked["district"].tolist(), orientation="h",
        marker={"color": colors, "line": {"color": "#555", "width": 1}}, text=labels, textposition="outside",
        textfont={"size": font_px},
        customdata=[[int(i)] for i in ranked["district_id"]],
        hovertemplate="%{y}<br>" + measure.label + ": %{text}<extra></extra>", cliponaxis=False))
    fig.update_layout(
        height=height_px or max(220, 48 * len(ranked) + 80), margin={"l": 10, "r": 60, "t": 10, "b": 30},
        font={"size": font_px}, showlegend=False, clickmode="event+select", separators=", ",
        xaxis={"title": {"text": f"{measure.label}, {measure.unit}", "font": {"size": font_px}}, "rangemode": "tozero",
               "tickfont": {"size": max(11, font_px - 2)}},
        yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": font_px}})
    return fig


def slice_district_from_ranking(state) -> int | None:
    """The district id of the bar clicked in ``ranking_figure`` (the ``st.plotly_chart`` selection), or None."""
    data = clicked_customdata(state)
    try:
        return int(data[0])
    except (TypeError, ValueError, IndexError):
        return None


def hex_bounds(hexes: list[dict]) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of the hot-spot cells' outlines."""
    lons = [p[0] for h in hexes for p in h["polygon"]]
    lats = [p[1] for h in hexes for p in h["polygon"]]
    return min(lons), min(lats), max(lons), max(lats)


def hex_deck(hexes: list[dict], width_px: int, height_px: int, *, layer_id: str = "hot-spots") -> pdk.Deck:
    """Hot-spot cells alone (no district boundaries to draw them over), fitted to the cells, no tiles."""
    layers = [pdk.Layer("PolygonLayer", data=hexes, id=layer_id, pickable=True, stroked=True, filled=True,
                        get_polygon="polygon", get_fill_color="fill", get_line_color=[90, 90, 90, 230],
                        line_width_min_pixels=1)]
    view = fit_view(hex_bounds(hexes), width_px, height_px)
    return pdk.Deck(layers=layers, map_provider=None, initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
                    tooltip={"text": "{tooltip}", "style": {"whiteSpace": "pre-line", "fontSize": "13px"}})
