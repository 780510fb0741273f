"""The drill-down panel of a slice: its figures, weekly trend, top topics, first items and a link to all."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.common.charts import _base_layout, top_topics_chart, week_axis
from components.common.formatting import fmt_int
from components.common.kpi import Card, render_cards
from components.heatmap.tables import items_table


def weekly_items_chart(df: pd.DataFrame, *, height: int = 300) -> go.Figure:
    """Bars of items per week of the slice. ``df``: week (date of the Monday), items."""
    fig = go.Figure(go.Bar(
        x=pd.to_datetime(df["week"]), y=df["items"], marker_color="#c44e52",
        text=[fmt_int(v) for v in df["items"]], textposition="outside",
        hovertemplate="Неделя с %{x|%d.%m.%Y}: %{y:,d} обращ.<extra></extra>",
    ))
    fig.update_xaxes(**{**week_axis(df["week"]), "tickformat": "%d.%m"})  # ticks on the Mondays of the bars
    return _base_layout(fig, height=height, y_title="Обращений за неделю")


def render_slice_panel(title: str, cards: list[Card], weekly: pd.DataFrame, topics: pd.DataFrame,
                       items: pd.DataFrame, link: str, tz, *, show_topics: bool = True) -> bool:
    """Draw the panel; returns True when the user closes it."""
    with st.container(border=True):
        head, close = st.columns([6, 1], vertical_alignment="center")
        head.subheader(f"Подробно: {title}")
        closed = close.button("Закрыть", icon=":material/close:", key="hm_close_panel", width="stretch")
        render_cards(cards)
        left, right = st.columns([3, 2]) if show_topics else (st.container(), None)
        with left:
            st.markdown("**По неделям**")
            st.plotly_chart(weekly_items_chart(weekly), key="hm_panel_weekly")
            st.caption("Неделя — с понедельника по местному времени; крайние недели периода могут быть неполными.")
        if right is not None:
            with right:
                st.markdown("**Главные темы**")
                st.plotly_chart(top_topics_chart(topics, height=300), key="hm_panel_topics")
        st.markdown(f"**Последние обращения** ({len(items)} последних; тексты — в полном списке по ссылке)")
        st.dataframe(items_table(items, tz), hide_index=True)
        st.link_button("Все обращения этого среза", link, icon=":material/list:")
    return closed
