"""The card of one rated executor (or block, district): monthly trend, worst topics, overdue items."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.common.charts import _base_layout
from components.common.formatting import fmt_date, fmt_datetime, fmt_int, fmt_num, fmt_pct
from data_access.store.vocabulary import STATUSES
from data_access.metrics.registry import METRICS

MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
TREND_LINES = (("on_time", "В срок", "#1f5fa8"), ("substantive", "По существу", "#3a9b5c"),
               ("rated_good", "Оценки 4–5", "#e07b39"), ("reworked", "Доработка", "#c44e52"))


def month_label(day) -> str:
    return f"{MONTHS[day.month - 1]} {day:%y}"


def trend_chart(df: pd.DataFrame, *, height: int = 340) -> go.Figure:
    """Monthly shares (in %, right axis) of answers on time, on substance, rated 4–5 (of rated), sent back for
    rework, over grey bars of the answers (left axis). ``df``: ``rating.monthly_trend``."""
    x = [month_label(d) for d in df["month"]]
    custom = df[["month"]].astype(str)
    fig = go.Figure()
    fig.add_bar(x=x, y=df["answered"], name="Ответов", marker_color="#dfe4ea", customdata=custom,
                hovertemplate="%{x}: %{y:,d} ответов<extra></extra>")
    for col, name, color in TREND_LINES:
        base = {"rated_good": df["rated"], "on_time": df.get("on_time_base", df["answered"])}.get(col, df["answered"])
        share = (df[col] / base.where(base > 0) * 100).round(1)
        fig.add_scatter(x=x, y=share, name=name, mode="lines+markers", line=dict(color=color, width=2), yaxis="y2",
                        customdata=custom, hovertemplate=f"%{{x}}: {name} %{{y:.1f}} %<extra></extra>")
    fig = _base_layout(fig, height=height, y_title="Ответов за месяц")
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", range=[0, 105], ticksuffix=" %", title="Доля, %",
                                  showgrid=False, tickformat=".0f", dtick=20))
    return fig


TOPIC_HELP = {
    "Опозданий": METRICS["late"].method + " В скобках — число ответов.",
    "Просрочено": METRICS["overdue"].method,
    "Оценки 4–5": METRICS["rated_good"].method,
}


def topics_frame(df: pd.DataFrame, urls: list[str]) -> pd.DataFrame:
    """``rating.worst_topics`` as Russian text columns with a drill-down link per topic."""
    return pd.DataFrame({
        "Тема": df["topic"],
        "Опозданий": [f"{fmt_int(late)} из {fmt_int(n)}" for late, n in zip(df["late"], df["answered"])],
        "Просрочено": df["overdue_now"].map(fmt_int),
        "Оценки 4–5": [fmt_pct(g / r) if r else "нет оценок" for g, r in zip(df["rated_good"], df["rated"])],
        "Обращения": urls,
    })


def overdue_frame(df: pd.DataFrame, tz) -> pd.DataFrame:
    """``rating.overdue_items`` as Russian text columns (local dates, days overdue, status)."""
    return pd.DataFrame({
        "Номер": df["external_id"],
        "Поступило": [fmt_date(pd.Timestamp(t).tz_convert(tz)) for t in df["received_at"]],
        "Срок": [fmt_datetime(pd.Timestamp(t).tz_convert(tz)) for t in df["deadline"]],
        "Просрочено, дн.": df["days_overdue"].map(lambda v: fmt_num(float(v), 1)),
        "Тема": df["topic"].fillna("—"),
        "Район": df["district"].fillna("без района"),
        "Статус": df["status"].map(lambda s: STATUSES.get(s, s)),
    })
