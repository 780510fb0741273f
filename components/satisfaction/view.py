"""Thin renderers of the satisfaction page; every chart point and table row leads to its items."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from components.common.figure_cache import built
from components.common.drilldown import drill_url
from components.common.formatting import fmt_date
from components.frame.keys import K
from components.satisfaction.charts import distribution_chart, repeats_chart, rework_chart, share_chart
from components.satisfaction.tables import (
    DIMENSION_TABS, DIMENSION_TITLES, breakdown_frame, cell_hex, drivers, drivers_frame, places_frame, with_wilson,
)
from components.common.text_width import fit_widths
from data_access.metrics.filters import Filters
from data_access.store.reference import Reference

LINK = st.column_config.LinkColumn("Обращения", display_text="открыть", width="small", help="Обращения этой строки")
DRIVER_HELP = {
    "Оценок": "Оценённых ответов за период.",
    "Оценки 4–5": "Доля оценок 4–5 среди оценённых.",
    "Не выше (95 %)": "Верхняя граница 95 % доверительного интервала Вильсона: доля 4–5 почти наверняка не выше.",
    "Оценки 1–2": "Доля оценок 1 и 2 среди оценённых.",
}
HALF_PX = 700  # a table in half of the page at 1920 × 1080 with the sidebar open (721 px), less a scrollbar


def driver_grid(frame: pd.DataFrame, name_column: str) -> dict:
    """Column config and row height of a «Что снижает» table: widths that fit every header and cell in half of the
    page; a long executor's name wraps instead of being cut."""
    widths, row_height = fit_widths(frame, name_column, HALF_PX, shown={"Обращения": ["открыть"]})
    config = {c: (st.column_config.LinkColumn(c, display_text="открыть", width=w, help="Обращения этой строки")
                  if c == "Обращения" else st.column_config.TextColumn(c, width=w, help=DRIVER_HELP.get(c)))
              for c, w in widths.items()}
    return {"column_config": config, "row_height": row_height}
TABLES = {"sector": "sectors", "district": "districts", "executor": "executors", "channel": "channels",
          "topic": "topics"}


def _points(event) -> list:
    return event.selection.points if event else []


def _week_link(event, f: Filters, ref: Reference, today: date, label: str, extra: dict | None = None) -> None:
    """A button to the items of the clicked week (clipped to the period)."""
    points = _points(event)
    if not points:
        return
    start = date.fromisoformat(points[0]["customdata"][0] if isinstance(points[0]["customdata"], list)
                               else points[0]["customdata"])
    first, last = max(start, f.date_from), min(start + timedelta(days=6), f.date_to)
    st.link_button(f"{label} {fmt_date(first)} — {fmt_date(last)}",
                   drill_url(f, ref, today, extra=extra, date_from=first, date_to=last), icon=":material/list:")


def render_distribution(s: dict, f: Filters, ref: Reference, today: date) -> None:
    st.subheader("Распределение оценок")
    event = st.plotly_chart(built(distribution_chart, {k: s[f"r{k}"] for k in range(1, 6)}), key=K.SAT_DISTRIBUTION,
                            on_select="rerun", selection_mode="points")
    st.caption("Оценки жителей 1–5 по ответам, данным за период. Щелчок по столбцу — обращения с этой оценкой.")
    points = _points(event)
    if points:
        rating = int(points[0]["x"])
        st.link_button(f"Обращения с оценкой {rating}", drill_url(f, ref, today, extra={"rating": rating}),
                       icon=":material/list:")


def render_share(weeks: pd.DataFrame, target: float, f: Filters, ref: Reference, today: date) -> None:
    st.subheader("Оценки 4–5 по неделям")
    event = st.plotly_chart(built(share_chart, weeks, target), key=K.SAT_WEEKLY, on_select="rerun",
                            selection_mode="points")
    st.caption("Доля оценок 4–5 среди оценённых ответов недели (с понедельника, по дате ответа) и доля ответов, "
               "получивших оценку; крайние недели могут быть неполными. Щелчок по точке — обращения недели.")
    _week_link(event, f, ref, today, "Обращения, поступившие")


