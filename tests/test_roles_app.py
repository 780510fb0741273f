"""Roles in the running app (AppTest): each scoped role tries to leave its scope through addresses, drill
links and cards; anonymous users see the sign-in page only; the upload page exists for the admin only.

Expected figures are pandas over the generated rows, with the role's scope written here by hand.
"""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data_access.store.engine import make_engine
from data_access.store.reference import read_reference
from tests.frames import TZ, local_dates
from tests.roles_env import SCREEN_TOKEN, with_roles
from tests.test_app import ROOT

PERIOD = {"period": "Свой период", "dates": ["2026-08-18", "2026-11-15"]}
FIRST, LAST = date(2026, 8, 18), date(2026, 11, 15)
ROLE_USERS = {"zhkh": ("zhkh", None), "kirov": ("kirov", None), "guests": (None, ["guests"])}


@pytest.fixture(scope="module")
def ref(duckdb_url):
    engine = make_engine(duckdb_url)
    out = read_reference(engine)
    engine.dispose()
    return out


def ids_by_name(ref, table: str) -> dict[str, int]:
    return {v: int(k) for k, v in ref.names(table).items()}


def in_scope(m: pd.DataFrame, ref, role: str) -> pd.Series:
    """The role's scope, as the roles settings of tests/roles_env.py describe it (by hand, not by code)."""
    sectors, districts = ids_by_name(ref, "sectors"), ids_by_name(ref, "districts")
    if role == "zhkh":
        mask = m["sector_id"] == sectors["Жилищно-коммунальное хозяйство"]
    elif role == "kirov":
        mask = m["district_id"] == districts["Кировский"]
    else:
        mask = (m["sector_id"] == sectors["Дороги"]) & (m["district_id"] == districts["Советский"])
    return mask.fillna(False).astype(bool)


def app(monkeypatch, duckdb_url, role: str | None, params: dict, page: str | None = None) -> AppTest:
    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    who, groups = ROLE_USERS.get(role, (role, None)) if role else (None, None)
    with_roles(at, who, groups)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def found(at: AppTest) -> int:
    """«Найдено N обращений» of the items page, 0 for «Обращений с такими условиями нет»."""
    if at.subheader and at.subheader[0].value.startswith("Найдено"):
        return int("".join(ch for ch in at.subheader[0].value.split("обращ")[0] if ch.isdigit()))
    assert any("Обращений с такими условиями нет" in i.value for i in at.info), [s.value for s in at.subheader]
    return 0


# Addresses a scoped user might try: (name, parameters, the selection they ask for as {column: names}).
def url_cases(ref) -> list[tuple[str, dict, dict]]:
    roads_topic = ref.topics.loc[ref.topics["sector_id"] == ids_by_name(ref, "sectors")["Дороги"], "name"].iloc[0]
    zhkh_topic = ref.topics.loc[ref.topics["sector_id"] == ids_by_name(ref, "sectors")["Жилищно-коммунальное "
                                                                                      "хозяйство"], "name"].iloc[0]
    return [
        ("own view", {}, {}),
        ("another block", {"sector": "Дороги"}, {"sector_id": ["Дороги"]}),
        ("two blocks", {"sector": ["Жилищно-коммунальное хозяйство", "Образование"]},
         {"sector_id": ["Жилищно-коммунальное хозяйство", "Образование"]}),
        ("a block by a made-up name", {"sector": "Всё"}, {}),
        ("another district", {"district": "Советский"}, {"district_id": ["Советский"]}),
        ("two districts", {"district": ["Кировский", "Центральный"]}, {"district_id": ["Кировский", "Центральный"]}),
        ("no district", {"district": "Без района"}, {"district_id": [None]}),
        ("a road topic", {"topic": roads_topic}, {"topic_id": [roads_topic]}),
        ("a housing topic", {"topic": zhkh_topic}, {"topic_id": [zhkh_topic]}),
        ("roads executor", {"executor": "Департамент дорожной инфраструктуры и транспорта"},
         {"executor_id": ["Департамент дорожной инфраструктуры и транспорта"]}),
        ("district executor", {"executor": "Администрация Кировского района"},
         {"executor_id": ["Администрация Кировского района"]}),
        ("culture executor", {"executor": "Главное управление культуры"},
         {"executor_id": ["Главное управление культуры"]}),
        ("a channel", {"channel": "ПОС (Госуслуги)"}, {"channel_id": ["ПОС (Госуслуги)"]}),
        ("block and district", {"sector": "Дороги", "district": "Советский"},
         {"sector_id": ["Дороги"], "district_id": ["Советский"]}),
    ]


