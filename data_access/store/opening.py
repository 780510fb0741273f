"""Opening the store the app reads: reachability, first start with demo data, revision, reference data."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from data_access.store import engine as eng
from data_access.domain.profile import PROFILES_DIR, Profile, ProfileError, load_profile
from data_access.store.reference import Reference, read_meta, read_reference

log = logging.getLogger(__name__)

FIRST_START_ROWS = 250_000  # about two years of a city of 1.2 million people


@dataclass(frozen=True)
class Store:
    url: str
    engine: sa.Engine
    profile: Profile
    meta: dict

    @property
    def is_demo(self) -> bool:
        return self.meta.get("demo") == "1"

    @property
    def safe_url(self) -> str:
        return eng.safe_url(self.url)


def open_store(url: str, *, create_demo_if_missing: bool = True, now: datetime | None = None,
               demo_rows: int = FIRST_START_ROWS) -> Store:
    """Open the store at ``url``; create a demo DuckDB file on first start if none exists and
    ``create_demo_if_missing`` (the app asks for it only for the default store, never for a configured one).

    An existing store is never changed here. Raises ``StoreUnavailable`` with a Russian message when
    the store cannot be reached, is empty, or needs migrations.
    """
    engine = eng.make_engine(url)
    path = eng.duckdb_path(url) if eng.is_duckdb(url) else None
    if path is not None and not path.exists() and not create_demo_if_missing:
        engine.dispose()
        raise eng.StoreUnavailable(
            f"Файл хранилища {path} не найден. Чтобы начать с реальными данными, создайте его командой "
            f"«alembic upgrade head» (с тем же MCU_DATABASE_URL) и загрузите выгрузки — README, раздел "
            f"«Работа с реальными данными». Демо-данные создаются сами только в хранилище по умолчанию "
            f"(data/mcu.duckdb, без MCU_DATABASE_URL).")
    if path is not None and not path.exists():
        from data_access.demo.generator import create_demo_store

        log.info("first start: creating demo store %s", path)
        engine.dispose()
        create_demo_store(url, demo_rows, now=now)
        engine = eng.make_engine(url)
    try:
        return _checked(engine, url)
    except BaseException:
        engine.dispose()  # a refused store is not left open (a DuckDB file would stay locked)
        raise


def _checked(engine: sa.Engine, url: str) -> Store:
    eng.check_reachable(engine, url)
    try:
        revision = eng.store_revision(engine)
    except Exception as exc:
        raise eng.StoreUnavailable(f"Не удалось прочитать хранилище {eng.safe_url(url)}: {exc}") from exc
    problem = eng.revision_problem(revision, url)
    if problem:
        raise eng.StoreUnavailable(problem)
    with engine.connect() as conn:
        meta = read_meta(conn)
    try:
        profile = load_profile(meta.get("profile"))
    except ProfileError as exc:
        raise eng.StoreUnavailable(str(exc)) from exc
    return Store(url, engine, profile, meta)


def profile_override_note(store: Store, wanted: str | None = None) -> str | None:
    """A Russian note when ``MCU_PROFILE`` names another profile than the one recorded in the store: the store's
    wins (its districts, topics and executors were loaded by it), and the user should know that."""
    wanted = wanted if wanted is not None else os.environ.get("MCU_PROFILE")
    if not wanted:
        return None
    folder = Path(wanted) if Path(wanted).is_dir() else PROFILES_DIR / wanted
    if folder.resolve() == Path(store.profile.folder).resolve():
        return None
    return (f"MCU_PROFILE указывает профиль «{wanted}», но хранилище записано профилем «{store.profile.key}»: "
            f"используется профиль хранилища. Для другого муниципалитета заведите отдельное хранилище.")


def data_version(engine: sa.Engine) -> str:
    """The store's data version: changes on every load, so cached results are keyed on it."""
    with engine.connect() as conn:
        return str(read_meta(conn).get("data_version", "0"))


def reference(engine: sa.Engine) -> Reference:
    return read_reference(engine)
