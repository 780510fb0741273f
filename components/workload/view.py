"""Pure builders of «Загрузка блоков»: the summary table (growing blocks first), the daily flow chart, the
12-month backlog trend and the forecast chart. Figures come from ``data_access.queries.workload`` and
``data_access.queries.forecast``; labels and methods from the metric registry."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from components.common.charts import CHANNEL_COLORS, _base_layout
from components.common.drilldown import drill_url
from components.common.formatting import fmt_int, fmt_num
from data_access.metrics.filters import Filters
from data_access.queries.forecast import forecast_weekly
from data_access.metrics.registry import BACKLOG_AGE_BUCKETS, BACKLOG_AGE_LABELS, METRICS
from data_access.store.reference import Reference
from data_access.queries.workload import NO_GROUP, age_column, keeps_growing, last_full_week_end, per_staff

GROUP_NAMES = {"sector": "по блокам", "executor": "по исполнителям"}
GROUP_TITLE = {"sector": "Блок", "executor": "Исполнитель"}
NONE_NAME = {"sector": "без блока", "executor": "без исполнителя"}
ALL = "all"
# The regulation's wording (seed 003 §2.4): the МЦУ keeps account of each block's workload and proposes to
# strengthen the structure.
SUGGESTION = ("Остаток растёт: по п. 2.4 положения о МЦУ — учесть уровень занятости {whose} и подготовить "
              "предложения по усилению структуры (перераспределение обращений, дополнительные сотрудники).")
WHOSE = {"sector": "блока", "executor": "исполнителя и его блока"}
FLOW_COLORS = {"inflow": "#1f5fa8", "outflow": "#3a9b5c", "resolved": "#8e5ab5", "backlog": "#c44e52",
               "forecast": "#e07b39"}


def group_names(ref: Reference, by: str) -> dict[int, str]:
    names = ref.names("sectors" if by == "sector" else "executors")
    return {**{int(k): v for k, v in names.items()}, NO_GROUP: NONE_NAME[by]}


def forecasts(weekly: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The 4-week forecast per group: group_id, week, forecast, method, years (``forecast.forecast_weekly``)."""
    last = last_full_week_end(f) - timedelta(days=6)
    frames = [forecast_weekly(part.set_index("week")["items"], last).assign(group_id=int(gid))
              for gid, part in weekly.groupby("group_id")]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["week", "forecast", "method", "years", "group_id"])


def summary(series: pd.DataFrame, ages: pd.DataFrame, fc: pd.DataFrame, f: Filters, by: str,
            staff: pd.Series | None = None) -> pd.DataFrame:
    """One row per group: inflow, outflow, resolved over the period, backlog at its end and 4 weeks before, median
    age, age buckets, staff and backlog per staff, the 4-week forecast, ``growing`` — growing blocks first, then
    by backlog."""
    period = series[(series["day"] >= f.date_from) & (series["day"] <= f.date_to)]
    sums = period.groupby("group_id")[["inflow", "outflow", "resolved"]].sum()
    end = series[series["day"] == f.date_to].set_index("group_id")["backlog"].rename("backlog")
    before = series[series["day"] == f.date_to - timedelta(days=28)].set_index("group_id")["backlog"]
    out = sums.join(end, how="outer").join(before.rename("backlog_4w"), how="left")
    age_cols = ["median_age", *[age_column(k) for k in BACKLOG_AGE_BUCKETS]]
    out = out.join(ages.set_index("group_id")[age_cols], how="left")
    out = out.join(fc.groupby("group_id")["forecast"].sum().rename("forecast_4w"), how="left")
    out[[age_column(k) for k in BACKLOG_AGE_BUCKETS]] = out[[age_column(k) for k in BACKLOG_AGE_BUCKETS]].fillna(0)
    out = out.fillna({"inflow": 0, "outflow": 0, "resolved": 0, "backlog": 0, "backlog_4w": 0})
    growing = keeps_growing(series, f.date_to)
    out["growing"] = growing.reindex(out.index).fillna(False).astype(bool)
    if by == "sector" and staff is not None and len(staff):
        out["staff"] = staff.reindex(out.index)
        out["per_staff"] = per_staff(out["backlog"], out["staff"])
    else:
        out["staff"] = float("nan")
        out["per_staff"] = float("nan")
    out = out[(out[["inflow", "outflow", "resolved", "backlog"]].sum(axis=1) > 0)]
    out = out.reset_index().rename(columns={"index": "group_id"})
    return out.sort_values(["growing", "backlog", "group_id"], ascending=[False, False, True], kind="stable",
                           ignore_index=True)


