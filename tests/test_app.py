"""AppTest smoke test over every registered page, and the frame's behaviour without a reachable store."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.roles_env import with_roles

ROOT = Path(__file__).resolve().parent.parent
ADMIN_PAGES = ("app_pages/upload.py", "app_pages/audit.py")  # registered for the admin role only


def registered_pages() -> list[str]:
    """Page files named in app.py's st.Page(...) calls."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    return [node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"
            and node.args and isinstance(node.args[0], ast.Constant)]


def viewer_pages() -> list[str]:
    """The pages every role has (the admin's pages are registered only after an admin signs in)."""
    return [p for p in registered_pages() if p not in ADMIN_PAGES]


@pytest.fixture
def app_env(monkeypatch, duckdb_url):
    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    monkeypatch.chdir(ROOT)


def run_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page in ADMIN_PAGES:
        with_roles(at, "admin")
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page != registered_pages()[0]:
        at.switch_page(page)
        at.run()
    return at


def test_every_page_is_registered_and_exists():
    pages = registered_pages()
    assert pages, "app.py registers no pages"
    for page in pages:
        assert (ROOT / page).exists(), page
    # and every page script is found, so that the suites parametrized by these pages cannot shrink unnoticed
    scripts = {f"app_pages/{f.name}" for f in (ROOT / "app_pages").glob("*.py") if f.name != "__init__.py"}
    assert set(pages) == scripts, sorted(scripts ^ set(pages))


@pytest.mark.parametrize("page", registered_pages())
def test_page_runs_without_exception(app_env, page):
    at = run_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "the page sets no title"


def test_overview_shows_six_headline_figures(app_env):
    at = run_page("app_pages/overview.py", {"period": "Свой период", "dates": ["2026-10-17", "2026-11-15"]})
    labels = [m.label for m in at.metric]
    assert labels[:6] == ["Поступило", "На 1 000 жителей", "Ответов в срок", "Просрочено сейчас",
                          "Медиана ответа, дней", "Оценки 4–5"]
    assert int(at.metric[0].value.replace("\u00a0", "")) > 0


def test_unreachable_store_gives_a_russian_message_with_hidden_password(monkeypatch):
    monkeypatch.setenv("MCU_DATABASE_URL", "postgresql://mcu:s3cret@127.0.0.1:1/mcu")
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    message = at.error[0].value
    assert "Хранилище данных недоступно" in message
    assert "s3cret" not in message and "***" in message


def test_overview_links_lead_to_the_items_of_the_slice(app_env):
    at = run_page("app_pages/overview.py", {"period": "Свой период", "dates": ["2026-10-17", "2026-11-15"],
                                            "district": "Советский"})
    links = [b.proto.url for b in at.get("link_button")]
    assert any(u.startswith("/items?") and "district=%D0%A1%D0%BE%D0%B2%D0%B5%D1%82%D1%81%D0%BA%D0%B8%D0%B9" in u
               and "dates=2026-10-17" in u for u in links), links
