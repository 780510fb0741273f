"""Thin Streamlit renderers of the «Сроки» page: tables whose link columns open the items page, headline cards."""
from __future__ import annotations

import pandas as pd
import streamlit as st

def render_link_table(df: pd.DataFrame, link_columns: dict[str, str], *, height: int | str = "auto") -> None:
    """A table whose ``link_columns`` (column -> link text) open the items page."""
    config = {col: st.column_config.LinkColumn(col, display_text=text) for col, text in link_columns.items()}
    st.dataframe(df, hide_index=True, column_config=config, height=height)


def render_sla_cards(cards) -> None:
    """Headline cards; their second lines are breakdowns, not changes, so no arrows."""
    for col, card in zip(st.columns(len(cards)), cards):
        col.metric(card.label, card.value, card.delta, delta_color="off", delta_arrow="off", help=card.help,
                   border=True)
