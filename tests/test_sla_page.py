"""AppTest of the «Сроки» page on the DuckDB demo store: it runs, shows its figures, and the grain control works."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGE = "app_pages/sla.py"
PERIOD = {"period": "Свой период", "dates": ["2026-08-18", "2026-11-15"]}


@pytest.fixture
def app_env(monkeypatch, duckdb_url):
    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    monkeypatch.chdir(ROOT)


def run_sla(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in {**PERIOD, **(query or {})}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE)
    at.run()
    return at


def test_sla_page_runs_and_shows_its_sections(app_env):
    at = run_sla()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == "Сроки"
    assert [m.label for m in at.metric] == ["Ответов в срок", "Просрочено сейчас", "Скоро просрочка",
                                            "Продлено сроков", "Первый ответ в норматив"]
    assert at.metric[0].value.endswith("%") and at.metric[0].help
    headers = [h.value for h in at.subheader]
    assert headers == ["Ответы в срок по каналам", "Просрочено сейчас", "Скоро просрочка",
                       "Время ответа и решения по каналам", "Первый ответ: ИМ и Госпаблики"]
    assert len(at.dataframe) >= 2


def test_month_grain_redraws_the_on_time_chart(app_env):
    at = run_sla()
    weekly = at.get("plotly_chart")[0].proto.spec
    at.segmented_control[0].set_value("по месяцам").run()
    assert not at.exception, [e.value for e in at.exception]
    monthly = at.get("plotly_chart")[0].proto.spec
    assert '"tickformat":"%d.%m.%y"' in weekly.replace(" ", "")
    assert '"tickformat":"%m.%Y"' in monthly.replace(" ", "")


def test_time_to_resolution_stands_next_to_the_answer_time(app_env):
    at = run_sla()
    table = next(df.value for df in at.dataframe if "Решение: медиана" in df.value.columns)
    assert {"Медиана", "90-й перцентиль", "Решено", "Решение: 90-й перцентиль", "Решённые"} <= set(table.columns)
    assert table["Решено"].sum() > 0
    assert all("resolved=1" in u for u, n in zip(table["Решённые"], table["Решено"]) if n > 0)


def test_overdue_shortcut_for_a_sector_lead_opens_their_block_by_days_overdue(app_env):
    from urllib.parse import parse_qs, urlsplit

    from tests.roles_env import ZHKH, with_roles

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    with_roles(at, "zhkh")
    for key, value in PERIOD.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    button = next(b for b in at.get("link_button") if "просроченные" in b.proto.label)
    assert button.proto.label == "Все просроченные моего блока"
    params = parse_qs(urlsplit(button.proto.url).query)
    assert params["overdue"] == ["1"] and params["items_sort"] == ["просрочка"] and params["sector"] == [ZHKH]


def test_first_answer_caption_states_the_profiles_norms(app_env):
    """The first-answer caption names each hour channel's term as the store's channels have it (from the profile's
    rules), not a number written into the page."""
    import os

    import sqlalchemy as sa

    from data_access.store.engine import make_engine

    at = run_sla()
    assert not at.exception, [e.value for e in at.exception]

    engine = make_engine(os.environ["MCU_DATABASE_URL"])
    with engine.connect() as conn:
        hour_channels = conn.execute(sa.text("SELECT name, term FROM channels WHERE unit IN ('hours', 'work_hours') "
                                             "ORDER BY id")).all()
    engine.dispose()
    caption = next(c.value for c in at.caption if "по правилам сроков профиля" in c.value)
    assert hour_channels
    for name, term in hour_channels:
        assert f"{name} — {int(term)} ч" in caption, caption
