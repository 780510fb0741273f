"""A PostgreSQL store that drops while pages load: never a traceback, one Russian message with a retry, and the
page comes back when the store does. Connections are killed with pg_terminate_backend (a database of its own)."""
from __future__ import annotations

import os
import threading
import traceback
from datetime import date, datetime

import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.testing.v1 import AppTest

from components.frame.store_errors import UNAVAILABLE
from data_access.demo.generator import create_demo_store
from data_access.store.engine import make_engine
from tests.conftest import _drop_pg_database, _prepare_pg_database
from tests.test_app import ROOT

URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/mcu_faults_{os.getpid()}"
PAGES = ["app_pages/heatmap.py", "app_pages/overview.py", "app_pages/sla.py", "app_pages/items.py",
         "app_pages/slices.py", "app_pages/rating.py", "app_pages/satisfaction.py"]
INTERNALS = ("Traceback", "SELECT", "psycopg", "sqlalchemy", "OperationalError", "/work/", "site-packages",
             "postgres@", "pg_terminate")


@pytest.fixture(scope="module")
def faulty(profile):
    reason = _prepare_pg_database(URL)
    if reason:
        pytest.skip(reason)
    create_demo_store(URL, 3000, 11, date(2026, 11, 15), profile, now=datetime(2026, 11, 15, 14, tzinfo=profile.tz))
    admin = make_engine(sa.engine.make_url(URL).set(database="postgres").render_as_string(hide_password=False))
    yield admin
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'ALTER DATABASE "{sa.engine.make_url(URL).database}" WITH ALLOW_CONNECTIONS true'))
    admin.dispose()
    _drop_pg_database(URL)


def kill(admin: sa.Engine) -> int:
    """Terminate every connection to the test database; the number terminated."""
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        return len(conn.execute(sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :db AND pid <> pg_backend_pid()"),
            {"db": sa.engine.make_url(URL).database}).all())


def allow(admin: sa.Engine, allowed: bool) -> None:
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'ALTER DATABASE "{sa.engine.make_url(URL).database}" '
                             f'WITH ALLOW_CONNECTIONS {"true" if allowed else "false"}'))


def shown_text(at: AppTest) -> str:
    return " ".join(str(e.value) for group in (at.error, at.warning, at.info, at.markdown, at.caption, at.text,
                                               at.title, at.exception) for e in group)


def open_page(at: AppTest, page: str) -> AppTest:
    st.cache_data.clear()  # every query goes to the database, not to the cache
    at.switch_page(page)
    at.run()
    return at


@pytest.fixture
def app(monkeypatch, faulty):
    monkeypatch.setenv("MCU_DATABASE_URL", URL)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["period"] = "90 дней"
    at.run()
    assert not at.exception and not at.error
    return at


@pytest.fixture
def plain_log():
    """Streamlit logs an uncaught app exception through logging (not rich on stdout): a failure names it."""
    before = st.config.get_option("logger.enableRich")
    st.config.set_option("logger.enableRich", False)
    yield
    st.config.set_option("logger.enableRich", before)


def uncaught(caplog) -> str:
    """The last uncaught app exception in the log, its chain in full (what the page would not show)."""
    found = [r for r in caplog.records if r.getMessage() == "Uncaught app execution" and r.exc_info]
    return "".join(traceback.format_exception(*found[-1].exc_info))[-6000:] if found else "(not in the log)"


def test_connections_killed_while_pages_load(app, faulty, caplog, plain_log):
    stop, killed = threading.Event(), []

    def killer():
        while not stop.is_set():
            killed.append(kill(faulty))
            stop.wait(0.02)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    outcomes = []
    try:
        for _ in range(2):
            for page in PAGES:
                at = open_page(app, page)
                assert not at.exception, (page, uncaught(caplog))
                text = shown_text(at)
                assert not any(word in text for word in INTERNALS), (page, text[:500])
                errors = [e.value for e in at.error]
                assert errors in ([], [UNAVAILABLE]), (page, errors)
                outcomes.append(bool(errors))
    finally:
        stop.set()
        thread.join()
    # a page that met a killed connection either shows the message or has already come back by itself (the retry
    # fragment reruns the app as soon as the store answers); either way the server log has the store error
    met = any(outcomes) or any(r.name == "app.store" and "store unavailable during a page run" in r.getMessage()
                               for r in caplog.records)
    assert sum(killed) > 0 and met, "no connection was killed during a page: the test proved nothing"


def test_store_down_then_back(app, faulty):
    allow(faulty, False)
    kill(faulty)
    try:
        for page in PAGES:
            at = open_page(app, page)
            assert not at.exception, page
            assert [e.value for e in at.error] == [UNAVAILABLE], page
            assert not at.metric and not at.dataframe
            assert not any(word in shown_text(at) for word in INTERNALS)
            assert at.button(key="store_retry").label == "Повторить"
    finally:
        allow(faulty, True)
    st.cache_data.clear()
    at.button(key="store_retry").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.dataframe or at.metric  # the satisfaction page is back with its figures


def test_the_browser_gets_no_error_details():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"  # False would still send the stack trace


def _raised(make):
    try:
        make()
    except Exception as exc:  # the exception as the page would meet it, with its chain
        return exc
    raise AssertionError("nothing raised")


def test_store_errors_are_told_by_their_chain():
    from components.frame.store_errors import is_store_error

    driver = Exception("connection socket closed")
    lost = sa.exc.OperationalError("SELECT 1", {}, driver)
    connecting = sa.exc.DatabaseError(None, None, driver)  # a driver error while connecting: no statement
    mistake = sa.exc.ProgrammingError("SELECT nope", {}, Exception('column "nope" does not exist'))

    def on_top():  # a library's own error raised while it handled a lost connection
        try:
            raise lost
        except sa.exc.OperationalError:
            raise KeyError("pool")

    def from_lost():
        raise RuntimeError("wrapped") from lost

    assert is_store_error(lost) and is_store_error(connecting)
    assert is_store_error(_raised(on_top)) and is_store_error(_raised(from_lost))
    assert not is_store_error(mistake) and not is_store_error(KeyError("x"))
    assert not is_store_error(_raised(lambda: [][1]))
