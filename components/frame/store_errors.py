"""No internals on screen: a store error during a page becomes one Russian message with a retry, the details go
to the server's log, and the page comes back by itself when the store answers again.

``store_errors()`` wraps the app frame and the page run; ``is_store_error`` says which exceptions mean «the store
is not there» (lost connection, refused connection, timeout, a locked or unreadable file).
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
import streamlit as st

from data_access.store.engine import StoreLost, StoreUnavailable

log = logging.getLogger("app.store")

UNAVAILABLE = ("Хранилище недоступно: связь с базой данных потеряна или база не отвечает. Данные не показаны. "
               "Страница повторит попытку сама, как только хранилище ответит; можно повторить и сейчас.")
RETRY_SECONDS = 10
STORE_EXCEPTIONS = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError, sa.exc.DisconnectionError,
                    StoreUnavailable)


def _reaching_the_store(exc: BaseException) -> bool:
    if isinstance(exc, STORE_EXCEPTIONS):
        return True
    # a driver error while connecting has no statement; one that cost the connection is marked invalidated
    return isinstance(exc, sa.exc.DBAPIError) and (bool(exc.connection_invalidated) or exc.statement is None)


def is_store_error(exc: BaseException) -> bool:
    """True for errors of reaching the store (not for mistakes in a query): the exception itself, or one it was
    raised from or while handling — a connection killed under a library can surface as another error on top."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if _reaching_the_store(exc):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _store_answers() -> bool:
    from data_access.store.cached import get_store

    try:
        with get_store().engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return True
    except Exception as exc:  # still down: keep waiting, log once per try at debug level only
        log.debug("store still unavailable: %s", exc)
        return False


@st.fragment(run_every=RETRY_SECONDS)
def _wait_for_store() -> None:
    if _store_answers():
        st.rerun(scope="app")


def render_unavailable(wait: bool = True, message: str = UNAVAILABLE) -> None:
    st.error(message, icon=":material/database_off:")
    if wait:
        st.button("Повторить", icon=":material/refresh:", key="store_retry", type="primary")
        _wait_for_store()


@contextmanager
def store_errors(wait: bool = True) -> Iterator[None]:
    """Run a part of the app; a store error ends the run with the Russian message only. Other errors go on to
    Streamlit, which shows no details (``client.showErrorDetails = "none"``) and logs the traceback.
    ``wait`` False inside a fragment that reruns by itself (the wall screen's): no retry button of its own."""
    try:
        yield
    except Exception as exc:  # Streamlit's stop and rerun are BaseException: they pass through
        if not is_store_error(exc):
            raise
        log.error("store unavailable during a page run: %s: %s", type(exc).__name__, exc)
        # StoreUnavailable says exactly what happened (file removed, database dropped); the rest get the general words
        exact = isinstance(exc, StoreUnavailable) and not isinstance(exc, StoreLost)
        render_unavailable(wait, str(exc) if exact else UNAVAILABLE)
        st.stop()