TABLE_OF = {"sector_id": "sectors", "district_id": "districts", "topic_id": "topics", "executor_id": "executors",
            "channel_id": "channels"}


def expected_rows(m: pd.DataFrame, ref, role: str, selection: dict) -> pd.DataFrame:
    local = local_dates(m["received_at"], TZ)
    mask = in_scope(m, ref, role) & ((local >= FIRST) & (local <= LAST)).fillna(False).astype(bool)
    for column, names in selection.items():
        wanted = [ids_by_name(ref, TABLE_OF[column])[n] for n in names if n is not None]
        hit = m[column].isin(wanted)
        if None in names:
            hit |= m[column].isna()
        mask &= hit.fillna(False).astype(bool)
    return m[mask]


WIDGETS = {"Районы": "district_id", "Отраслевые блоки": "sector_id", "Темы": "topic_id", "Каналы": "channel_id",
           "Исполнители": "executor_id"}


def selection_shown(at: AppTest, ref) -> dict[str, list]:
    """The selections the sidebar widgets hold, as {column: names} (None for «Без района»)."""
    out = {}
    for widget in at.sidebar.multiselect:
        column = WIDGETS.get(widget.label)
        if column and widget.value:
            names = ref.names(TABLE_OF[column])
            out[column] = [None if v == 0 and column == "district_id" else names[int(v)] for v in widget.value]
    return out


@pytest.mark.parametrize("role", ["zhkh", "kirov", "guests"])
def test_addresses_do_not_leave_the_scope(monkeypatch, duckdb_url, demo_frames, ref, role):
    m = demo_frames[0]
    allowed = set(m.loc[in_scope(m, ref, role), "external_id"])
    tried = 0
    for name, params, selection in url_cases(ref):
        items = app(monkeypatch, duckdb_url, role, {**PERIOD, **params}, "app_pages/items.py")
        # A value the filter bar does not offer (outside the scope) is dropped by the widget; what stays
        # must be part of what the address asked for.
        in_effect = selection_shown(items, ref)
        for column, names in in_effect.items():
            assert set(names) <= set(selection.get(column, [])), (role, name, in_effect)
        want = expected_rows(m, ref, role, in_effect)
        assert found(items) == len(want), (role, name)
        if items.dataframe:
            shown = set(items.dataframe[0].value["Номер"])
            assert shown <= allowed, (role, name, shown - allowed)
        over = app(monkeypatch, duckdb_url, role, {**PERIOD, **params}, "app_pages/overview.py")
        received = next(x for x in over.metric if x.label == "Поступило")
        assert int(received.value.replace("\u00a0", "").replace(" ", "")) == len(want), (role, name)
        tried += 2
    assert tried >= 20


@pytest.mark.parametrize("role", ["zhkh", "kirov", "guests"])
def test_cards_search_and_drill_links_stay_in_scope(monkeypatch, duckdb_url, demo_frames, ref, role):
    m, events, _ = demo_frames
    mine_mask = in_scope(m, ref, role)
    mine, other = m[mine_mask].iloc[-1], m[~mine_mask].iloc[-1]
    no_district = m[m["district_id"].isna() & ~mine_mask]
    for item, visible in ((mine, True), (other, False), *(((no_district.iloc[0], False),) if len(no_district) else ())):
        at = app(monkeypatch, duckdb_url, role, {"item": str(int(item["id"]))}, "app_pages/items.py")
        shown = " ".join(str(e.value) for group in (at.title, at.header, at.subheader, at.text, at.markdown,
                                                    at.caption, at.warning, at.metric) for e in group)
        if visible:
            assert item["external_id"] in shown and "нет доступа" not in shown
        else:
            assert "нет доступа" in at.warning[0].value and item["external_id"] not in shown
    for junk in ("-1", "99999999999", "1 OR 1=1", "０１", "9" * 30, ""):
        at = app(monkeypatch, duckdb_url, role, {"item": junk}, "app_pages/items.py")
        assert at.warning and not at.main.text
    # search: the words of another block's item find nothing
    words = str(other["text"]).split()[:3]
    at = app(monkeypatch, duckdb_url, role, {**PERIOD, "q": " ".join(words)}, "app_pages/items.py")
    if at.dataframe:
        assert set(at.dataframe[0].value["Номер"]) <= set(m.loc[mine_mask, "external_id"])
    # drill links of the overview page lead to lists that stay inside the scope
    over = app(monkeypatch, duckdb_url, role, PERIOD, "app_pages/overview.py")
    links = [b.proto.url for b in over.get("link_button")]
    assert links
    allowed = set(m.loc[mine_mask, "external_id"])
    for url in links[:4]:
        parts = urlsplit(url)
        params = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(parts.query).items()}
        page = f"app_pages/{parts.path.strip('/')}.py"
        at = app(monkeypatch, duckdb_url, role, params, page)
        if at.dataframe:
            assert set(at.dataframe[0].value["Номер"]) <= allowed, url


