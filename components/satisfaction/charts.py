"""Pure figure builders of the satisfaction page: DataFrame in, plotly figure out (shares in %)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.common.charts import _base_layout, week_axis
from components.common.formatting import fmt_int, fmt_pct

RATING_COLORS = {1: "#c44e52", 2: "#e07b39", 3: "#d4a017", 4: "#8fbf6a", 5: "#3a9b5c"}


def _pct(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (part / whole.where(whole > 0) * 100).round(1)


def distribution_chart(counts: dict[int, int], *, height: int = 320) -> go.Figure:
    """Bars of ratings 1..5 with their count and share. ``counts``: rating -> number of rated answers."""
    total = sum(counts.values()) or 1
    ratings = [1, 2, 3, 4, 5]
    values = [counts.get(r, 0) for r in ratings]
    text = [f"{fmt_int(v)} ({fmt_pct(v / total)})" for v in values]
    fig = go.Figure(go.Bar(
        x=[str(r) for r in ratings], y=values, text=text, textposition="outside", cliponaxis=False,
        marker_color=[RATING_COLORS[r] for r in ratings], customdata=ratings,
        hovertemplate="Оценка %{x}: %{y:,d} ответов<extra></extra>"))
    fig.update_xaxes(type="category")
    fig.update_yaxes(range=[0, max(values + [1]) * 1.18])
    return _base_layout(fig, height=height, y_title="Оценённых ответов", x_title="Оценка жителя")


def share_chart(df: pd.DataFrame, target: float, *, height: int = 320) -> go.Figure:
    """Weekly share of ratings 4–5 among rated answers and share of answers rated at all, with the target line.
    ``df``: ``satisfaction.weekly`` (week, answered, rated, rated_good...)."""
    x = pd.to_datetime(df["week"])
    custom = df[["week"]].astype(str)
    fig = go.Figure()
    fig.add_scatter(x=x, y=_pct(df["rated_good"], df["rated"]), name="Оценки 4–5, % оценённых", mode="lines+markers",
                    line=dict(color="#3a9b5c", width=3), customdata=custom,
                    hovertemplate="Неделя с %{x|%d.%m.%Y}: %{y:.1f} % оценок 4–5<extra></extra>")
    fig.add_scatter(x=x, y=_pct(df["rated"], df["answered"]), name="Оценено, % ответов", mode="lines+markers",
                    line=dict(color="#6b7b8c", width=2, dash="dot"), customdata=custom,
                    hovertemplate="Неделя с %{x|%d.%m.%Y}: оценено %{y:.1f} % ответов<extra></extra>")
    fig.add_hline(y=target * 100, line=dict(color="#c44e52", dash="dash", width=1.5),
                  annotation_text=f"цель {target * 100:.0f} %".replace(".", ","), annotation_position="top left")
    fig.update_xaxes(**week_axis(df["week"]))
    fig.update_yaxes(range=[0, 100], ticksuffix=" %")
    return _base_layout(fig, height=height, y_title="Доля, %")


def rework_chart(df: pd.DataFrame, *, height: int = 300) -> go.Figure:
    """Weekly share of answers sent back for rework (reopened). ``df``: ``satisfaction.weekly``."""
    fig = go.Figure(go.Bar(
        x=pd.to_datetime(df["week"]), y=_pct(df["reworked"], df["answered"]), marker_color="#c44e52",
        customdata=df[["week", "reworked", "answered"]].astype(str),
        hovertemplate="Неделя с %{x|%d.%m.%Y}: %{y:.1f} % "
                      "(%{customdata[1]} из %{customdata[2]} ответов)<extra></extra>"))
    fig.update_xaxes(**week_axis(df["week"]))
    fig.update_yaxes(ticksuffix=" %")
    return _base_layout(fig, height=height, y_title="Возвращено на доработку, %")


def repeats_chart(df: pd.DataFrame, *, height: int = 300) -> go.Figure:
    """Weekly repeat complaints (bars) and their share of the located items (line, right axis).
    ``df``: ``satisfaction.repeats_weekly`` (week, located, repeats)."""
    x = pd.to_datetime(df["week"])
    custom = df[["week"]].astype(str)
    fig = go.Figure()
    fig.add_bar(x=x, y=df["repeats"], name="Повторных", marker_color="#8e5ab5", customdata=custom,
                hovertemplate="Неделя с %{x|%d.%m.%Y}: %{y:,d} повторных<extra></extra>")
    fig.add_scatter(x=x, y=_pct(df["repeats"], df["located"]), name="Доля повторных, %", yaxis="y2",
                    mode="lines+markers", line=dict(color="#1f5fa8", width=2), customdata=custom,
                    hovertemplate="Неделя с %{x|%d.%m.%Y}: %{y:.1f} % обращений с местом<extra></extra>")
    fig.update_xaxes(**week_axis(df["week"]))
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", showgrid=False, rangemode="tozero",
                                  ticksuffix=" %", title="Доля, %"))
    return _base_layout(fig, height=height, y_title="Повторных обращений")
