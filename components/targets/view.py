"""Pure builders of the «Целевые показатели» page: cards, the scores table, the trend chart, the table per block,
district or executor — each score with the link to its items (``components.common.drilldown.drill_url``).

No Streamlit here: DataFrames in, DataFrames, cards and figures out.
"""
from __future__ import annotations

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from components.common.charts import CHANNEL_COLORS, SEPARATORS
from components.common.drilldown import drill_url
from components.common.formatting import fmt_date, fmt_int, fmt_num
from components.common.kpi import Card
from components.common.metric_text import fmt_metric, target_text
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.metrics.registry import METRICS
from data_access.store.reference import Reference
from data_access.metrics.scores import CAP, PERIODS, TARGET_CHANNELS

CITY = "Городской индекс"
GROUPS = {"sector": "Отраслевой блок", "district": "Район", "executor": "Исполнитель"}
GROUP_TABLES = {"sector": "sectors", "district": "districts", "executor": "executors"}
NOT_SET = {"sector": "Блок не указан", "district": "Без района", "executor": "Исполнитель не назначен"}
METHOD = (f"Индекс показателя — факт ÷ цель, если лучше больше (доля в срок, оценки 4–5, первый ответ в норматив), "
          f"и цель ÷ факт, если лучше меньше (среднее время ответа ПОС): 1,00 — цель достигнута, больше — лучше "
          f"цели, меньше — хуже. Индекс не выше {fmt_num(CAP, 1)} (вдвое лучше цели), чтобы один показатель не "
          f"закрывал остальные; показатель, которому не на чем считаться (нет оценённых ответов, нет ответов ПОС), "
          f"индекса не имеет. {CITY} — среднее индексов, которые есть (веса равны). Периоды заканчиваются сейчас: "
          f"вчера — прошедшие местные сутки, неделя — 7 дней, месяц — 30 дней, квартал — 91 день, включая сегодня; "
          f"состояние закрытого периода берётся на его конец. Цели — раздел [targets] профиля муниципалитета.")


def fmt_score(value: float | None) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else fmt_num(value, 2)


