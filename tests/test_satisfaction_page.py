"""AppTest of the satisfaction page on the test demo store."""
from __future__ import annotations

import pytest

from tests.test_app import ROOT, run_page

DATES = {"period": "Свой период", "dates": ["2026-08-18", "2026-11-15"]}


@pytest.fixture
def app_env(monkeypatch, duckdb_url):
    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    monkeypatch.chdir(ROOT)


def test_satisfaction_page_runs(app_env):
    at = run_page("app_pages/satisfaction.py", DATES)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert [m.label for m in at.metric] == ["Оценки 4–5", "Средняя оценка", "Оценено ответов",
                                            "Возвращено на доработку", "Повторные обращения"]
    assert at.metric[0].value.endswith("%")
    # four breakdown tabs, two «drivers» tables, the repeat places
    assert len(at.dataframe) == 7
    drivers = at.dataframe[4].value
    assert "Не выше (95 %)" in drivers.columns and len(drivers) > 0


def test_satisfaction_page_without_answers_says_so(app_env):
    at = run_page("app_pages/satisfaction.py", {"period": "Свой период", "dates": ["2020-01-01", "2020-01-31"]})
    assert not at.exception
    assert any("ответов нет" in i.value for i in at.info)
