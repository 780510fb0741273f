"""Thin Streamlit renderers of the «Сроки» page: tables whose link columns open the items page."""
from __future__ import annotations

import pandas as pd
import streamlit as st

def render_link_table(df: pd.DataFrame, link_columns: dict[str, str], *, height: int | str = "auto") -> None:
    """A table whose ``link_columns`` (column -> link text) open the items page."""
    config = {col: st.column_config.LinkColumn(col, display_text=text) for col, text in link_columns.items()}
    st.dataframe(df, hide_index=True, column_config=config, height=height)