def _is_none(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def target_channels(key: str, ref: Reference, f: Filters) -> tuple[int, ...]:
    """Channel ids a target applies to (``scores.TARGET_CHANNELS``), within the panel's channels; () — all."""
    if key not in TARGET_CHANNELS:
        return ()
    column, values = TARGET_CHANNELS[key]
    ids = tuple(int(i) for i in ref.channels.loc[ref.channels[column].isin(values), "id"])
    kept = tuple(i for i in ids if not f.channels or i in f.channels)
    return kept or ids


def score_url(key: str, f: Filters, ref: Reference, today: date, date_from: date, date_to: date,
              **selection) -> str:
    """The items a score is computed over: answers given in the period (measures on answers) or items received
    in it, on the target's channels; the city score — items received in the period."""
    if key == "city":
        return drill_url(f, ref, today, date_from=date_from, date_to=date_to, **selection)
    extra = {"answered": 1} if METRICS[key].basis == "answered" else {}
    if key == "rated_good":  # its base: the rated answers only
        extra["rated"] = 1
    if chans := target_channels(key, ref, f):
        selection = {**selection, "channel": chans}
    return drill_url(f, ref, today, extra=extra, date_from=date_from, date_to=date_to, **selection)


def with_unit(key: str, text: str) -> str:
    """«8,5 раб. дней»: the unit after a number of a measure that is not a share."""
    unit = METRICS[key].unit
    return text if unit == "%" or text in ("", "—") else f"{text} {unit}"


def label(key: str) -> str:
    return CITY if key == "city" else METRICS[key].label


def city_cards(df: pd.DataFrame) -> list[Card]:
    """One card per period of ``PERIODS``: the city score, and how many targets are met."""
    cards = []
    for period, title in PERIODS.items():
        rows = df[df["period"] == period]
        city = rows.loc[rows["metric"] == "city", "score"]
        value = None if city.empty else city.iloc[0]
        scored = rows.loc[(rows["metric"] != "city"), "score"].dropna()
        met = int((scored >= 1.0).sum())
        first = rows.iloc[0] if len(rows) else None
        dates = "" if first is None else (fmt_date(first["date_from"]) if first["date_from"] == first["date_to"]
                                          else f"{fmt_date(first['date_from'])} — {fmt_date(first['date_to'])}")
        cards.append(Card(f"{CITY}: {title}", fmt_score(value),
                          f"цель достигнута: {met} из {len(scored)}" if len(scored) else "нет данных", "off",
                          f"{dates}. {METHOD}"))
    return cards


def scores_table(df: pd.DataFrame, targets: dict, f: Filters, ref: Reference, today: date) -> pd.DataFrame:
    """One row per target and period of ``PERIODS`` (city score last): actual, target, score, base, link."""
    rows = []
    keys = [k for k in dict.fromkeys(df["metric"]) if k != "city"] + ["city"]
    for key in keys:
        for period, title in PERIODS.items():
            hit = df[(df["period"] == period) & (df["metric"] == key)]
            if hit.empty:
                continue
            r = hit.iloc[0]
            rows.append({
                "Показатель": label(key),
                "Период": f"{title} ({fmt_date(r['date_from'])}" + (
                    ")" if r["date_from"] == r["date_to"] else f" — {fmt_date(r['date_to'])})"),
                "Факт": "" if key == "city" else with_unit(key, fmt_metric(key, None if _is_none(r["actual"])
                                                                            else r["actual"])),
                "Цель": "" if key == "city" else with_unit(key, target_text(key, targets).removeprefix("Цель: ")
                                                           .rstrip(".")),
                "Индекс": fmt_score(r["score"]),
                "База": "" if key == "city" else fmt_int(r["base"]),
                "Обращения": score_url(key, f, ref, today, r["date_from"], r["date_to"]),
            })
    return pd.DataFrame(rows)


def trend_frame(df: pd.DataFrame, f: Filters, ref: Reference, today: date) -> pd.DataFrame:
    """The weekly windows ``w0``..: week_end, metric, name, score, url, link_label (city score included)."""
    weeks = df[df["period"].str.fullmatch(r"w\d+")].copy()
    weeks["order"] = weeks["period"].str[1:].astype(int)
    weeks = weeks.sort_values(["metric", "order"])
    weeks["week_end"] = weeks["date_to"]
    weeks["name"] = [label(k) for k in weeks["metric"]]
    weeks["url"] = [score_url(k, f, ref, today, a, b) for k, a, b in zip(weeks["metric"], weeks["date_from"],
                                                                          weeks["date_to"])]
    weeks["link_label"] = [f"{n}: {fmt_date(a)} — {fmt_date(b)}" for n, a, b in
                           zip(weeks["name"], weeks["date_from"], weeks["date_to"])]
    return weeks[["week_end", "date_from", "metric", "name", "score", "url", "link_label"]].reset_index(drop=True)


def trend_chart(weeks: pd.DataFrame, *, height: int = 380) -> go.Figure:
    """Lines of the weekly scores per target and the city score (thick); the dashed line at 1.00 is the target."""
    fig = go.Figure()
    for i, (key, part) in enumerate(weeks.groupby("metric", sort=False)):
        city = key == "city"
        fig.add_scatter(
            x=pd.to_datetime(part["week_end"]), y=part["score"].astype(float), name=part["name"].iloc[0],
            mode="lines+markers", line=dict(width=4 if city else 2, color="#222222" if city else
                                            CHANNEL_COLORS[i % len(CHANNEL_COLORS)]),
            customdata=list(zip(part["url"], part["link_label"], [fmt_date(d) for d in part["date_from"]])),
            hovertemplate="%{customdata[2]} — %{x|%d.%m.%Y}<br>индекс %{y:.2f}<extra>%{fullData.name}</extra>")
    fig.add_hline(y=1.0, line_dash="dash", line_color="#888888", annotation_text="цель = 1,00",
                  annotation_position="top left")
    fig.update_layout(separators=SEPARATORS, height=height, margin=dict(l=10, r=10, t=30, b=10),
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
                      yaxis_title="Индекс (1,00 — цель)", hoverlabel=dict(namelength=-1))
    fig.update_xaxes(tickformat="%d.%m")
    return fig


def group_table(df: pd.DataFrame, group: str, f: Filters, ref: Reference, today: date, date_from: date,
                date_to: date) -> pd.DataFrame:
    """One row per block / district / executor: the city score, each target's score (fact), a link to the
    row's items of the period; the weakest first, rows without any score last."""
    part = df[df["dimension"] == group]
    if part.empty:
        return pd.DataFrame()
    names = ref.names(GROUP_TABLES[group])
    keys = [k for k in dict.fromkeys(part["metric"]) if k != "city"]
    rows = []
    for ident, one in part.groupby("id", dropna=False, sort=False):
        by = one.set_index("metric")
        none = _is_none(ident)
        row = {GROUPS[group]: NOT_SET[group] if none else names.get(int(ident), f"№ {int(ident)}"),
               CITY: by.loc["city", "score"] if "city" in by.index else None}
        for key in keys:
            r = by.loc[key]
            fact = fmt_metric(key, None if _is_none(r["actual"]) else r["actual"])
            row[label(key)] = f"{fmt_score(r['score'])} ({fact})"
        # «без района» has a filter value; items without a block or an executor cannot be selected: no link
        if none and group != "district":
            row["Обращения"] = None
        else:
            row["Обращения"] = score_url("city", f, ref, today, date_from, date_to,
                                         **{group: NO_DISTRICT if none else int(ident)})
        rows.append(row)
    out = pd.DataFrame(rows)
    out["_missing"] = out[CITY].isna()
    out = out.sort_values(["_missing", CITY], kind="stable").drop(columns="_missing").reset_index(drop=True)
    out[CITY] = [fmt_score(v) for v in out[CITY]]
    return out
