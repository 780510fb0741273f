"""Pure figure builders of the «Сроки» page. Every trace carries the drill-down URL of each point in
``customdata[0]`` and a Russian label of what opens in ``customdata[1]`` (see ``drill_chart.selected_links``)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.common.charts import CHANNEL_COLORS, _base_layout, week_axis
from components.common.formatting import fmt_int, fmt_pct
from data_access.metrics.registry import AGE_COLUMNS, AGE_LABELS as METRIC_AGE_LABELS

AGE_LABELS = {AGE_COLUMNS[k]: label for k, label in METRIC_AGE_LABELS.items()}  # one definition: data_access.metrics.registry
AGE_COLORS = {"age_0_1": "#f2c14e", "age_1_3": "#ee8a3a", "age_3_7": "#d2452b", "age_7p": "#7f1616"}
TARGET_COLOR = "#3a3a3a"


def channel_color(channel_id: int) -> str:
    """The channel's colour, the same on every chart (by its id)."""
    return CHANNEL_COLORS[(int(channel_id) - 1) % len(CHANNEL_COLORS)]


def on_time_chart(df: pd.DataFrame, targets: dict[str, float], *, grain: str = "week", height: int = 380) -> go.Figure:
    """Lines of the on-time share per channel by week or month, with the target lines.

    ``df``: start, end (dates), channel_id, channel (name), answered, on_time, share (0..1), url, link_label.
    ``targets``: channel name -> target share; a target shared by all channels is drawn once.
    """
    fig = go.Figure()
    period = "Неделя" if grain == "week" else "Месяц"
    for channel_id, part in df.groupby("channel_id", sort=True):
        part = part.sort_values("start")
        name = part["channel"].iloc[0]
        span = [f"{s:%d.%m}–{e:%d.%m.%Y}" for s, e in zip(part["start"], part["end"])]
        fig.add_scatter(
            x=pd.to_datetime(part["start"]), y=part["share"] * 100, name=name, mode="lines+markers",
            line=dict(color=channel_color(channel_id), width=2), marker=dict(size=8),
            customdata=list(zip(part["url"], part["link_label"], span, part["on_time"], part["answered"])),
            hovertemplate=(f"{period} %{{customdata[2]}}<br>{name}: %{{y:.1f}} % в срок"
                           "<br>%{customdata[3]:,d} из %{customdata[4]:,d} ответов<extra></extra>"),
        )
    shared = {round(v, 4) for v in targets.values()}
    if len(shared) == 1:
        value = shared.pop()
        fig.add_hline(y=value * 100, line=dict(color=TARGET_COLOR, dash="dash", width=1.5),
                      annotation_text=f"цель {fmt_pct(value, 0)}", annotation_position="top left")
    else:
        for channel_id, name in df[["channel_id", "channel"]].drop_duplicates().itertuples(index=False):
            if name in targets:
                fig.add_hline(y=targets[name] * 100, line=dict(color=channel_color(channel_id), dash="dash", width=1),
                              annotation_text=f"цель: {name} {fmt_pct(targets[name], 0)}")
    if grain == "week":
        fig.update_xaxes(**week_axis(df["start"]))
    else:
        fig.update_xaxes(tickformat="%m.%Y", dtick="M1")
    _base_layout(fig, height=height, y_title="Ответов в срок, %")
    fig.update_yaxes(range=[0, 102], tickformat=".0f", ticksuffix=" %")
    fig.update_layout(hovermode="closest", clickmode="event+select")
    return fig


def overdue_chart(df: pd.DataFrame, *, height: int | None = None) -> go.Figure:
    """Horizontal stacked bars of items overdue now by age bucket, the largest total on top.

    ``df``: name, age_0_1, age_1_3, age_3_7, age_7p, total, and per bucket ``url_<bucket>``, ``label_<bucket>``.
    """
    data = df.sort_values("total", ascending=True)
    fig = go.Figure()
    for col, label in AGE_LABELS.items():
        fig.add_bar(
            y=data["name"], x=data[col], orientation="h", name=f"{label} после срока", marker_color=AGE_COLORS[col],
            customdata=list(zip(data[f"url_{col}"], data[f"label_{col}"], data["total"])),
            hovertemplate=f"%{{y}}<br>{label} после срока: %{{x:,d}} из %{{customdata[2]:,d}}<extra></extra>",
        )
    totals = [fmt_int(v) for v in data["total"]]
    fig.add_scatter(y=data["name"], x=data["total"], mode="text", text=totals,
                    textposition="middle right", showlegend=False, hoverinfo="skip", textfont=dict(size=12))
    fig.update_layout(barmode="stack", clickmode="event+select", legend_traceorder="normal")
    fig.update_yaxes(automargin=True)
    fig.update_xaxes(range=[0, max(1, int(data["total"].max() if len(data) else 1)) * 1.12])
    return _base_layout(fig, height=height or max(220, 90 + 30 * len(data)), y_title=None,
                        x_title="Просрочено сейчас, обращений")
