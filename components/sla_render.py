"""Thin Streamlit renderers of the «Сроки» page: a chart whose clicked elements offer links to their items,
and tables whose link columns open the items page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def selected_links(event) -> list[tuple[str, str]]:
    """(label, url) of the chart elements selected in a ``st.plotly_chart`` event, without repeats."""
    points = ((event or {}).get("selection") or {}).get("points") or []
    out = []
    for point in points:
        data = point.get("customdata") or []
        if len(data) >= 2 and isinstance(data[0], str) and (data[1], data[0]) not in out:
            out.append((data[1], data[0]))
    return out


def render_drill_chart(fig: go.Figure, key: str, hint: str) -> None:
    """Draw ``fig``; a click on a bar or point shows buttons that open its items (the drill-down URLs)."""
    event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points", config=PLOTLY_CONFIG)
    links = selected_links(event)
    if not links:
        st.caption(hint)
    for label, url in links[:6]:
        st.link_button(label, url, icon=":material/open_in_new:")


def render_link_table(df: pd.DataFrame, link_columns: dict[str, str], *, height: int | str = "auto") -> None:
    """A table whose ``link_columns`` (column -> link text) open the items page."""
    config = {col: st.column_config.LinkColumn(col, display_text=text) for col, text in link_columns.items()}
    st.dataframe(df, hide_index=True, column_config=config, height=height)


def render_sla_cards(cards) -> None:
    """Headline cards; their second lines are breakdowns, not changes, so no arrows."""
    for col, card in zip(st.columns(len(cards)), cards):
        col.metric(card.label, card.value, card.delta, delta_color="off", delta_arrow="off", help=card.help,
                   border=True)
