"""A PostgreSQL store that goes away and comes back, in the browser: the page says so in Russian, and comes back
by itself on the page the user was on — not on the default page (found by an outside check: the retry's rerun
of a run that failed before the menu landed on «Тепловая карта»)."""
from __future__ import annotations

import os
from datetime import datetime

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from components.frame.store_errors import RETRY_SECONDS
from data_access.demo.generator import create_demo_store
from data_access.domain.profile import load_profile
from data_access.store.engine import make_engine
from tests.conftest import _drop_pg_database, _prepare_pg_database
from tests.e2e.conftest import LOAD_TIMEOUT_MS, capture, serve_app, settle, wait_until

pytestmark = pytest.mark.e2e
URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/mcu_e2e_down_{os.getpid()}"
DATABASE = sa.engine.make_url(URL).database
DOWN = "Хранилище недоступно"


def _admin_sql(admin: sa.Engine, sql: str) -> None:
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(sql), {"db": DATABASE})


def _allow(admin: sa.Engine, allowed: bool) -> None:
    _admin_sql(admin, f'ALTER DATABASE "{DATABASE}" WITH ALLOW_CONNECTIONS {"true" if allowed else "false"}')


@pytest.fixture(scope="module")
def down_app(tmp_path_factory):
    reason = _prepare_pg_database(URL)
    if reason:
        pytest.skip(reason)
    profile = load_profile("krasnoyarsk")
    create_demo_store(URL, 3000, seed=5, profile=profile, now=datetime.now(profile.tz))
    admin = make_engine(sa.engine.make_url(URL).set(database="postgres").render_as_string(hide_password=False))
    try:
        with serve_app(URL, tmp_path_factory.getbasetemp() / "e2e_store_down.log") as base:
            yield base, admin
    finally:
        _allow(admin, True)
        admin.dispose()
        _drop_pg_database(URL)


def test_the_page_comes_back_where_it_was(browser, down_app):
    base, admin = down_app
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(f"{base}/sla")
    expect(page.get_by_role("heading", name="Сроки")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    _allow(admin, False)
    _admin_sql(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :db "
                      "AND pid <> pg_backend_pid()")

    def shows_unavailable() -> bool:  # the data version is cached for 30 s: a new load meets the store after it
        page.goto(f"{base}/sla")
        settle(page)
        return page.get_by_text(DOWN).count() > 0

    wait_until(shows_unavailable, "the page says the store is unavailable", timeout_s=120, every_s=1)
    expect(page.get_by_role("button", name="Повторить")).to_be_visible()
    body = page.inner_text("body")
    assert "Traceback" not in body and "psycopg" not in body and "SELECT" not in body
    capture(page, "store_down_sla")

    _allow(admin, True)  # nobody clicks: the retry fragment reruns the app when the store answers
    expect(page.get_by_role("heading", name="Сроки")).to_be_visible(timeout=(RETRY_SECONDS * 4) * 1000)
    assert page.url.rstrip("/").endswith("/sla"), page.url
    expect(page.get_by_text(DOWN)).to_have_count(0)
    capture(page, "store_back_sla")
