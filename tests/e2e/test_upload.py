"""The upload page in a real browser: a file chosen, loaded, the summary and the reject report shown.

The app runs on a store of this module only (imports write; the shared e2e store must stay as it is), with roles:
the page is the admin's, who signs in through a local OpenID provider.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from data_access.demo.generator import create_demo_store
from data_access.domain.profile import PROJECT_ROOT, load_profile
from playwright.sync_api import expect

from tests.e2e.conftest import LOAD_TIMEOUT_MS, SCREENSHOTS, capture, settle
from tests.e2e.oidc import sign_in, start_app_with_roles
from tests.roles_env import USERS

pytestmark = pytest.mark.e2e
EXAMPLE = PROJECT_ROOT / "data" / "examples" / "pos.csv"


@pytest.fixture(scope="module")
def upload_app(tmp_path_factory, oidc_provider):
    """The app with roles (loading is the admin's) on a store of this module."""
    profile = load_profile("krasnoyarsk")
    work = tmp_path_factory.mktemp("upload")
    store = work / "upload_source.duckdb"
    create_demo_store(f"duckdb:///{store}", 3000, seed=5, profile=profile, now=datetime.now(profile.tz))
    with start_app_with_roles(store, oidc_provider, work, "upload_app.log") as base:
        yield base


def test_upload_a_file_and_see_the_summary(browser, upload_app, tmp_path):
    page = sign_in(browser, upload_app, USERS["admin"], "upload")
    expect(page).to_have_title("Загрузка данных — МЦУ")  # the admin's page has its own tab title too
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "upload_empty.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "sources/pos.yaml" in page.inner_text("body")  # ПОС is the default source
    bad = tmp_path / "pos_с_ошибкой.csv"
    bad.write_bytes(EXAMPLE.read_bytes() + "ПОС-2025-000105;Сообщение;вчера;;;;;Новое;ЖКХ;Нет отопления;;;;;т;;\r\n"
                    .encode())
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    expect(page.get_by_text("pos_с_ошибкой.csv")).to_be_visible()
    settle(page)
    page.get_by_role("button", name="Загрузить").click()
    expect(page.get_by_role("heading", name="Строки с замечаниями")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    settle(page)
    capture(page, "upload_result", full_page=True)
    body = page.inner_text("body")
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values[:4] == ["4", "0", "0", "1"]
    assert "отклонено: 1" in body  # the report grid itself is drawn on a canvas: its two downloads are text
    assert "Отчёт по причинам" in body and "Все строки с замечаниями (1)" in body
    assert page.locator('[data-testid="stException"]').count() == 0
    page.context.close()
