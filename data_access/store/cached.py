"""The one module of data_access that knows Streamlit: the engine as a resource, results as cached data.

Query results are cached on (function, its arguments — a Filters value, dates — and the data
version), never on the engine. A new import changes the data version and so the cache key.
"""
from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from typing import TypeVar
from collections.abc import Callable

import sqlalchemy as sa
import streamlit as st

from data_access.store import engine as eng
from data_access.store.config import check_secrets_files
from data_access.queries.page_queries import QueryArgs, declared
from data_access.store.reference import Reference
from data_access.store.opening import Store, data_version, open_store, reference

T = TypeVar("T")
log = logging.getLogger(__name__)


def store_url() -> str:
    """The configured store URL; ``ConfigError`` (Russian, file and line) when a secrets file does not parse."""
    check_secrets_files(st.get_option("secrets.files"))
    secrets = dict(st.secrets) if st.secrets.load_if_toml_exists() else {}
    return eng.resolve_url(secrets)


FIRST_START = "Первый запуск: создаём демо-хранилище (около минуты)…"


def creates_demo(url: str) -> bool:
    """Whether opening ``url`` creates the demo store: only the default store, and only while its file is missing
    (a configured store is never invented; an existing one is only opened)."""
    path = eng.duckdb_path(url) if url == eng.DEFAULT_URL else None
    return path is not None and not path.exists()


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Store:
    return open_store(url, create_demo_if_missing=url == eng.DEFAULT_URL)


def get_store() -> Store:
    """The store for this app (raises StoreUnavailable with a Russian message). The «first start» notice is shown
    only while the demo store is really being created, not every time an existing store is opened.

    A DuckDB file removed while the app runs is told as such (its open connection would go on reading the
    deleted file, and a new one would create an empty file in its place).
    """
    url = store_url()
    if creates_demo(url):
        with st.spinner(FIRST_START):
            store = _open(url)
    else:
        store = _open(url)
    path = eng.duckdb_path(store.url) if eng.is_duckdb(store.url) else None
    if path is not None and not path.exists():
        _open.clear()
        store.engine.dispose()
        raise eng.StoreUnavailable(f"Файл хранилища {path} удалён или перемещён, пока приложение работало. Верните "
                                   f"файл на место (или укажите новый адрес хранилища) и обновите страницу.")
    return store


@st.cache_data(ttl=30, show_spinner=False)
def _version(url: str) -> str:
    try:
        return data_version(get_store().engine)
    except LOST as exc:  # a PostgreSQL database dropped or a server gone while the app runs
        raise _lost(url, exc) from exc


LOST = (sa.exc.OperationalError, sa.exc.InterfaceError)


def _lost(url: str, exc: Exception) -> eng.StoreLost:
    # the engine stays: its pool reconnects by itself once the server answers again (pool_pre_ping)
    log.error("store %s lost: %s", eng.safe_url(url), str(exc).splitlines()[0][:500])  # the details stay in the log
    return eng.StoreLost(f"Хранилище {eng.safe_url(url)} перестало отвечать, пока приложение работало (база "
                         f"удалена, сервер остановлен или сеть недоступна). Проверьте его и обновите страницу.")


def current_version() -> str:
    return _version(get_store().url)


def refresh_version() -> None:
    """Forget the cached data version after an import here: pages see the new data at once, not after 30 s."""
    _version.clear()


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _reference(url: str, version: str) -> Reference:
    return reference(get_store().engine)


def get_reference() -> Reference:
    store = get_store()
    return _reference(store.url, current_version())


@st.cache_data(ttl=int(os.environ.get("MCU_CACHE_TTL", "600")), max_entries=512, show_spinner=False)
def _run(name: str, url: str, version: str, args: tuple, kwargs: dict):
    fn = _REGISTRY[name]
    return fn(get_store().engine, *args, **kwargs)


_REGISTRY: dict[str, Callable] = {}


def query(fn: Callable[..., T], *args, **kwargs) -> T:
    """Run ``fn(engine, *args, **kwargs)`` through the cache (args must be small hashable values)."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    _REGISTRY[name] = fn
    store = get_store()
    try:
        return _run(name, store.url, current_version(), args, kwargs)
    except LOST as exc:
        raise _lost(store.url, exc) from exc


def page_query(page: str, name: str, args: QueryArgs, **params):
    """Run the query ``name`` declared for ``page`` in ``data_access.queries.page_queries.PAGES`` through the cache: the one
    way a page asks the store for figures (a query the page does not declare raises KeyError)."""
    q = declared(page, name)
    return query(q.fn, *q.arguments(args, **params))


def as_of_now(tz, step_minutes: int = 5) -> datetime:
    """«Now» in the municipality's zone, floored to a few minutes so that cached results can be reused."""
    now = datetime.now(tz).replace(second=0, microsecond=0)
    return now - timedelta(minutes=now.minute % step_minutes)


@st.cache_data(ttl=600, show_spinner=False)
def profile_problems(folder: str) -> list[tuple[str, str]]:
    """The start-up check of the profile (``data_access.domain.profile_check``): (level, Russian text) pairs."""
    from data_access.domain.profile_check import check_profile

    return [(p.level, p.text) for p in check_profile(folder)]
