"""AppTest of the rating page on the test demo store: it runs, ranks, and puts the late department in red."""
from __future__ import annotations

from datetime import date

import pytest

from components.frame.keys import K
from components.rating.table import scope_filters
from data_access.metrics.filters import Filters
from data_access.metrics.rating_method import Scope
from tests.test_app import ROOT, run_page

DATES = {"period": "Свой период", "dates": ["2026-08-18", "2026-11-15"]}
LATE = "Департамент дорожной инфраструктуры и транспорта"


@pytest.fixture
def app_env(monkeypatch, duckdb_url):
    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    monkeypatch.chdir(ROOT)


def open_with(scope: str, group: str = "executor"):
    """The rating page with the scope and grouping chosen by clicking the page's controls."""
    at = run_page("app_pages/rating.py", DATES)
    at.button_group(key=K.RATING_SCOPE).set_value(scope)
    at.button_group(key=K.RATING_GROUP).set_value(group)
    return at.run()


def ranked_table(at):
    frame = at.dataframe[0].value
    return frame.data if hasattr(frame, "data") else frame  # a Styler carries the frame in .data


def test_rating_page_ranks_and_shows_the_red_zone(app_env):
    at = run_page("app_pages/rating.py", DATES)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Рейтинг исполнителей"
    table = ranked_table(at)
    assert list(table.columns[:4]) == ["Место", "Изм.", "Исполнитель", "Зона"]
    row = table[table["Исполнитель"] == LATE].iloc[0]
    assert row["Зона"] == "красная"
    assert table["Место"].astype(int).is_monotonic_increasing
    assert all(link.startswith("/items?") for link in table["Обращения"])
    assert any("Методика" in e.label for e in at.expander)


@pytest.mark.parametrize(("scope", "group", "header"), [("pos", "sector", "Отраслевой блок"),
                                                         ("im", "district", "Район")])
def test_rating_scopes_and_groups(app_env, scope, group, header):
    at = open_with(scope, group)
    assert not at.exception, [e.value for e in at.exception]
    table = ranked_table(at)
    assert header in table.columns and len(table) > 0
    assert ("Медиана, ч" in table.columns) == (scope == "im")


def test_scope_filters_intersect_the_channel_filter():
    codes = {"pos": 1, "fz59": 2, "im": 3, "gospabliki": 4}
    im = Scope("im", "ИМ и Госпаблики", ("im", "gospabliki"))
    f = Filters(date(2026, 1, 1), date(2026, 1, 31))
    assert scope_filters(f, im, codes).channels == (3, 4)
    assert scope_filters(f.with_(channels=(4, 1)), im, codes).channels == (4,)
    assert scope_filters(f.with_(channels=(1,)), im, codes) is None  # the page says the rating is not built
    assert scope_filters(f.with_(channels=(1,)), Scope("all", "Общий", ()), codes).channels == (1,)
