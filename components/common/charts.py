"""Pure figure builders: DataFrame in, plotly figure out. Russian labels, decimal comma, dates ДД.ММ."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.common.formatting import fmt_int

SEPARATORS = ", "  # decimal comma, space between thousands
CHANNEL_COLORS = ["#1f5fa8", "#e07b39", "#3a9b5c", "#8e5ab5", "#c44e52", "#6b7b8c", "#d4a017"]


def _base_layout(fig: go.Figure, *, height: int, y_title: str, x_title: str | None = None) -> go.Figure:
    fig.update_layout(
        separators=SEPARATORS, height=height, margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, title_text=""),
        yaxis_title=y_title, xaxis_title=x_title, hoverlabel=dict(namelength=-1),
    )
    fig.update_yaxes(tickformat=",d") if y_title else fig.update_xaxes(tickformat=",d")
    return fig


DAY_MS = 86_400_000
MONDAY = "2024-01-01"  # a Monday: week ticks fall on week starts, where the points are, not on plotly's Sundays


def week_axis(weeks, max_ticks: int = 12) -> dict:
    """Date-axis settings for points at week starts (``weeks``: their dates): ticks on Mondays, every k-th week so
    that at most ``max_ticks`` are written, dates ДД.ММ.ГГ. Plotly's own weekly ticks fall on Sundays, a day
    before each point («29.11.26» under the week of 30.11)."""
    n = len(set(pd.to_datetime(pd.Series(list(weeks))).dt.date)) if len(weeks) else 1
    k = max(1, -(-n // max_ticks))
    return dict(tick0=MONDAY, dtick=7 * k * DAY_MS, tickformat="%d.%m.%y")


def _links(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Drill-down URL and label columns if the caller added them (see components.common.drill_chart), else blanks."""
    blank = pd.Series([""] * len(df), index=df.index)
    return df.get("url", blank), df.get("link_label", blank)


def weekly_volume_chart(df: pd.DataFrame, *, height: int = 360) -> go.Figure:
    """Stacked bars of items per week and channel. ``df``: week (date), channel, items [, url, link_label]."""
    fig = go.Figure()
    for i, (channel, part) in enumerate(df.groupby("channel", sort=False)):
        url, label = _links(part)
        fig.add_bar(
            x=pd.to_datetime(part["week"]), y=part["items"], name=channel,
            marker_color=CHANNEL_COLORS[i % len(CHANNEL_COLORS)],
            customdata=list(zip(url, label, part["channel"])),
            hovertemplate="Неделя с %{x|%d.%m.%Y}<br>%{customdata[2]}: %{y:,d} обращ.<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat="%d.%m.%y", ticklabelmode="period")
    return _base_layout(fig, height=height, y_title="Обращений за неделю")


def top_topics_chart(df: pd.DataFrame, *, height: int = 360) -> go.Figure:
    """Horizontal bars of the top topics with the previous-period count in the hover.

    ``df``: topic, items, prev_items [, url, link_label]."""
    data = df.iloc[::-1]
    url, label = _links(data)
    growth = [(f"{(c / p - 1) * 100:+.0f} %".replace("-", "−") if p else "нет данных")
              for c, p in zip(data["items"], data["prev_items"])]
    fig = go.Figure(go.Bar(
        x=data["items"], y=data["topic"], orientation="h", marker_color="#1f5fa8",
        text=[fmt_int(v) for v in data["items"]], textposition="auto",
        customdata=list(zip(url, label, data["prev_items"], growth)),
        hovertemplate="%{y}<br>За период: %{x:,d}<br>За предыдущий: %{customdata[2]:,d} (%{customdata[3]})<extra></extra>",
    ))
    fig.update_yaxes(automargin=True)
    return _base_layout(fig, height=height, y_title=None, x_title="Обращений за период")