@pytest.mark.parametrize("page", ["app_pages/heatmap.py", "app_pages/sla.py", "app_pages/slices.py",
                                  "app_pages/rating.py", "app_pages/satisfaction.py"])
def test_other_pages_run_for_a_scoped_lead_with_foreign_parameters(monkeypatch, duckdb_url, page):
    at = app(monkeypatch, duckdb_url, "zhkh", {**PERIOD, "sector": "Дороги", "district": "Советский"}, page)
    assert not at.error, [e.value for e in at.error]


def test_rating_lists_only_executors_of_the_block(monkeypatch, duckdb_url, demo_frames, ref):
    m = demo_frames[0]
    at = app(monkeypatch, duckdb_url, "zhkh", PERIOD, "app_pages/rating.py")
    names = ref.names("executors")
    rows = expected_rows(m, ref, "zhkh", {})
    allowed = {names[int(e)] for e in rows["executor_id"].dropna()}
    table = at.dataframe[0].value
    column = next(c for c in table.columns if "сполнител" in str(c))
    assert set(table[column]) <= allowed and len(table) > 0


def test_filter_bar_offers_only_the_scope(monkeypatch, duckdb_url):
    at = app(monkeypatch, duckdb_url, "zhkh", {})
    sectors = next(w for w in at.sidebar.multiselect if w.label == "Отраслевые блоки")
    assert sectors.options == ["Жилищно-коммунальное хозяйство"]
    topics = next(w for w in at.sidebar.multiselect if w.label == "Темы")
    assert topics.options and "Ямочный ремонт" not in topics.options
    who = [t.value for t in at.sidebar.text]
    assert "zhkh@mcu.test — ответственный по блоку (Жилищно-коммунальное хозяйство)" in who  # as text, not Markdown


@pytest.mark.parametrize("role, may_load", [("admin", True), ("head", False), ("zhkh", False), ("guests", False),
                                           (None, False)])
def test_upload_page_is_the_admins(monkeypatch, duckdb_url, role, may_load):
    at = app(monkeypatch, duckdb_url, role, {})
    if role is None:  # anonymous: the sign-in page only
        assert [b.label for b in at.button] == ["Войти"] and not at.metric and not at.sidebar.multiselect
        return
    for page, title in (("app_pages/upload.py", "Загрузка данных"), ("app_pages/audit.py", "Журнал загрузок")):
        if not may_load:
            with pytest.raises(ValueError, match="Could not find a navigation page"):  # not registered
                at.switch_page(page)
            continue
        at.switch_page(page)
        at.run()
        assert not at.exception and at.title[0].value == title


def test_screen_token_opens_only_the_screen(monkeypatch, duckdb_url):
    at = app(monkeypatch, duckdb_url, None, {"token": SCREEN_TOKEN})
    assert at.title == [] or all("Загрузка" not in t.value for t in at.title)
    assert not at.sidebar.multiselect  # no filter bar, no menu: the wall screen
    for page in ("app_pages/items.py", "app_pages/upload.py", "app_pages/heatmap.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):  # the screen is all it has
            at.switch_page(page)
    wrong = app(monkeypatch, duckdb_url, None, {"mode": "screen", "token": SCREEN_TOKEN[:-1]})
    assert "недействительна" in wrong.warning[0].value


def test_unknown_user_and_bad_roles_are_refused(monkeypatch, duckdb_url):
    at = app(monkeypatch, duckdb_url, "stranger@mcu.test", {})
    assert "роль не назначена" in at.warning[0].value and not at.metric
    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    bad = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    with_roles(bad, "admin")
    bad.secrets["roles"] = {"x": {"role": "sector_lead", "users": ["a@b.ru"], "sectors": ["ЖКХ"]}}
    bad.run()
    assert not bad.exception and "не найдены" in bad.error[0].value
    noauth = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    noauth.secrets["roles"] = {"h": {"role": "head", "users": ["a@b.ru"]}}
    noauth.run()
    assert not noauth.exception and "[auth]" in noauth.error[0].value
