"""The «Целевые показатели» page (AppTest on the DuckDB demo store) and its pure builders on hand-made frames."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.targets import view as tv
from data_access.metrics.filters import Filters
from data_access.store.reference import read_reference

ROOT = Path(__file__).resolve().parent.parent
PAGE = "app_pages/targets.py"
TZ = "Asia/Krasnoyarsk"
F = Filters(date(2026, 11, 1), date(2026, 11, 15), tz=TZ)
TODAY = date(2026, 11, 15)


@pytest.fixture
def app_env(monkeypatch, duckdb_url):
    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    monkeypatch.chdir(ROOT)


def test_targets_page_runs_and_shows_the_city_score(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == "Целевые показатели"
    assert [m.label for m in at.metric] == [f"{tv.CITY}: {p}" for p in ("вчера", "неделя", "месяц", "квартал")]
    assert all(m.help and "факт ÷ цель" in m.help for m in at.metric)
    table = at.dataframe[0].value
    assert set(table["Показатель"]) >= {"Ответов в срок", "Оценки 4–5", "Среднее время ответа ПОС",
                                        "Первый ответ в норматив", tv.CITY}
    assert all(u.startswith("/items") for u in table["Обращения"])
    assert [h.value for h in at.subheader] == ["Показатели и цели", "Динамика по неделям",
                                               "По блокам, районам и исполнителям"]


@pytest.fixture(scope="module")
def ref(duckdb_url):
    from data_access.store.engine import make_engine

    engine = make_engine(duckdb_url)
    yield read_reference(engine)
    engine.dispose()


def test_score_links_open_the_items_each_score_counts(ref):
    pos = int(ref.channels.loc[ref.channels["code"] == "pos", "id"].iloc[0])
    q = parse_qs(urlsplit(tv.score_url("mean_answer_pos", F, ref, TODAY, date(2026, 11, 8), date(2026, 11, 14))).query)
    assert q["answered"] == ["1"] and q["channel"] == [ref.names("channels")[pos]]
    assert q["dates"] == ["2026-11-08", "2026-11-14"]
    q = parse_qs(urlsplit(tv.score_url("first_answer", F, ref, TODAY, date(2026, 11, 9), date(2026, 11, 15))).query)
    hour = ref.channels.loc[ref.channels["unit"].isin(["hours", "work_hours"]), "id"]
    assert "answered" not in q and sorted(q["channel"]) == sorted(ref.names("channels")[int(i)] for i in hour)
    q = parse_qs(urlsplit(tv.score_url("on_time", F, ref, TODAY, date(2026, 11, 9), date(2026, 11, 9))).query)
    assert q["answered"] == ["1"] and "channel" not in q
    # «Оценки 4–5» is counted over the rated answers: its list is those, not every answer
    q = parse_qs(urlsplit(tv.score_url("rated_good", F, ref, TODAY, date(2026, 11, 9), date(2026, 11, 15))).query)
    assert q["answered"] == ["1"] and q["rated"] == ["1"]


def _long(rows):
    return pd.DataFrame(rows, columns=["dimension", "id", "metric", "actual", "base", "target", "score"])


def test_group_table_puts_the_weakest_first_and_rows_without_scores_last(ref):
    df = _long([
        ("sector", 1, "on_time", 0.99, 10, 0.95, 0.99 / 0.95), ("sector", 1, "city", None, 0, None, 0.99 / 0.95),
        ("sector", 2, "on_time", 0.5, 4, 0.95, 0.5 / 0.95), ("sector", 2, "city", None, 0, None, 0.5 / 0.95),
        ("sector", None, "on_time", None, 0, 0.95, None), ("sector", None, "city", None, 0, None, None),
        ("district", 1, "on_time", 0.5, 4, 0.95, 0.5 / 0.95), ("district", 1, "city", None, 0, None, 0.5 / 0.95),
    ])
    df["id"] = pd.array(df["id"], dtype="Int64")
    out = tv.group_table(df, "sector", F, ref, TODAY, date(2026, 10, 17), TODAY)
    names = ref.names("sectors")
    assert out["Отраслевой блок"].tolist() == [names[2], names[1], "Блок не указан"]
    assert out[tv.CITY].tolist() == ["0,53", "1,04", "—"]
    assert out["Ответов в срок"].tolist()[0] == "0,53 (50,0\u00a0%)"
    assert pd.isna(out["Обращения"].iloc[2])                    # no block: nothing to select
    assert parse_qs(urlsplit(out["Обращения"].iloc[0]).query)["sector"] == [names[2]]


def test_cards_count_the_targets_met():
    df = pd.DataFrame([
        {"period": "week", "date_from": date(2026, 11, 9), "date_to": TODAY, "metric": "on_time", "score": 1.02},
        {"period": "week", "date_from": date(2026, 11, 9), "date_to": TODAY, "metric": "rated_good", "score": 0.9},
        {"period": "week", "date_from": date(2026, 11, 9), "date_to": TODAY, "metric": "first_answer", "score": None},
        {"period": "week", "date_from": date(2026, 11, 9), "date_to": TODAY, "metric": "city", "score": 0.96},
    ])
    cards = {c.label: c for c in tv.city_cards(df)}
    week = cards[f"{tv.CITY}: неделя"]
    assert (week.value, week.delta) == ("0,96", "цель достигнута: 1 из 2")
    assert cards[f"{tv.CITY}: вчера"].value == "—"
