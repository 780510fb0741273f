"""The one module of data_access that knows Streamlit: the engine as a resource, results as cached data.

Query results are cached on (function, its arguments — a Filters value, dates — and the data
version), never on the engine. A new import changes the data version and so the cache key.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import TypeVar
from collections.abc import Callable

import streamlit as st

from data_access import engine as eng
from data_access.reference import Reference
from data_access.store import Store, data_version, open_store, reference

T = TypeVar("T")


def store_url() -> str:
    try:
        secrets = dict(st.secrets) if st.secrets.load_if_toml_exists() else {}
    except Exception:
        secrets = {}
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
    only while the demo store is really being created, not every time an existing store is opened."""
    url = store_url()
    if creates_demo(url):
        with st.spinner(FIRST_START):
            return _open(url)
    return _open(url)


@st.cache_data(ttl=30, show_spinner=False)
def _version(url: str) -> str:
    return data_version(get_store().engine)


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
    return _run(name, store.url, current_version(), args, kwargs)


def as_of_now(tz, step_minutes: int = 5) -> datetime:
    """«Now» in the municipality's zone, floored to a few minutes so that cached results can be reused."""
    now = datetime.now(tz).replace(second=0, microsecond=0)
    return now - timedelta(minutes=now.minute % step_minutes)
