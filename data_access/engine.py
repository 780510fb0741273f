"""Engines: where the store is, how to open it, and how to create it by running the migrations."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from data_access.profile import PROJECT_ROOT

log = logging.getLogger(__name__)

DEFAULT_DUCKDB_PATH = PROJECT_ROOT / "data" / "mcu.duckdb"
DEFAULT_URL = f"duckdb:///{DEFAULT_DUCKDB_PATH}"
HEAD_REVISION = "0002_import_audit"


class StoreUnavailable(RuntimeError):
    """The store cannot be reached or read; ``str()`` is a Russian message for the page."""


def resolve_url(secrets: dict | None = None) -> str:
    """The store URL: ``MCU_DATABASE_URL``, else ``database_url`` in Streamlit secrets, else the DuckDB file."""
    url = os.environ.get("MCU_DATABASE_URL") or (secrets or {}).get("database_url")
    return url or DEFAULT_URL


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def is_duckdb(url: str) -> bool:
    return url.startswith("duckdb:")


def duckdb_path(url: str) -> Path | None:
    """The file behind a DuckDB URL (None for an in-memory store)."""
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def make_engine(url: str) -> sa.Engine:
    """An engine for the store. PostgreSQL URLs without a driver get psycopg 3."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if is_duckdb(url):
        path = duckdb_path(url)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
        return sa.create_engine(url)
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                            connect_args={"connect_timeout": 5})


def store_revision(engine: sa.Engine) -> str | None:
    """The Alembic revision of the store, or None for an empty database."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_store(engine: sa.Engine) -> None:
    """Run the Alembic migrations up to head (creates a new store, upgrades an old one in place)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def check_reachable(engine: sa.Engine, url: str) -> None:
    """Raise StoreUnavailable with a Russian message if the store does not answer."""
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        log.error("store %s unreachable: %s", safe_url(url), exc)
        raise StoreUnavailable(
            f"Хранилище данных недоступно: {safe_url(url)}. Проверьте, что сервер базы данных запущен "
            f"и адрес в MCU_DATABASE_URL верен. Ошибка драйвера: {type(exc).__name__}: {str(exc).splitlines()[0]}"
        ) from exc
