"""The topics (or sectors) × districts matrix, the BI ЦУР view: a pure frame builder and a plotly heat map."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.common.charts import SEPARATORS
from components.heatmap.measures import Measure
from data_access.queries.heatmap import with_rates
from geo.colors import BLUE_RED, YL_OR_RD

ROW_NAMES = {"topic": "Темы", "sector": "Отраслевые блоки"}


def matrix_frame(cube: pd.DataFrame, districts: pd.DataFrame, row_names: dict[int, str]) -> pd.DataFrame:
    """One row per (district, row) with counts and rates, every district × every row that has items.

    ``cube``: district_id, row_id, counts (``data_access.queries.heatmap.territory_cube``); ``districts``: id, name,
    population. Adds district, row (name; «без темы» for −1), row_total and district_total (items), and
    sorts by them, largest first.
    """
    df = cube.merge(districts.rename(columns={"id": "district_id", "name": "district"})[
        ["district_id", "district", "population"]], on="district_id", how="inner")
    df = with_rates(df)
    df["row"] = df["row_id"].map(lambda i: row_names.get(int(i), "Без темы"))
    df["row_total"] = df.groupby("row_id")["items"].transform("sum")
    df["district_total"] = df.groupby("district_id")["items"].transform("sum")
    return df.sort_values(["row_total", "row", "district_total", "district"],
                          ascending=[False, True, False, True]).reset_index(drop=True)


def matrix_grid(frame: pd.DataFrame, measure: Measure) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(values, ids): rows × districts of the measure, ordered by totals; ids hold «district_id,row_id»."""
    rows = list(dict.fromkeys(frame["row"]))
    cols = list(dict.fromkeys(frame.sort_values(["district_total", "district"], ascending=[False, True])["district"]))
    values = frame.pivot_table(index="row", columns="district", values=measure.key, aggfunc="first", dropna=False)
    values = values.reindex(index=rows, columns=cols)
    if measure.key in ("items", "overdue", "per_1000"):  # no items there: zero, not «no data»
        values = values.fillna(0.0)
    district_ids = dict(zip(frame["district"], frame["district_id"]))
    row_ids = dict(zip(frame["row"], frame["row_id"]))
    ids = pd.DataFrame([[(int(district_ids[c]), int(row_ids[r])) for c in cols] for r in rows],
                       index=rows, columns=cols)
    return values, ids


def _colorscale(measure: Measure) -> list:
    palette = BLUE_RED if measure.kind == "diverging" else YL_OR_RD[::-1] if measure.kind == "reverse" else YL_OR_RD
    n = len(palette) - 1
    return [[i / n, f"rgb{c}"] for i, c in enumerate(palette)]


def matrix_figure(values: pd.DataFrame, ids: pd.DataFrame, measure: Measure, rows: str = "topic") -> go.Figure:
    """A heat map with the value written in every cell; rows top-down by total, districts left-right by total.

    Streamlit reports no selection for a click on a heat-map trace (streamlit/streamlit#8760), so every cell
    also carries an invisible marker of a scatter trace at its centre, and the figure picks the nearest marker
    wherever the click lands (``hoverdistance=-1``: on a rectangular grid the nearest centre is the clicked
    cell's). ``customdata`` of a cell (heat map and marker alike) is ``[district_id, row_id]`` (read back by
    ``slice_from_matrix``).
    """
    z = values.to_numpy(dtype="float64")
    text = [[measure.fmt(v) if not math.isnan(v) else "" for v in row] for row in z]
    customdata = [[list(cell) for cell in row] for row in ids.to_numpy()]
    finite = z[~np.isnan(z)]
    kw = {}
    if measure.kind == "diverging" and finite.size:
        top = float(np.nanpercentile(np.abs(finite), 95)) or 1.0
        kw = dict(zmid=0, zmin=-top, zmax=top)
    fig = go.Figure(go.Heatmap(
        z=z, x=list(values.columns), y=list(values.index), text=text, texttemplate="%{text}",
        textfont=dict(size=12), customdata=customdata,
        colorscale=_colorscale(measure), xgap=2, ygap=2, hoverongaps=False, hoverinfo="skip",
        colorbar=dict(title=dict(text=measure.unit, side="right"), thickness=14), **kw,
    ))
    cells = [(c, r, t, d) for r, t_row, d_row in zip(values.index, text, customdata)
             for c, t, d in zip(values.columns, t_row, d_row)]
    fig.add_trace(go.Scatter(
        x=[c[0] for c in cells], y=[c[1] for c in cells], text=[c[2] or "нет данных" for c in cells],
        customdata=[c[3] for c in cells], mode="markers", showlegend=False, name="",
        marker=dict(symbol="square", size=18, opacity=0), selected=dict(marker=dict(opacity=0)),
        unselected=dict(marker=dict(opacity=0)),
        hovertemplate=f"%{{y}} · %{{x}} район<br>{measure.label}: %{{text}}<br>Щелчок — подробная панель<extra></extra>",
    ))
    height = max(260, 28 * len(values.index) + 130)
    fig.update_layout(separators=SEPARATORS, height=height, margin=dict(l=10, r=10, t=70, b=10),
                      hoverlabel=dict(namelength=-1), hovermode="closest", hoverdistance=-1)
    fig.update_xaxes(side="top", tickangle=0, automargin=True, tickfont=dict(size=13))
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont=dict(size=13), title_text=ROW_NAMES[rows])
    return fig