def summary_table(df: pd.DataFrame, ref: Reference, f: Filters, today: date, by: str) -> pd.DataFrame:
    """The summary for display: Russian headers, numbers written as everywhere in the app (a decimal comma, «—» where
    there is none), a link to each group's items of the period."""
    names = group_names(ref, by)

    def link(gid: int) -> str:
        return "" if gid == NO_GROUP else drill_url(f, ref, today, **{by: int(gid)})
    return pd.DataFrame({
        GROUP_TITLE[by]: [names.get(int(g), "?") for g in df["group_id"]],
        "Остаток растёт": ["да" if g else "" for g in df["growing"]],
        "Поступило": [fmt_int(v) for v in df["inflow"]],
        "Закрыто ответом": [fmt_int(v) for v in df["outflow"]],
        "Решено": [fmt_int(v) for v in df["resolved"]],
        "Остаток": [fmt_int(v) for v in df["backlog"]],
        "Остаток 4 нед. назад": [fmt_int(v) for v in df["backlog_4w"]],
        "Медиана возраста, дн.": [fmt_num(float(v), 1) for v in df["median_age"]],
        **{f"Возраст {BACKLOG_AGE_LABELS[k]}": [fmt_int(v) for v in df[age_column(k)]] for k in BACKLOG_AGE_BUCKETS},
        # staff counts are the blocks' (profile [staff]): no column of dashes for executors
        **({"Сотрудников": [fmt_int(float(v)) for v in df["staff"]],
            "Остаток на сотрудника": [fmt_num(float(v), 1) for v in df["per_staff"]]} if by == "sector" else {}),
        "Прогноз на 4 нед.": [fmt_int(float(v)) for v in df["forecast_4w"]],
        "Обращения": [link(g) for g in df["group_id"]],
    })


def group_series(series: pd.DataFrame, group: int | str) -> pd.DataFrame:
    """The daily series of one group, or of all groups summed (``ALL``)."""
    if group == ALL:
        return series.groupby("day", as_index=False)[["inflow", "outflow", "resolved", "backlog"]].sum()
    return series[series["group_id"] == int(group)].reset_index(drop=True)