def render_breakdowns(bd: pd.DataFrame, confidence: float, f: Filters, ref: Reference, today: date) -> None:
    st.subheader("По блокам, районам, исполнителям и каналам")
    bd = with_wilson(bd, confidence)
    for dim, tab in zip(DIMENSION_TABS, st.tabs(list(DIMENSION_TABS.values()))):
        with tab:
            part = bd[bd["dimension"] == dim].sort_values(["answered", "key"], ascending=[False, True])
            urls = [drill_url(f, ref, today, **{dim: int(k)}) for k in part["key"]]
            st.dataframe(breakdown_frame(part, dim, ref.names(TABLES[dim]), urls), hide_index=True,
                         width="stretch", column_config={"Обращения": LINK})
    st.caption(f"Ответы за период. «Интервал {confidence * 100:.0f} %» — доверительный интервал Вильсона для доли "
               "оценок 4–5: при малом числе оценок он широкий, и сравнивать такие строки с другими нельзя.")


def render_drivers(bd: pd.DataFrame, min_ratings: int, confidence: float, f: Filters, ref: Reference,
                   today: date) -> None:
    st.subheader("Что снижает удовлетворенность")
    bd = with_wilson(bd, confidence)
    for dim, col in zip(("topic", "executor"), st.columns(2)):
        with col:
            st.markdown(f"**{'Темы' if dim == 'topic' else 'Исполнители'} с самой низкой долей оценок 4–5**")
            worst = drivers(bd[bd["dimension"] == dim], min_ratings)
            if worst.empty:
                st.info(f"Ни у кого нет {min_ratings} и более оценок за период.")
                continue
            urls = [drill_url(f, ref, today, **{dim: int(k)}) for k in worst["key"]]
            frame = drivers_frame(worst, dim, ref.names(TABLES[dim]), urls)
            st.dataframe(frame, hide_index=True, width="stretch",
                         **driver_grid(frame, DIMENSION_TITLES[dim]))
    st.caption(f"Только строки с {min_ratings} и более оценками. Порядок — по верхней границе {confidence * 100:.0f} % "
               "интервала Вильсона («не выше»): сначала те, у кого доля 4–5 низкая наверняка, а не из-за трёх "
               "случайных оценок.")


def render_rework(weeks: pd.DataFrame, f: Filters, ref: Reference, today: date) -> None:
    st.markdown("**Возвраты на доработку по неделям**")
    event = st.plotly_chart(built(rework_chart, weeks), key=K.SAT_REWORK, on_select="rerun", selection_mode="points")
    st.caption("Доля ответов недели (по дате ответа), которые возвращались на доработку. Щелчок — такие обращения.")
    _week_link(event, f, ref, today, "Возвращённые на доработку, поступившие", extra={"reworked": 1})


def render_repeats(repeats: pd.DataFrame, repeat_days: int, f: Filters, ref: Reference, today: date) -> None:
    st.markdown("**Повторные обращения по неделям**")
    event = st.plotly_chart(built(repeats_chart, repeats), key=K.SAT_REPEATS, on_select="rerun", selection_mode="points")
    st.caption(f"Повторное — та же ячейка карты H3 (≈ 0,1 км²) и та же тема в течение {repeat_days} дн. после "
               "предыдущего обращения. Доля — среди обращений недели с известным местом. Щелчок — обращения недели.")
    _week_link(event, f, ref, today, "Обращения, поступившие")


def render_places(places: pd.DataFrame, repeat_days: int, f: Filters, ref: Reference, today: date) -> None:
    st.markdown("**Где повторяются жалобы**")
    if places.empty:
        st.info(f"Повторных обращений (та же ячейка и тема в течение {repeat_days} дн.) за период нет.")
        return
    urls = [drill_url(f, ref, today, extra={"cell": cell_hex(c)}, topic=int(t))
            for c, t in zip(places["h3_cell"], places["topic_id"])]
    st.dataframe(places_frame(places, urls), hide_index=True, width="stretch", column_config={"Обращения": LINK})
    st.caption("Ячейки карты и темы с наибольшим числом повторных обращений за период; адрес — один из домов ячейки.")
