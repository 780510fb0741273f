"""Another municipality by configuration alone: a city with 3 districts and no boundaries, a settlement with none."""
from datetime import date, datetime

import pytest

from data_access.queries import overview
from data_access.demo.generator import create_demo_store, generate
from data_access.store.engine import make_engine
from data_access.metrics.filters import Filters
from data_access.domain.profile import ProfileError, load_profile

THREE_DISTRICTS = """
[municipality]
name = "Ставрополь"
full_name = "МЦУ города Ставрополя"
timezone = "Europe/Moscow"
population = "population.csv"

[[channels]]
code = "pos"
name = "ПОС"
kinds = ["message"]
unit = "work_days"
term = 10

[[channels]]
code = "fz59"
name = "59-ФЗ"
kinds = ["appeal"]
unit = "calendar_days"
term = 30
extension_max = 30

[[sectors]]
code = "zhkh"
name = "ЖКХ"
topics = ["Отопление", "Вывоз мусора"]

[[sectors]]
code = "roads"
name = "Дороги"
topics = ["Ямы на дорогах"]

[[executors]]
name = "Комитет городского хозяйства"
sector = "zhkh"

[[executors]]
name = "Администрация Ленинского района"
district = "Ленинский"
"""

RURAL = """
[municipality]
name = "Петропавловская"
timezone = "Europe/Moscow"

[[channels]]
code = "pos"
name = "ПОС"
kinds = ["message"]
unit = "work_days"
term = 10

[[sectors]]
code = "all"
name = "Вопросы поселения"
topics = ["Дороги", "Освещение"]

[[executors]]
name = "Администрация поселения"
sector = "all"
"""


@pytest.fixture
def three_districts(tmp_path):
    folder = tmp_path / "stavropol"
    folder.mkdir()
    (folder / "profile.toml").write_text(THREE_DISTRICTS, encoding="utf-8")
    (folder / "population.csv").write_text(
        "district,population\nЛенинский,180000\nОктябрьский,160000\nПромышленный,210000\n", encoding="utf-8")
    return load_profile(folder)


@pytest.fixture
def rural(tmp_path):
    folder = tmp_path / "petropavlovskaya"
    folder.mkdir()
    (folder / "profile.toml").write_text(RURAL, encoding="utf-8")
    return load_profile(folder)


def test_three_district_profile_loads_and_generates(three_districts, tmp_path):
    assert [d.name for d in three_districts.districts] == ["Ленинский", "Октябрьский", "Промышленный"]
    assert three_districts.boundary_geojson() is None
    url = f"duckdb:///{tmp_path / 's.duckdb'}"
    now = datetime(2026, 6, 1, 12, tzinfo=three_districts.tz)
    create_demo_store(url, 3000, seed=1, until=date(2026, 6, 1), profile=three_districts, now=now)
    m = generate(three_districts, 3000, 1, date(2026, 6, 1), now)[0]
    assert set(m["district_id"].dropna().unique()) == {1, 2, 3}
    assert m["lat"].isna().all()  # no boundaries: no points, but districts by name
    engine = make_engine(url)
    h = overview.headline(engine, Filters(date(2026, 5, 1), date(2026, 5, 31), tz=three_districts.timezone), now)
    engine.dispose()
    local = m["received_at"].dt.tz_convert("Europe/Moscow")
    assert h["items"] == int(((local.dt.year == 2026) & (local.dt.month == 5)).sum()) > 0


def test_settlement_without_districts(rural, tmp_path):
    assert rural.districts == ()
    now = datetime(2026, 6, 1, 12, tzinfo=rural.tz)
    m = generate(rural, 1500, 3, date(2026, 6, 1), now)[0]
    assert m["district_id"].isna().all()
    assert (m["executor_id"] == 1).all()
    url = f"duckdb:///{tmp_path / 'r.duckdb'}"
    create_demo_store(url, 1500, seed=3, until=date(2026, 6, 1), profile=rural, now=now)


def test_missing_profile_is_reported_in_russian(tmp_path):
    with pytest.raises(ProfileError, match="не найден"):
        load_profile(tmp_path / "nowhere")


def test_unknown_deadline_unit_is_rejected(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "profile.toml").write_text(RURAL.replace('unit = "work_days"', 'unit = "weeks"'), encoding="utf-8")
    with pytest.raises(ProfileError, match="неизвестная единица"):
        load_profile(folder)


def test_krasnoyarsk_profile_matches_the_census_and_boundaries(profile):
    assert sum(d.population for d in profile.districts) == 1_187_771
    geo = profile.boundary_geojson()
    assert sorted(f["properties"]["district"] for f in geo["features"]) == sorted(d.name for d in profile.districts)
    assert profile.utc_offset_seconds() == 7 * 3600


def test_mcu_profile_naming_another_profile_than_the_stores_is_told(duckdb_url):
    from data_access.store.opening import open_store, profile_override_note

    store = open_store(duckdb_url)  # a Krasnoyarsk demo store
    try:
        assert profile_override_note(store, "") is None                       # not set
        assert profile_override_note(store, "krasnoyarsk") is None            # the same profile
        assert profile_override_note(store, str(store.profile.folder)) is None  # the same, by path
        note = profile_override_note(store, "prirechensk")
        assert "prirechensk" in note and "krasnoyarsk" in note and "используется профиль хранилища" in note
    finally:
        store.engine.dispose()
