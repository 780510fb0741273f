"""A chart whose clicked elements open their items: the rendering half of the drill-down mechanism.

Figure builders put the drill-down URL in ``customdata[0]`` and a Russian label of what opens in
``customdata[1]`` of every bar or point (URLs from ``components.common.drilldown.drill_url``).
"""
from __future__ import annotations

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
