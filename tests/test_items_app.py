"""AppTest of the items and slices pages: untrusted texts shown literally, the drill-down round trip, the card."""
from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from components.common.drilldown import drill_filters, drill_url
from components.frame.keys import K
from data_access.store.engine import make_engine
from data_access.metrics.filters import Filters
from data_access.ingest.masker import masked_copies
from data_access.store.reference import read_reference
from data_access.store.schema import messages
from data_access.queries.slices import MEASURES
from tests.test_app import ROOT

EVIL = ("<script>alert('xss')</script> **жирный** _курсив_ [ссылка](javascript:alert(1)) "
        "<img src=x onerror=alert(2)> # Заголовок\n| a | b |")


def loaded(row: dict) -> dict:
    """The row with its masked copies, as the importer stores it."""
    return masked_copies(pd.DataFrame([row])).iloc[0].to_dict()


@pytest.fixture(scope="module")
def evil_store(duckdb_url, tmp_path_factory):
    """A copy of the DuckDB test store with one item whose texts are HTML, Markdown and a script."""
    target = tmp_path_factory.mktemp("evil") / "evil.duckdb"
    shutil.copy(duckdb_url.removeprefix("duckdb:///"), target)
    url = f"duckdb:///{target}"
    engine = make_engine(url)
    with engine.begin() as conn:
        row = dict(conn.execute(sa.select(messages).order_by(messages.c.id.desc()).limit(1)).mappings().one())
        row.pop("id")
        row.update(external_id="EVIL-1", text=EVIL, answer_text="=HYPERLINK(\"http://x\") " + EVIL,
                   address="<b>ул. Ленина</b>", received_at=datetime.now().astimezone())
        item_id = conn.execute(sa.insert(messages).values(**loaded(row)).returning(messages.c.id)).scalar_one()
        row.update(external_id="PD-1", text=PD_TEXT, answer_text="Уважаемый Михаил Александрович! Крышу починили.",
                   address="ул. Ленина, д. 5, кв. 12")
        conn.execute(sa.insert(messages).values(**loaded(row)))
    engine.dispose()
    return url, item_id


PD_TEXT = "Течёт крыша — ул. Ленина, д. 5, кв. 12. Звоните: +7 (902) 691-32-26, Шевчук Михаил Александрович"
PD_MASKED = "Течёт крыша — ул. Ленина, д. 5. Звоните: [телефон], [ФИО]"


def run(monkeypatch, url, page, params, access=None):
    monkeypatch.setenv("MCU_DATABASE_URL", url)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["access"] = {"personal_data": "everyone"} if access is None else access  # these tests look at texts as stored
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_card_shows_script_and_markdown_literally(monkeypatch, evil_store):
    url, item_id = evil_store
    at = run(monkeypatch, url, "app_pages/items.py", {K.ITEM: str(item_id)})
    texts = [t.value for t in at.text]
    assert EVIL in texts and ("=HYPERLINK(\"http://x\") " + EVIL) in texts
    for md in at.markdown:
        assert "alert" not in md.value and "Ленина" not in md.value
    values = [v for df in at.dataframe for v in df.value.astype(str).to_numpy().ravel()]
    assert "<b>ул. Ленина</b>" in values
    assert not at.error


def test_list_search_finds_the_item_and_shows_its_text_as_data(monkeypatch, evil_store):
    url, item_id = evil_store
    at = run(monkeypatch, url, "app_pages/items.py", {K.ITEMS_SEARCH: "<SCRIPT>alert('xss')"})
    assert at.subheader[0].value == "Найдено 1 обращение"
    table = at.dataframe[0].value
    assert table["id"].tolist() == [item_id] and table["Текст"].iloc[0] == EVIL
    assert all("alert" not in md.value for md in at.markdown)


