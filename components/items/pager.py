"""Keyset paging state of the items list: the cursor remembered for every page seen, a seek for the rest.

``Pager.cursor_for(page, seek)`` returns the cursor *before* ``page``: the remembered one, or one found
by seeking forward from the nearest remembered page below (``seek(cursor, rows_to_skip)`` — a narrow SQL
query over (sort key, id) only). «Next» and «previous» therefore never skip over rows again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Callable

import streamlit as st

from components.common.formatting import fmt_int
from components.frame.keys import K
from data_access.queries.items import Cursor


@dataclass
class Pager:
    signature: object           # the ItemQuery the cursors belong to
    size: int
    cursors: dict[int, Cursor | None] = field(default_factory=lambda: {1: None})

    def cursor_for(self, page: int, seek: Callable[[Cursor | None, int], Cursor | None]) -> Cursor | None:
        if page in self.cursors:
            return self.cursors[page]
        known = max(p for p in self.cursors if p < page)
        cursor = seek(self.cursors[known], (page - known) * self.size)
        self.cursors[page] = cursor
        return cursor

    def remember(self, page: int, next_cursor: Cursor | None, rows: int) -> None:
        """After showing ``page``: the cursor of the following page (if the page was full)."""
        if rows == self.size and next_cursor is not None:
            self.cursors[page + 1] = next_cursor


def pager_for(signature, size: int) -> Pager:
    """The pager of this list in the session; a new one (page 1) when the query changed."""
    pager = st.session_state.get(K.ITEMS_PAGER)
    if pager is None or pager.signature != signature or pager.size != size:
        pager = Pager(signature, size)
        st.session_state[K.ITEMS_PAGER] = pager
        st.session_state[K.ITEMS_PAGE] = 1
    return pager


def _step(delta: int, pages: int) -> None:
    current = int(st.session_state.get(K.ITEMS_PAGE, 1))
    st.session_state[K.ITEMS_PAGE] = min(max(current + delta, 1), pages)


def render_pager(total: int, size: int) -> int:
    """«‹ Назад», the page number, «Вперёд ›»; returns the page to show (1-based)."""
    pages = max((total + size - 1) // size, 1)
    if int(st.session_state.get(K.ITEMS_PAGE, 1)) > pages:
        st.session_state[K.ITEMS_PAGE] = pages
    back, number, forward, info = st.columns([1, 1.3, 1, 4], vertical_alignment="bottom")
    page = int(st.session_state.get(K.ITEMS_PAGE, 1))
    back.button("‹ Назад", on_click=_step, args=(-1, pages), disabled=page <= 1, width="stretch")
    number.number_input("Страница", min_value=1, max_value=pages, step=1, key=K.ITEMS_PAGE)
    forward.button("Вперёд ›", on_click=_step, args=(1, pages), disabled=page >= pages, width="stretch")
    first = (page - 1) * size + 1
    info.caption(f"Строки {fmt_int(first)}–{fmt_int(min(page * size, total))} из {fmt_int(total)}; "
                 f"страниц: {fmt_int(pages)}. Дальняя страница открывается так же быстро, как первая.")
    return int(st.session_state[K.ITEMS_PAGE])