def flow_chart(daily: pd.DataFrame, f: Filters, ref: Reference, today: date, by: str, group: int | str, *,
               height: int = 380) -> go.Figure:
    """Bars of daily inflow, outflow and resolved within the period, and the backlog at each day's end (line, right
    axis). A click on an inflow bar opens that day's items of the group."""
    part = daily[(daily["day"] >= f.date_from) & (daily["day"] <= f.date_to)]
    x = pd.to_datetime(part["day"])
    selection = {} if group == ALL or int(group) == NO_GROUP else {by: int(group)}
    urls = [drill_url(f, ref, today, date_from=d, date_to=d, **selection) for d in part["day"]]
    fig = go.Figure()
    for key in ("inflow", "outflow", "resolved"):
        label = {"inflow": METRICS["items"].label, "outflow": METRICS["outflow"].label,
                 "resolved": METRICS["resolved"].label}[key]
        fig.add_bar(x=x, y=part[key], name=label, marker_color=FLOW_COLORS[key],
                    customdata=[(u, f"Поступившие {d:%d.%m.%Y}", int(v)) for u, d, v in zip(urls, part["day"],
                                                                                            part[key])],
                    hovertemplate=f"%{{x|%d.%m.%Y}}<br>{label}: %{{customdata[2]:,d}}<extra></extra>")
    fig.add_scatter(x=x, y=part["backlog"], name=METRICS["backlog"].label, mode="lines+markers", yaxis="y2",
                    line=dict(color=FLOW_COLORS["backlog"], width=2),
                    hovertemplate="%{x|%d.%m.%Y}<br>Остаток на конец дня: %{y:,d}<extra></extra>")
    _base_layout(fig, height=height, y_title="Обращений за день")
    fig.update_layout(barmode="group", yaxis2=dict(title="Остаток", overlaying="y", side="right", tickformat=",d",
                                                   rangemode="tozero"),
                      clickmode="event+select")
    # ticks on whole days only: a period of a few days got «05.12 05.12 06.12» at plotly's hour steps
    fig.update_xaxes(tickformat="%d.%m", dtick=86_400_000 * max(1, len(part) // 12), tick0=x.min() if len(x) else None)
    return fig


def trend_chart(series: pd.DataFrame, names: dict[int, str], groups: list, *, height: int = 360) -> go.Figure:
    """The backlog at each day's end over 12 months, one line per group of ``groups`` (or the total: ``ALL``)."""
    fig = go.Figure()
    for i, g in enumerate(groups):
        part = group_series(series, g)
        name = "Все" if g == ALL else names.get(int(g), "?")
        fig.add_scatter(x=pd.to_datetime(part["day"]), y=part["backlog"], name=name, mode="lines",
                        line=dict(color=CHANNEL_COLORS[i % len(CHANNEL_COLORS)], width=2),
                        hovertemplate=f"{name}<br>%{{x|%d.%m.%Y}}: %{{y:,d}}<extra></extra>")
    _base_layout(fig, height=height, y_title="Остаток на конец дня")
    fig.update_xaxes(tickformat="%m.%Y")
    return fig


def forecast_chart(weekly: pd.DataFrame, fc: pd.DataFrame, group: int | str, last_week: date, *,
                   history_weeks: int = 26, height: int = 340) -> go.Figure:
    """Weekly inflow of the last ``history_weeks`` full weeks and the forecast of the next 4 (dashed)."""
    if group == ALL:
        hist = weekly.groupby("week", as_index=False)["items"].sum()
        ahead = fc.groupby("week", as_index=False)["forecast"].sum()
    else:
        hist = weekly[weekly["group_id"] == int(group)]
        ahead = fc[fc["group_id"] == int(group)]
    weeks = [last_week - timedelta(weeks=j) for j in range(history_weeks)][::-1]
    hist = hist.set_index("week")["items"].reindex(weeks, fill_value=0)
    fig = go.Figure()
    fig.add_scatter(x=pd.to_datetime(pd.Series(weeks)), y=hist.values, name="Поступило за неделю",
                    mode="lines+markers", line=dict(color=FLOW_COLORS["inflow"], width=2),
                    hovertemplate="Неделя с %{x|%d.%m.%Y}: %{y:,d}<extra></extra>")
    fig.add_scatter(x=pd.to_datetime(pd.Series([weeks[-1], *ahead["week"]])),
                    y=[hist.values[-1], *ahead["forecast"].round(0)], name=METRICS["inflow_forecast"].label,
                    mode="lines+markers", line=dict(color=FLOW_COLORS["forecast"], width=2, dash="dash"),
                    hovertemplate="Неделя с %{x|%d.%m.%Y}: %{y:,.0f}<extra></extra>")
    _base_layout(fig, height=height, y_title="Обращений в неделю")
    fig.update_xaxes(tickformat="%d.%m.%y")
    return fig


def growing_note(df: pd.DataFrame, names: dict[int, str], by: str = "sector") -> str | None:
    """The warning over the table: which groups keep growing and the regulation's suggestion (plain text)."""
    rows = df[df["growing"]]
    if rows.empty:
        return None
    listed = "; ".join(f"{names.get(int(g), '?')}: {fmt_int(b4)} → {fmt_int(b)}"
                       for g, b, b4 in zip(rows["group_id"], rows["backlog"], rows["backlog_4w"]))
    return f"{listed}. {SUGGESTION.format(whose=WHOSE[by])}"


def method_caption(rule_text: str) -> str:
    return (f"{METRICS['backlog'].label}: {METRICS['backlog'].method} {METRICS['outflow'].label}: "
            f"{METRICS['outflow'].method} {METRICS['resolved'].label}: {METRICS['resolved'].method} "
            f"«Остаток растёт»: {rule_text}. {METRICS['backlog_median_age'].label}: "
            f"{METRICS['backlog_median_age'].method} {METRICS['backlog_per_staff'].label}: "
            f"{METRICS['backlog_per_staff'].method}")


def forecast_caption(fc: pd.DataFrame) -> str:
    from data_access.queries.forecast import METHOD_TEXT

    methods = sorted(set(fc["method"])) if len(fc) else []
    how = "; ".join(METHOD_TEXT[x] for x in methods) or "нет данных"
    return f"{METRICS['inflow_forecast'].method} Здесь: {how}."
