"""Tables of the heat-map page (pure builders): growing problems, hot spots, a slice's items.

Each row that stands for a set of items carries a deep link to them built by ``drill_url``.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.common.drilldown import drill_url
from components.common.formatting import fmt_datetime, fmt_int, fmt_num
from components.heatmap.measures import fmt_growth, fmt_share
from components.heatmap.selection import slice_from_pair, slice_url
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.store.reference import Reference
from data_access.store.vocabulary import STATUSES

LINK_TEXT = "открыть"


BASE_HEADERS = {"previous": "Было", "year": "Год назад", "seasonal": "Ожидалось по сезону"}


def growth_table(ranked: pd.DataFrame, ref: Reference, f: Filters, today: date,
                 comparison: str = "previous") -> pd.DataFrame:
    """«Растущие проблемы» for display: the pairs of ``data_access.queries.growth.rank_growth`` with names and links;
    the base column is what the pair is compared with (``comparison``)."""
    districts, topics = ref.names("districts"), ref.names("topics")
    base = ranked["expected"] if "expected" in ranked else ranked["prev_items"]
    return pd.DataFrame({
        "Район": [districts.get(int(d), "?") for d in ranked["district_id"]],
        "Тема": [topics.get(int(t), "без темы") for t in ranked["row_id"]],
        "Сейчас": [fmt_int(v) for v in ranked["items"]],
        BASE_HEADERS[comparison]: [fmt_num(float(v), 1) if comparison == "seasonal" else fmt_int(v) for v in base],
        "Рост": [fmt_growth(g) if not pd.isna(g) else "впервые" for g in ranked["growth"]],
        "Рост не менее": [f"×{fmt_num(g, 1)}" for g in ranked["growth_low"]],
        "Значимость, z": [fmt_num(z, 1) for z in ranked["z"]],
        "Обращения": [slice_url(f, slice_from_pair(d, t), ref, today)
                      for d, t in zip(ranked["district_id"], ranked["row_id"])],
    })


def hot_cells_table(cells: pd.DataFrame, ref: Reference, f: Filters, today: date, limit: int = 10) -> pd.DataFrame:
    """The hottest cells: address met most often, district, items in the period, link to the cell's items."""
    top = cells.head(limit)
    districts = ref.names("districts")
    return pd.DataFrame({
        "Адрес (чаще всего)": top["address"].fillna("адрес не указан").tolist(),
        "Район": [districts.get(d, "без района") if not pd.isna(d) else "без района" for d in top["district_id"]],
        "Обращений": top["items"].astype("int64").tolist(),
        "Обращения": [drill_url(f, ref, today, extra={"cell": c}) for c in top["cell"]],
    })


def items_table(items: pd.DataFrame, tz) -> pd.DataFrame:
    """A slice's first page of items (``data_access.queries.heatmap.slice_items``) with Russian headers and local times."""
    def local(col):
        return [fmt_datetime(ts.astimezone(tz)) if not pd.isna(ts) else "—" for ts in items[col]]
    return pd.DataFrame({
        "Номер": items["external_id"].tolist(),
        "Поступило": local("received_at"),
        "Канал": items["channel"].tolist(),
        "Тема": items["topic"].fillna("—").tolist(),
        "Район": items["district"].fillna("без района").tolist(),
        "Адрес": items["address"].fillna("—").tolist(),
        "Статус": [STATUSES.get(s, s) for s in items["status"]],
        "Срок": local("deadline_at"),
        "Ответ": local("answered_at"),
    })


def render_link_table(df: pd.DataFrame, *, help: dict[str, str] | None = None, **kw) -> None:
    """A table whose «Обращения» column opens the items page with the row's filter; ``help``: column tips."""
    config = {name: st.column_config.Column(name, help=text) for name, text in (help or {}).items()}
    config["Обращения"] = st.column_config.LinkColumn("Обращения", display_text=LINK_TEXT, width="small")
    st.dataframe(df, hide_index=True, column_config=config, **kw)


NOT_SELECTED = "не выбран"  # a district left out by the filter bar: not a zero, not «нет данных»


def district_table(figures: pd.DataFrame, measure_key: str, ref: Reference, f: Filters, today: date) -> pd.DataFrame:
    """The districts ranked by the map's measure, with the other figures and a link to their items; districts
    left out by the district filter come last with «не выбран» instead of figures."""
    selected = {d for d in f.districts if d != NO_DISTRICT}
    chosen = figures["district_id"].isin(selected) if selected else pd.Series(True, index=figures.index)
    df = figures.assign(_chosen=chosen).sort_values(
        ["_chosen", measure_key], ascending=[False, measure_key == "on_time_share"], na_position="last")
    ok = df["_chosen"].tolist()

    def col(values):
        return [v if c else NOT_SELECTED for v, c in zip(values, ok)]
    return pd.DataFrame({
        "Район": df["district"].tolist(),
        "Поступило": col([fmt_int(v) for v in df["items"]]),
        "На 1 000 жит.": col([fmt_num(v, 2) for v in df["per_1000"]]),
        "Рост": col([fmt_growth(g) for g in df["growth"]]),
        "Просрочено": col([fmt_int(v) for v in df["overdue"]]),
        "В срок": col([fmt_share(v) for v in df["on_time_share"]]),
        "Обращения": [drill_url(f, ref, today, district=int(d)) if c else "" for d, c in zip(df["district_id"], ok)],
    })

