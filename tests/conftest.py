"""Shared fixtures: one small demo store on DuckDB and one on PostgreSQL, built from the same generated rows.

The generated DataFrames (``demo_frames``) are the independent side of every figure test: tests compute
the expected figure with pandas over them and compare with what the SQL returns from each store.
"""
from __future__ import annotations

import os
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from data_access.demo.generator import create_demo_store, generate
from data_access.store.engine import make_engine
from data_access.domain.profile import load_profile

DEMO_ROWS = int(os.environ.get("MCU_TEST_ROWS", "20000"))
DEMO_SEED = 7
DEMO_UNTIL = date(2026, 11, 15)
# .ci/run names the database it created; elsewhere each test run gets its own, dropped at the end.
PG_URL = os.environ.get("MCU_TEST_PG_URL") or f"postgresql+psycopg://postgres@127.0.0.1:5432/mcu_test_{os.getpid()}"
PG_OWN_DATABASE = "MCU_TEST_PG_URL" not in os.environ


@pytest.fixture(scope="session")
def profile():
    return load_profile("krasnoyarsk")


@pytest.fixture(scope="session")
def demo_now(profile):
    """The moment the demo data was «taken»: items not answered by then are open."""
    return datetime(2026, 11, 15, 14, 0, tzinfo=profile.tz)


@pytest.fixture(scope="session")
def demo_frames(profile, demo_now):
    """(messages, events, cutoff) exactly as loaded into both test stores."""
    return generate(profile, DEMO_ROWS, DEMO_SEED, DEMO_UNTIL, demo_now)


@pytest.fixture(scope="session")
def duckdb_url(tmp_path_factory, profile, demo_now):
    url = f"duckdb:///{tmp_path_factory.mktemp('store') / 'mcu_test.duckdb'}"
    create_demo_store(url, DEMO_ROWS, DEMO_SEED, DEMO_UNTIL, profile, now=demo_now)
    return url


def _prepare_pg_database(url: str) -> str | None:
    """Create the test database if missing and empty it; return a skip reason if the server is not there."""
    target = sa.engine.make_url(url)
    admin = make_engine(target.set(database="postgres").render_as_string(hide_password=False))
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                  {"n": target.database}).first()
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    except Exception as exc:
        return f"PostgreSQL недоступен ({target.render_as_string(hide_password=True)}): {type(exc).__name__}"
    finally:
        admin.dispose()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return None


@pytest.fixture(scope="session")
def pg_url(profile, demo_now):
    reason = _prepare_pg_database(PG_URL)
    if reason:
        print(f"\nSKIP PostgreSQL tests: {reason}")
        pytest.skip(reason)
    create_demo_store(PG_URL, DEMO_ROWS, DEMO_SEED, DEMO_UNTIL, profile, now=demo_now)
    yield PG_URL
    if PG_OWN_DATABASE:
        _drop_pg_database(PG_URL)


def _drop_pg_database(url: str) -> None:
    target = sa.engine.make_url(url)
    admin = make_engine(target.set(database="postgres").render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=["duckdb", "postgresql"])
def store_url(request):
    """Each figure test runs once on DuckDB and once on PostgreSQL."""
    return request.getfixturevalue("duckdb_url" if request.param == "duckdb" else "pg_url")


@pytest.fixture(scope="session")
def engine_cache():
    engines = {}
    yield engines
    for e in engines.values():
        e.dispose()


@pytest.fixture
def store_engine(store_url, engine_cache):
    if store_url not in engine_cache:
        engine_cache[store_url] = make_engine(store_url)
    return engine_cache[store_url]
