"""A city without a map and a settlement without districts: every page runs, points are kept, the population
file's problems are named in Russian."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from data_access.demo.generator import create_demo_store
from data_access.store.engine import make_engine
from data_access.ingest.importer import import_bytes
from data_access.domain.profile import PROFILES_DIR, ProfileError, load_profile
from tests.test_app import ROOT, registered_pages, viewer_pages
from tests.test_profiles import THREE_DISTRICTS

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _no_map_city(folder):
    folder.mkdir()
    (folder / "profile.toml").write_text(THREE_DISTRICTS, encoding="utf-8")
    (folder / "population.csv").write_text(
        "district,population\nЛенинский,180000\nОктябрьский,160000\nПромышленный,210000\n", encoding="utf-8")
    (folder / "sources").mkdir()
    (folder / "sources" / "generic.yaml").write_text(
        (PROFILES_DIR / "krasnoyarsk" / "sources" / "generic.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return load_profile(folder)


@pytest.fixture(scope="module")
def no_map_url(tmp_path_factory):
    """A demo store of a three-district city without boundaries, plus imported items with coordinates."""
    base = tmp_path_factory.mktemp("nomap")
    profile = _no_map_city(base / "stavropol")
    url = f"duckdb:///{base / 'nomap.duckdb'}"
    create_demo_store(url, 3000, seed=1, until=date(2026, 6, 1), profile=profile,
                      now=datetime(2026, 6, 1, 12, tzinfo=profile.tz))
    header = "Номер;Канал;Поступило;Статус;Тема;Район;Широта;Долгота;Текст\n"
    lines = [f"S-{i};pos;20.05.2026 10:00;в работе;Отопление;Ленинский;45,04{i % 10};41,97{i % 7};текст\n"
             for i in range(30)] + ["S-bad;pos;20.05.2026 10:00;в работе;Отопление;Ленинский;145,0;41,9;текст\n"]
    engine = make_engine(url)
    summary = import_bytes(engine, (header + "".join(lines)).encode(), "pts.csv", "generic", now=NOW)
    engine.dispose()
    return url, summary


@pytest.fixture(scope="module")
def settlement_url(tmp_path_factory):
    profile = load_profile("petropavlovskaya")
    url = f"duckdb:///{tmp_path_factory.mktemp('rural') / 'rural.duckdb'}"
    create_demo_store(url, 2000, seed=3, until=date(2026, 6, 1), profile=profile,
                      now=datetime(2026, 6, 1, 12, tzinfo=profile.tz))
    return url


def test_coordinates_are_kept_without_boundaries(no_map_url):
    url, summary = no_map_url
    assert summary.added == 31 and summary.outside_city == 1  # latitude 145 is off the globe
    engine = make_engine(url)
    with engine.connect() as conn:
        got = pd.DataFrame(conn.execute(sa.text(
            "SELECT external_id, lat, lon, h3_cell FROM messages WHERE external_id LIKE 'S-%'")).all())
    engine.dispose()
    kept = got[got["external_id"] != "S-bad"]
    assert kept["lat"].notna().all() and kept["h3_cell"].notna().all()
    assert kept.set_index("external_id").loc["S-3", "lat"] == pytest.approx(45.043)
    assert got.set_index("external_id").loc["S-bad"].isna()[["lat", "lon", "h3_cell"]].all()


def _run(url, monkeypatch, page, query=None):
    monkeypatch.setenv("MCU_DATABASE_URL", url)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in {"period": "Свой период", "dates": ["2026-05-01", "2026-05-31"], **(query or {})}.items():
        at.query_params[key] = value
    at.run()
    if page != registered_pages()[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.mark.parametrize("page", viewer_pages())
def test_every_page_runs_for_a_city_without_a_map(no_map_url, monkeypatch, page):
    _run(no_map_url[0], monkeypatch, page)


@pytest.mark.parametrize("page", viewer_pages())
def test_every_page_runs_for_a_settlement_without_districts(settlement_url, monkeypatch, page):
    _run(settlement_url, monkeypatch, page)


def test_heat_map_without_a_map_ranks_districts_and_draws_hot_spots(no_map_url, monkeypatch):
    at = _run(no_map_url[0], monkeypatch, "app_pages/heatmap.py", {"hm_hexes": "true"})
    assert any("рейтингом" in c.value for c in at.caption)
    charts = at.get("plotly_chart")
    ranking = [c for c in charts if '"orientation":"h"' in c.proto.spec.replace(" ", "")]
    assert ranking, "no ranking bar chart"
    assert at.get("deck_gl_json_chart"), "no hot-spot map"


@pytest.mark.parametrize("mode_url", ["no_map", "settlement"])
def test_meeting_screen_runs_without_a_map(no_map_url, settlement_url, monkeypatch, mode_url):
    url = no_map_url[0] if mode_url == "no_map" else settlement_url
    for slide in ("map", "growth", "sla", "rating", "satisfaction"):
        at = _run(url, monkeypatch, registered_pages()[0], {"mode": "screen", "slide": slide})
        titles = [h.proto.body for h in at.get("html") if 'class="screen-title"' in h.proto.body]
        assert len(titles) == 1
        if slide == "map" and mode_url == "no_map":  # the districts ranked in place of the map
            assert "Районы: рейтинг" in titles[0]
            assert any('"orientation":"h"' in c.proto.spec.replace(" ", "") for c in at.get("plotly_chart"))


def test_blank_population_cell_is_named_in_russian(tmp_path):
    folder = tmp_path / "city"
    folder.mkdir()
    (folder / "profile.toml").write_text(THREE_DISTRICTS, encoding="utf-8")
    (folder / "population.csv").write_text(
        "district,population\nЛенинский,180000\nОктябрьский,\nПромышленный,двести\n", encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(folder)
    text = str(err.value)
    assert "строка 3: не указано население района «Октябрьский»" in text
    assert "строка 4: население района «Промышленный» — «двести»" in text


# --- data far from today -------------------------------------------------------------------------------

def test_fallback_period_is_the_month_of_the_newest_item():
    from components.frame.stale_period import fallback_note, fallback_period

    default = (date(2026, 11, 2), date(2026, 12, 1))
    assert fallback_period(date(2022, 1, 31), default) == (date(2022, 1, 1), date(2022, 1, 31))
    assert fallback_period(date(2024, 2, 10), default) == (date(2024, 2, 1), date(2024, 2, 29))
    assert fallback_period(date(2026, 11, 2), default) is None  # the default period's first day has data
    assert fallback_period(None, default) is None
    assert fallback_note(date(2022, 1, 31), (date(2022, 1, 1), date(2022, 1, 31))).startswith(
        "Данные по 31.01.2022: показан январь 2022")


@pytest.fixture(scope="module")
def old_store_url(tmp_path_factory):
    profile = load_profile("krasnoyarsk")
    url = f"duckdb:///{tmp_path_factory.mktemp('old') / 'old.duckdb'}"
    create_demo_store(url, 2000, seed=5, until=date(2022, 1, 31), profile=profile,
                      now=datetime(2022, 1, 31, 23, 0, tzinfo=profile.tz))
    return url


@pytest.mark.parametrize("page", viewer_pages())
def test_pages_open_on_the_last_month_with_data(old_store_url, monkeypatch, page):
    monkeypatch.setenv("MCU_DATABASE_URL", old_store_url)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    if page != registered_pages()[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(i.value.startswith("Данные по 31.01.2022: показан январь 2022") for i in at.info), \
        [i.value for i in at.info]
    assert at.session_state["_page_context"].filters.date_from == date(2022, 1, 1)
    assert at.session_state["_page_context"].filters.date_to == date(2022, 1, 31)


def test_a_link_with_a_period_is_not_overridden(old_store_url, monkeypatch):
    monkeypatch.setenv("MCU_DATABASE_URL", old_store_url)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["period"] = "7 дней"
    at.run()
    assert not at.exception
    assert at.session_state["_page_context"].filters.days == 7
    assert not any(i.value.startswith("Данные по") for i in at.info)


def test_latest_received_is_the_newest_item_on_both_engines(store_engine, demo_frames):
    from data_access.store.data_range import latest_received

    messages = demo_frames[0]
    expected = messages["received_at"].max()
    assert latest_received(store_engine) == expected.to_pydatetime()


def test_without_district_boundaries_the_city_outline_bounds_the_points(tmp_path, monkeypatch):
    """Districts by name only, the city outline given: points inside it kept, points outside dropped."""
    folder = tmp_path / "outlined"
    profile = _no_map_city(folder)
    (folder / "city.geojson").write_text(
        (PROFILES_DIR / "krasnoyarsk" / "city_boundary.geojson").read_text(encoding="utf-8"), encoding="utf-8")
    toml = (folder / "profile.toml").read_text(encoding="utf-8")
    (folder / "profile.toml").write_text(toml.replace('population = "population.csv"',
                                                      'population = "population.csv"\ncity_boundary = "city.geojson"'),
                                         encoding="utf-8")
    profile = load_profile(folder)
    assert profile.boundary_geojson() is None and profile.city_boundary_file.exists()
    url = f"duckdb:///{tmp_path / 'o.duckdb'}"
    engine = make_engine(url)
    from data_access.store import engine as eng
    eng.upgrade_store(engine)
    monkeypatch.setenv("MCU_PROFILE", str(folder))
    data = ("Номер;Канал;Поступило;Статус;Тема;Район;Широта;Долгота;Текст\n"
            "C-1;pos;20.05.2026 10:00;в работе;Отопление;Ленинский;56,05;92,95;в городе\n"
            "C-2;pos;20.05.2026 10:00;в работе;Отопление;Ленинский;55,75;37,62;в Москве\n").encode()
    summary = import_bytes(engine, data, "c.csv", "generic", now=NOW)
    with engine.connect() as conn:
        got = dict(conn.execute(sa.text("SELECT external_id, lat FROM messages")).all())
    engine.dispose()
    assert summary.added == 2 and summary.outside_city == 1
    assert got["C-1"] == pytest.approx(56.05) and got["C-2"] is None


def test_settlement_has_no_district_filter(settlement_url, monkeypatch):
    at = _run(settlement_url, monkeypatch, "app_pages/overview.py")
    assert "Районы" not in [m.label for m in at.sidebar.multiselect]
    assert "Темы" in [m.label for m in at.sidebar.multiselect]
