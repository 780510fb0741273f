"""Thin renderers of the rating page: the ranked and unranked tables, the executor card, the method."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.common.figure_cache import built
from components.common.drilldown import drill_url
from components.common.export import render_downloads
from components.frame.keys import K
from components.rating.card import TOPIC_HELP, month_label, overdue_frame, topics_frame, trend_chart
from components.rating.table import (
    COLUMN_HELP, GROUP_HEADER, LINK, answers_note, column_widths, display_frame, export_frame, label, styled,
)
from data_access.metrics.filters import Filters
from data_access.metrics.registry import METRICS, REGISTRATION_RULE
from data_access.store.reference import Reference

LINK_HELP = "Обращения этой строки на странице «Обращения»"
LINK_COLUMN = st.column_config.LinkColumn(LINK, display_text="открыть", width="small", help=LINK_HELP)
TOPIC_COLUMNS = {"Обращения": LINK_COLUMN, "Тема": st.column_config.TextColumn("Тема", width=210),
                 **{c: st.column_config.TextColumn(c, width="small", help=h) for c, h in TOPIC_HELP.items()}}
ROW_PX = 35  # the grid's usual row height


def grid(frame: pd.DataFrame, header: str) -> tuple[dict, int | None, int]:
    """Column config (short header labels with the method as help, widths that fit every header and cell), the row
    height (taller when a long name wraps) and the table height for ``frame`` (a ``display_frame``)."""
    widths, row_height = column_widths(frame, header)
    config = {c: (st.column_config.LinkColumn(label(c), display_text="открыть", width=widths[c], help=LINK_HELP)
                  if c == LINK else st.column_config.TextColumn(label(c), width=widths[c], help=COLUMN_HELP.get(c)))
              for c in frame.columns}
    return config, row_height, min(38 + (row_height or ROW_PX) * len(frame), 640)


def render_rating_tables(table: pd.DataFrame, names: dict, group: str, unit: str, f: Filters, ref: Reference,
                         today: date, file_stem: str) -> int | None:
    """The ranked table (one row selectable) and the unranked ones; returns the key of the selected row."""
    urls = [drill_url(f, ref, today, **{group: int(k)}) for k in table["key"]]
    ranked = display_frame(table, names, group, unit, urls, ranked=True)
    header = GROUP_HEADER[group]
    keys = table.loc[table["eligible"], "key"].tolist()
    if ranked.empty:
        st.info("Ни у кого нет достаточного числа обращений за период: рейтинг не строится.")
        event = None
    else:
        columns, row_height, height = grid(ranked, header)
        event = st.dataframe(styled(ranked), key=K.RATING_TABLE, on_select="rerun", selection_mode="single-row",
                             hide_index=True, width="stretch", column_config=columns, row_height=row_height,
                             height=height)
        st.caption("Выберите строку (щелчок слева от места), чтобы открыть карточку: динамику, худшие темы и "
                   "просроченные обращения. «Список» — перейти к обращениям строки."
                   + (f" {note}" if (note := answers_note(table)) else ""))
    unranked = display_frame(table, names, group, unit, urls, ranked=False)
    if not unranked.empty:
        with st.expander(f"Не ранжируются: мало обращений за период ({len(unranked)})"):
            columns, row_height, height = grid(unranked, header)
            st.dataframe(unranked, key=K.RATING_UNRANKED, hide_index=True, width="stretch", column_config=columns,
                         row_height=row_height, height=height)
    render_downloads(lambda: export_frame(table, names, group, unit), file_stem, K.RATING_EXPORT,
                     note="Выгрузка — все строки рейтинга с числами (доли в %), заголовки по-русски.")
    rows = event.selection.rows if event is not None else []
    return int(keys[rows[0]]) if rows else None


def render_card(name: str, trend: pd.DataFrame, topics: pd.DataFrame, overdue: pd.DataFrame, f: Filters,
                ref: Reference, today: date, tz, group: str, key: int, times: pd.DataFrame | None = None) -> None:
    """The card of one selected row: monthly trend (a click opens that month's items), worst topics, overdue."""
    st.subheader(f"Карточка: {name}")
    left, right = st.columns([3, 2])
    with left:
        st.markdown("**Динамика по месяцам**")
        event = st.plotly_chart(built(trend_chart, trend), key=K.RATING_TREND, on_select="rerun",
                                selection_mode="points")
        st.caption("Доли ответов, данных за месяц: в срок, по существу, возвращённых на доработку; оценки 4–5 — "
                   "среди оценённых. Серые столбцы — число ответов (правая ось). Щелчок по месяцу — его обращения.")
        points = event.selection.points if event else []
        if points:
            start = date.fromisoformat(points[0]["customdata"][0])
            end = (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
            st.link_button(f"Обращения за {month_label(start)}", drill_url(
                f, ref, today, **{group: key}, date_from=start, date_to=end), icon=":material/list:")
    with right:
        st.markdown("**Худшие темы за период**")
        if topics.empty:
            st.info("Опозданий и просрочек по темам нет.")
        else:
            urls = [drill_url(f, ref, today, **{group: key}, topic=int(t)) for t in topics["topic_id"]]
            st.dataframe(topics_frame(topics, urls), hide_index=True, width="stretch", column_config=TOPIC_COLUMNS)
            st.caption("По убыванию числа проблем: ответов с опозданием за период и просроченных сейчас.")
    if times is not None:
        st.markdown("**Время ответа и решения по каналам**")
        if times.empty:
            st.info("За период ответов и решённых обращений нет.")
        else:
            st.dataframe(times, hide_index=True, width="stretch", column_config={
                col: st.column_config.LinkColumn(col, display_text="Открыть") for col in ("Ответы", "Решённые")})
            st.caption(f"{METRICS['resolution_time'].method} Время ответа — {REGISTRATION_RULE} до ответа, "
                       "в тех же единицах.")
    st.markdown(f"**Просрочено сейчас: {len(overdue)}{'+' if len(overdue) >= 50 else ''}**")
    if overdue.empty:
        st.success("Просроченных обращений нет.")
    else:
        st.dataframe(overdue_frame(overdue, tz), hide_index=True, width="stretch")
        st.link_button("Все просроченные обращения", drill_url(f, ref, today, **{group: key},
                                                                 extra={"overdue": 1}), icon=":material/list:")
