"""Engines: where the store is, how to open it, and how to create it by running the migrations."""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from data_access.domain.profile import PROJECT_ROOT

log = logging.getLogger(__name__)

DEFAULT_DUCKDB_PATH = PROJECT_ROOT / "data" / "mcu.duckdb"
DEFAULT_URL = f"duckdb:///{DEFAULT_DUCKDB_PATH}"
HEAD_REVISION = "0008_open_span_index"


class StoreUnavailable(RuntimeError):
    """The store cannot be reached or read; ``str()`` is a Russian message for the page."""


class StoreLost(StoreUnavailable):
    """A store that answered stopped answering while the app ran (connection lost, server stopped): pages show the
    general «Хранилище недоступно…» with a retry, and come back by themselves when it answers again."""


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


URL_FORMS = ("duckdb:///путь/к/файлу.duckdb или postgresql://пользователь:пароль@сервер:5432/база "
             "(в MCU_DATABASE_URL или database_url в .streamlit/secrets.toml)")


def _hidden(url: str) -> str:
    """A URL that may not parse, with anything like a password hidden."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def make_engine(url: str) -> sa.Engine:
    """An engine for the store. PostgreSQL URLs without a driver get psycopg 3.

    Raises ``StoreUnavailable`` (Russian) for an address that is not a DuckDB or PostgreSQL URL or does not parse.
    """
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if not (is_duckdb(url) or url.startswith("postgresql+")):
        raise StoreUnavailable(f"Адрес хранилища «{_hidden(url)}» не поддерживается: ожидается {URL_FORMS}.")
    try:
        if is_duckdb(url):
            path = duckdb_path(url)
            if path:
                path.parent.mkdir(parents=True, exist_ok=True)
            return sa.create_engine(url)
        # jit=off: the pages' queries take well under a second where JIT pays off; its compiling alone took
        # 0.3–4 s of a headline query on a loaded 2-core machine (docs/benchmarks.md, issue 17)
        engine = sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                                  connect_args={"connect_timeout": 5, "options": "-c jit=off"})
        _ = engine.url.port  # a port that is not a number fails here, not at the first query
        return engine
    except (sa.exc.ArgumentError, ValueError, ImportError) as exc:
        log.info("store URL does not parse: %s", exc)
        raise StoreUnavailable(f"Адрес хранилища «{_hidden(url)}» не разобран ({_url_fault(exc)}): ожидается "
                               f"{URL_FORMS}.") from exc
    except OSError as exc:
        raise StoreUnavailable(f"Папку для файла хранилища «{_hidden(url)}» не создать: {exc.strerror}.") from exc


def _url_fault(exc: Exception) -> str:
    if isinstance(exc, ValueError) and "int()" in str(exc):
        return "порт — не число"
    if isinstance(exc, (ImportError, sa.exc.NoSuchModuleError)):
        return "нет драйвера для такой базы"
    return "неверная запись адреса"


def known_revisions() -> set[str]:
    """The revisions this app's migrations know (a store at any other revision is newer than the app)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    return {r.revision for r in ScriptDirectory.from_config(Config(str(PROJECT_ROOT / "alembic.ini"))).walk_revisions()}


def revision_problem(revision: str | None, url: str) -> str | None:
    """A Russian message when the store's schema is not the one this app reads (None when it is)."""
    if revision is None:
        return (f"Хранилище {safe_url(url)} пустое: создайте схему командой «alembic upgrade head» и загрузите "
                f"данные (см. README).")
    if revision == HEAD_REVISION:
        return None
    if revision not in known_revisions():
        return (f"Схема хранилища {safe_url(url)} новее этого приложения (версия {revision}, приложение знает "
                f"версии до {HEAD_REVISION}): обновите приложение. Хранилище не изменено.")
    return f"Схема хранилища {safe_url(url)} устарела (версия {revision}): выполните «alembic upgrade head»."


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


DAMAGED_DUCKDB = ("Файл хранилища {path} повреждён или это не файл DuckDB (возможно, записан другой версией "
                  "DuckDB или обрезан при копировании): восстановите его из резервной копии или создайте новое "
                  "хранилище («alembic upgrade head») и загрузите выгрузки заново.")


def check_reachable(engine: sa.Engine, url: str) -> None:
    """Raise StoreUnavailable with a Russian message if the store does not answer."""
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        log.error("store %s unreachable: %s", safe_url(url), exc)
        if is_duckdb(url) and "lock" not in str(exc).lower():
            raise StoreUnavailable(DAMAGED_DUCKDB.format(path=duckdb_path(url))) from exc
        raise StoreUnavailable(
            f"Хранилище данных недоступно: {safe_url(url)}. Проверьте, что сервер базы данных запущен "
            f"и адрес в MCU_DATABASE_URL верен. Подробности — в журнале сервера приложения."
        ) from exc
