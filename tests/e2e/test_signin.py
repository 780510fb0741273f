"""Sign-in and roles in a real browser against a local OpenID provider: anonymous → the sign-in page only; admin
loads a file and sees the audit row; head sees all; a ЖКХ lead sees only ЖКХ; the screen token opens only the
screen."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from data_access.domain.profile import PROJECT_ROOT
from tests.e2e.conftest import LOAD_TIMEOUT_MS, SCREENSHOTS, assert_no_errors, wait_idle
from tests.e2e.oidc import GUEST, open_app, sign_in
from tests.roles_env import SCREEN_TOKEN, USERS, ZHKH

pytestmark = pytest.mark.e2e
EXAMPLE = PROJECT_ROOT / "data" / "examples" / "pos.csv"


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def nav_titles(page) -> list[str]:
    return [t.strip().splitlines()[-1] for t in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]


def found(page) -> int:
    """«Найдено N …» of the items page (0 when «Обращений с такими условиями нет»)."""
    expect(page.get_by_text(re.compile(r"^Найдено |Обращений с такими условиями нет|нет доступа")).first) \
        .to_be_visible(timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    body = page.inner_text("body")
    match = re.search(r"Найдено ([\d\s\u00a0]+) обращ", body)
    if match:
        return int(re.sub(r"\D", "", match.group(1)))
    assert "Обращений с такими условиями нет" in body
    return 0


def goto(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)


def test_anonymous_sees_only_the_sign_in_page(browser, roles_app):
    for path in ("", "items", "upload", "audit", "items?item=1", "?mode=screen"):
        page = open_app(browser, f"{roles_app}/{path}")
        expect(page.get_by_role("button", name="Войти")).to_be_visible()
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert "Найдено" not in page.inner_text("body")
        page.context.close()


def test_admin_loads_a_file_and_sees_the_audit_row(browser, roles_app):
    page = sign_in(browser, roles_app, USERS["admin"])
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(f"{USERS['admin']} — администратор")
    assert {"Загрузка данных", "Журнал загрузок"} <= set(nav_titles(page))
    goto(page, roles_app + "/upload")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(EXAMPLE))
    wait_idle(page)
    page.get_by_role("button", name="Загрузить").click()
    wait_idle(page)
    expect(page.locator('[data-testid="stMetricValue"]').first).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    shot(page, "signin_admin_upload")
    goto(page, roles_app + "/audit")
    expect(page.get_by_text("Журнал загрузок").first).to_be_visible()
    # the audit grid is drawn on a canvas: read the hidden accessible table the grid keeps beside it
    grid = page.locator('[data-testid="stDataFrame"]')
    for value in (USERS["admin"], "pos.csv", "загружен", "страница"):
        expect(grid).to_contain_text(value, timeout=LOAD_TIMEOUT_MS)  # textContent: the hidden table counts
    shot(page, "signin_admin_audit")
    assert_no_errors(page)
    page.context.close()


def test_head_sees_everything_but_no_loading(browser, roles_app):
    page = sign_in(browser, roles_app, USERS["head"])
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("руководитель МЦУ")
    titles = nav_titles(page)
    assert "Обращения" in titles and "Загрузка данных" not in titles and "Журнал загрузок" not in titles
    goto(page, roles_app + "/items")
    everything = found(page)
    goto(page, roles_app + "/items?sector=" + ZHKH)
    housing = found(page)
    assert everything > housing > 0
    goto(page, roles_app + "/upload")
    assert "Загрузка данных" not in [t.strip() for t in page.locator("h1").all_inner_texts()]
    assert_no_errors(page)
    page.context.close()
    lead = sign_in(browser, roles_app, USERS["zhkh"], "items")
    expect(lead.locator('[data-testid="stSidebar"]')).to_contain_text("ответственный по блоку")
    assert found(lead) == housing  # the lead's whole view is the head's ЖКХ view
    for escape in ("items?sector=Дороги", "items?sector=Дороги&sector=" + ZHKH, "items?district=Без+района",
                   "items?executor=Главное+управление+культуры"):
        goto(lead, f"{roles_app}/{escape}")
        assert found(lead) <= housing, escape
    goto(lead, roles_app + "/items?item=1")
    body = lead.inner_text("body")
    assert "нет доступа" in body or "Обращение" in body
    shot(lead, "signin_zhkh_items")
    assert_no_errors(lead)
    lead.context.close()


def test_viewer_by_group_and_the_screen_token(browser, roles_app):
    page = sign_in(browser, roles_app, GUEST)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(f"{GUEST} — наблюдатель")
    page.context.close()
    screen = open_app(browser, f"{roles_app}/?mode=screen&token={SCREEN_TOKEN}", 1920, 1080)
    assert screen.locator('[data-testid="stSidebarNav"]').count() == 0
    assert screen.get_by_role("button", name="Войти").count() == 0
    goto(screen, f"{roles_app}/items?token={SCREEN_TOKEN}")
    assert "Найдено" not in screen.inner_text("body") and screen.locator('[data-testid="stSidebarNav"]').count() == 0
    shot(screen, "signin_screen_token")
    screen.context.close()
    wrong = open_app(browser, f"{roles_app}/?mode=screen&token=wrong")
    expect(wrong.get_by_text("недействительна")).to_be_visible()
    wrong.context.close()
