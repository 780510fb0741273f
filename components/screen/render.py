"""Thin renderers of the meeting screen. Our own labels and numbers go into small static HTML (escaped);
citizens' texts only through ``st.text``, already masked by ``screen_slides``."""
from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.screen.slides import Figure, GrowthRow
from components.screen.style import px

# The live clock and the viewport probe: our own static script. It shows the municipality's time (``data``:
# the IANA zone) every second without a rerun, and reports the window size, from which the page scales.
CLOCK_JS = """
export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let box = parentElement.querySelector('.screen-clock');
  if (!box) { box = document.createElement('div'); box.className = 'screen-clock'; parentElement.appendChild(box); }
  const show = () => {
    box.textContent = new Date().toLocaleTimeString('ru-RU', { timeZone: data, hour: '2-digit', minute: '2-digit' });
  };
  show();
  if (box.dataset.timer) clearInterval(Number(box.dataset.timer));
  box.dataset.timer = String(setInterval(show, 1000));
  const size = () => setStateValue('size', [window.innerWidth, window.innerHeight]);
  size();
  window.addEventListener('resize', size);
  return () => { clearInterval(Number(box.dataset.timer)); window.removeEventListener('resize', size); };
}
"""
_clock = st.components.v2.component("mcu_screen_clock", js=CLOCK_JS, isolate_styles=False)


def render_clock(tz_name: str, key: str) -> list | None:
    """The clock (ЧЧ:ММ of ``tz_name``); returns the window's [width, height] in CSS pixels once known."""
    result = _clock(data=tz_name, key=key, default={"size": None}, on_size_change=lambda: None)
    return result.size


def render_top(summary: str, as_of, refreshed_iso: str) -> None:
    """The strip above every slide: what the figures cover and «данные на ЧЧ:ММ»."""
    st.html(f'<div class="screen-top"><span>{html.escape(summary)}</span>'
            f'<span class="screen-as-of" data-refreshed="{html.escape(refreshed_iso)}">данные на '
            f'<b>{as_of:%H:%M}</b></span></div>')


def render_title(title: str, index: int, count: int) -> None:
    dots = "".join(f'<span class="{"on" if i == index else ""}"></span>' for i in range(count))
    st.html(f'<div class="screen-title" data-slide="{index}"><span>{html.escape(title)}</span>'
            f'<span class="screen-dots">{dots}<em>{index + 1} из {count}</em></span></div>')


def render_figures(figures: Sequence[Figure], scale: float) -> None:
    """Headline figures as large cards: label, value, what it is."""
    cards = "".join(
        f'<div style="flex:1;border:{px(3, scale)}px solid #000;border-radius:{px(10, scale)}px;'
        f'padding:{px(10, scale)}px {px(20, scale)}px">'
        f'<div style="font-size:{px(28, scale)}px;font-weight:700">{html.escape(f.label)}</div>'
        f'<div style="font-size:{px(84, scale)}px;font-weight:800;line-height:1.1">{html.escape(f.value)}</div>'
        f'<div style="font-size:{px(22, scale)}px;color:#222">{html.escape(f.note)}</div></div>'
        for f in figures)
    st.html(f'<div style="display:flex;gap:{px(24, scale)}px">{cards}</div>')


def render_legend(title: str, classes: list[tuple[str, str]]) -> None:
    items = "".join(f'<span style="white-space:nowrap"><i style="background:{html.escape(c)}"></i>'
                    f'{html.escape(label)}</span> ' for c, label in classes)
    st.html(f'<div class="screen-legend"><b>{html.escape(title)}</b><br>{items}</div>')


def render_note(text: str) -> None:
    st.html(f'<div class="screen-note">{html.escape(text)}</div>')


def render_chart(fig: go.Figure | None, key: str, empty: str) -> None:
    if fig is None:
        st.info(empty)
    else:
        st.plotly_chart(fig, key=key, theme=None, config={"displayModeBar": False, "staticPlot": True})


def render_table(df: pd.DataFrame) -> None:
    """A table of reference names and numbers (no citizens' texts)."""
    st.table(df, hide_index=True, border="horizontal")


def render_growth(rows: list[GrowthRow], height: int, scale: float) -> None:
    """Each growing pair: its name and figures, and a masked sample of what residents write."""
    # at most a fifth of the slide each: one pair alone is a card, not a frame over the whole wall
    per_row = max(120, min(height // 5, (height - 20 * len(rows)) // max(1, len(rows))))
    for i, row in enumerate(rows):
        with st.container(border=True, height=px(per_row, scale), key=f"screen_growth_{i}"):
            left, right = st.columns([5, 6])
            with left:
                st.html(f'<div style="font-size:{px(30, scale)}px;font-weight:800;line-height:1.2">'
                        f'{html.escape(row.title)}</div><div style="font-size:{px(26, scale)}px">'
                        f'{html.escape(row.figures)}</div>')
            with right:
                if row.sample:
                    st.text(f"«{row.sample}»")


def render_red_zone(table: pd.DataFrame, scale: float) -> None:
    """The red-zone executors of ``screen_slides.red_zone`` as cards: name, index, place and its change, figures."""
    cards = "".join(
        f'<div style="border-left:{px(10, scale)}px solid #c0392b;padding:{px(6, scale)}px {px(16, scale)}px;'
        f'margin-bottom:{px(14, scale)}px"><div style="font-size:{px(30, scale)}px;font-weight:800;line-height:1.2">'
        f'{html.escape(str(r["Исполнитель"]))}</div><div style="font-size:{px(26, scale)}px">индекс '
        f'<b>{html.escape(str(r["Индекс"]))}</b> · место {html.escape(str(r["Место"]))} '
        f'({html.escape(str(r["Изм."]))}) · в срок {html.escape(str(r["В срок"]))} · просрочено '
        f'{html.escape(str(r["Просрочено"]))} · оценки 4–5 {html.escape(str(r["Оценки 4–5"]))}</div></div>'
        for r in table.to_dict("records"))
    st.html(cards)
