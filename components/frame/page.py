"""The small setup every page starts with: its title and the context built by the app frame."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from components.frame.keys import K
from data_access.metrics.filters import Filters
from data_access.queries.page_queries import QueryArgs
from data_access.store.reference import Reference
from data_access.store.opening import Store


@dataclass(frozen=True)
class PageContext:
    store: Store
    ref: Reference
    filters: Filters
    as_of: datetime  # «now» in the municipality's zone, floored to minutes
    personal_data: bool = False  # may this user see citizens' personal data (components.frame.access)

    @property
    def offset(self) -> int:
        return self.store.profile.utc_offset_seconds()

    def args(self, filters: Filters | None = None, as_of: datetime | None = None) -> QueryArgs:
        """The arguments of the page's declared queries (``data_access.queries.page_queries``), for ``filters`` /
        ``as_of`` other than the page's own when given (a slice, one executor, the screen's data moment)."""
        return QueryArgs(filters or self.filters, as_of or self.as_of, self.offset, self.personal_data)


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


def render_profile_problems(problems: list[tuple[str, str]], profile_key: str) -> None:
    """The start-up check's findings above the page: errors in red, remarks in yellow (as text, not Markdown)."""
    from data_access.domain.profile_check import ERROR

    errors = [t for level, t in problems if level == ERROR]
    remarks = [t for level, t in problems if level != ERROR]
    hint = f"Проверка: python -m data_access.domain.profile check {profile_key}"
    if errors:
        st.error("Профиль муниципалитета с ошибками — цифры могут быть неверны:  \n" +
                 "  \n".join(f"• {t}" for t in errors) + f"  \n{hint}", icon=":material/error:")
    if remarks:
        with st.expander(f"Профиль муниципалитета: замечаний {len(remarks)}", icon=":material/warning:"):
            for t in remarks:
                st.text(t)
