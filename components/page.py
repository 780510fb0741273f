"""The small setup every page starts with: its title and the context built by the app frame."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from components.keys import K
from data_access.filters import Filters
from data_access.reference import Reference
from data_access.store import Store


@dataclass(frozen=True)
class PageContext:
    store: Store
    ref: Reference
    filters: Filters
    as_of: datetime  # «now» in the municipality's zone, floored to minutes
    personal_data: bool = False  # may this user see citizens' personal data (components.access)

    @property
    def offset(self) -> int:
        return self.store.profile.utc_offset_seconds()


APP_SHORT = "МЦУ"


def tab_title(page_title: str) -> str:
    """The browser tab's title of a page: «Сроки — МЦУ» (tabs of several pages stay distinguishable)."""
    return f"{page_title} — {APP_SHORT}"


def page_setup(title: str, caption: str | None = None) -> PageContext:
    """Title the page and return the shared context (store, reference data, filters, now)."""
    st.title(title)
    if caption:
        st.caption(caption)
    return st.session_state[K.CONTEXT]