@pytest.mark.parametrize("access, shown", [
    ({}, False),                                                        # the default: masked
    ({"personal_data": "masked"}, False),
    ({"personal_data": "everyone"}, True),
    ({"personal_data": "listed", "personal_data_users": ["head@mcu.ru"]}, False),  # nobody signed in
    ({"personal_data": "evryone"}, False),                              # a typo never opens the data
])
def test_personal_data_in_the_card_and_the_list_follow_the_access_policy(monkeypatch, evil_store, access, shown):
    url, _ = evil_store
    hidden = run(monkeypatch, url, "app_pages/items.py", {K.ITEMS_SEARCH: "691-32-26, Шевчук"}, access=access)
    assert hidden.subheader[0].value == ("Найдено 1 обращение" if shown else "Найдено 0 обращений")  # no confirming
    at = run(monkeypatch, url, "app_pages/items.py", {K.ITEMS_SEARCH: "Течёт крыша — ул. Ленина, д. 5"}, access=access)
    assert at.session_state[K.CONTEXT].personal_data is shown
    assert at.dataframe[0].value["Текст"].tolist() == [PD_TEXT if shown else PD_MASKED]
    pd_id = int(at.dataframe[0].value["id"].iloc[0])
    card = run(monkeypatch, url, "app_pages/items.py", {K.ITEM: str(pd_id)}, access=access)
    texts = [t.value for t in card.text]
    values = [v for df in card.dataframe for v in df.value.astype(str).to_numpy().ravel()]
    if shown:
        assert PD_TEXT in texts and "ул. Ленина, д. 5, кв. 12" in values
    else:
        assert PD_MASKED in texts and "Уважаемый [ФИО]! Крышу починили." in texts and "ул. Ленина, д. 5" in values
        assert not any("691-32-26" in t or "Шевчук" in t or "кв. 12" in t for t in texts + values)
    sidebar = " ".join(c.value for c in card.sidebar.caption)
    assert ("показаны" if shown else "скрыты") in sidebar


def test_unknown_item_gives_a_warning_not_an_exception(monkeypatch, evil_store):
    at = run(monkeypatch, evil_store[0], "app_pages/items.py", {K.ITEM: "999999999"})
    assert "не найдено" in at.warning[0].value


def test_drill_round_trip_filters_url_filter_bar(monkeypatch, duckdb_url):
    """filters → drill_url → the filter bar of the items page → the same Filters; extras reach the list."""
    ref = read_reference(make_engine(duckdb_url))
    today = datetime.now(ref_tz := __import__("zoneinfo").ZoneInfo("Asia/Krasnoyarsk")).date()
    base = Filters(today - timedelta(days=89), today, sectors=(2,), channels=(1, 3), tz=str(ref_tz))
    topic = int(ref.topics[ref.topics["sector_id"] == 2]["id"].iloc[1])  # the bar offers the sector's topics only
    cases = [dict(district=3, topic=topic), dict(executor=4, status="answered", date_from=today - timedelta(days=20),
                                              date_to=today - timedelta(days=6)), dict(district=0, kind="appeal")]
    for selection in cases:
        link = drill_url(base, ref, today, extra={"overdue": 1}, **selection)
        assert link.startswith("/items?")
        params = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(urlsplit(link).query).items()}
        at = run(monkeypatch, duckdb_url, "app_pages/items.py", params)
        assert at.session_state[K.CONTEXT].filters == drill_filters(base, **selection), selection
        assert any("просрочено сейчас" in b.label for b in at.button)


@pytest.mark.parametrize("measure", ["items", "per_1000", "on_time", "median_answer_days", "good_share",
                                     "overdue_now"])
def test_slices_page_runs_for_every_measure(monkeypatch, duckdb_url, measure):
    at = run(monkeypatch, duckdb_url, "app_pages/slices.py",
             {"period": "Свой период", "dates": ["2026-08-18", "2026-11-15"], K.SLICES_ROW: "Исполнитель",
              K.SLICES_COL: "Неделя", K.SLICES_MEASURE: MEASURES[measure].label})  # bound widgets: labels in URL
    assert not at.error and at.dataframe, measure
    assert at.subheader[0].value.startswith(f"{MEASURES[measure].label} (") and "исполнитель × неделя" in \
        at.subheader[0].value
    assert "Итого" in at.dataframe[0].value.index
