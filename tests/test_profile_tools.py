"""Profile tools: `profile new` from a zipped МСК shapefile gives a profile that passes `profile check`, imports a
file and locates its points; `profile check` names every planted problem of a broken profile at once."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Polygon

from data_access.store import engine as eng
from data_access.ingest.importer import import_bytes
from data_access.domain.profile import PROFILES_DIR, ProfileError, load_profile
from data_access.domain.profile_check import ERROR, WARNING, check_profile, profile_folder
from data_access.domain.profile_cli import main, new_profile

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = PROFILES_DIR / "prirechensk"


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data_access.domain.profile", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("name", ["krasnoyarsk", "prirechensk", "petropavlovskaya"])
def test_shipped_profiles_pass_the_check(name):
    result = run_cli("check", name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "проблем не найдено" in result.stdout


def test_new_profile_from_a_zipped_msk_shapefile_passes_check_and_imports(tmp_path):
    folder = tmp_path / "city"
    result = run_cli("new", str(folder), "--boundaries", str(SHIPPED / "prirechensk_raiony.zip"),
                     "--name-field", "RAION", "--population", str(SHIPPED / "population.csv"),
                     "--timezone", "Asia/Krasnoyarsk", "--title", "Город")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "проблем не найдено" in result.stdout
    profile = load_profile(folder)
    assert [d.name for d in profile.districts] == ["Западный", "Заречный", "Северный"]
    # a store of that profile; a file with points of known Krasnoyarsk districts → the merged districts
    url = f"duckdb:///{tmp_path / 'city.duckdb'}"
    engine = eng.make_engine(url)
    eng.upgrade_store(engine)
    csv_text = ("Номер;Канал;Поступило;Статус;Тема;Широта;Долгота;Текст\n"
                "A-1;pos;01.03.2025 10:00;в работе;Отопление;56,05;92,95;в Советском районе\n"
                "A-2;pos;01.03.2025 10:00;в работе;Отопление;55,99;92,93;в Кировском районе\n"
                "A-3;pos;01.03.2025 10:00;в работе;Отопление;55,75;37,62;в Москве\n")
    import os
    os.environ["MCU_PROFILE"] = str(folder)
    try:
        summary = import_bytes(engine, csv_text.encode(), "a.csv", "generic", now=datetime(2025, 4, 1, tzinfo=UTC))
    finally:
        del os.environ["MCU_PROFILE"]
    assert summary.added == 3 and summary.outside_city == 1
    import sqlalchemy as sa
    with engine.connect() as conn:
        rows = dict(conn.execute(sa.text(
            "SELECT m.external_id, d.name FROM messages m LEFT JOIN districts d ON d.id = m.district_id")).all())
    engine.dispose()
    assert rows == {"A-1": "Северный", "A-2": "Заречный", "A-3": None}


def test_new_without_population_writes_a_template_that_check_names(tmp_path, capsys):
    folder = tmp_path / "draft"
    code = main(["new", str(folder), "--boundaries", str(SHIPPED / "prirechensk_raiony.zip"), "--name-field", "RAION"])
    out = capsys.readouterr().out
    assert code == 1
    for name in ("Западный", "Заречный", "Северный"):
        assert f"не указано население района «{name}»" in out


def test_new_refuses_an_existing_folder_and_a_wrong_field(tmp_path):
    with pytest.raises(SystemExit, match="уже есть"):
        new_profile(str(tmp_path), SHIPPED / "prirechensk_raiony.zip", "RAION", None)
    with pytest.raises(SystemExit, match="нет поля «NAME».*RAION"):
        new_profile(str(tmp_path / "x"), SHIPPED / "prirechensk_raiony.zip", "NAME", None)


BROKEN_TOML = """
[municipality]
name = "Сломанный"
timezone = "Europe/Berlin"
boundaries = "{boundaries}"
boundary_name_property = "nm"
population = "population.csv"

[[channels]]
code = "pos"
name = "ПОС"
kinds = ["message"]
unit = "work_days"
term = 10

[[sectors]]
code = "all"
name = "Всё"
topics = ["Дороги"]

[[executors]]
name = "Администрация"
sector = "nowhere"
"""


def _broken(tmp_path, boundaries_name: str) -> Path:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "profile.toml").write_text(BROKEN_TOML.format(boundaries=boundaries_name), encoding="utf-8")
    (folder / "population.csv").write_text("district,population\nА,1000\nБ,\nВ,500\n", encoding="utf-8")
    (folder / "deadline_rules.csv").write_text(
        "channel,kind,topic,unit,term,extension_max,basis\n"
        "im,incident,,hours,8,0,нет такого канала\n"
        "pos,appeal,,calendar_days,30,30,обращения не приходят через этот канал\n", encoding="utf-8")
    return folder


def test_check_names_every_planted_problem_with_an_unknown_crs(tmp_path):
    folder = _broken(tmp_path, "d.shp")
    square = Polygon([(0, 0), (1000, 0), (1000, 1000), (0, 1000)])
    gpd.GeoDataFrame({"nm": ["А"]}, geometry=[square]).to_file(folder / "d.shp", engine="pyogrio")  # no .prj
    problems = check_profile(folder)
    texts = "\n".join(p.text for p in problems)
    assert all(p.level == ERROR for p in problems)
    for planted in ("«Europe/Berlin» переходит на летнее время", "строка 3: не указано население района «Б»",
                    "система координат границ неизвестна", "правило 1: неизвестный канал «im»",
                    "правило 2: вид «appeal» не приходит по каналу «pos»",
                    "исполнитель «Администрация»: неизвестный блок «nowhere»"):
        assert planted in texts, planted
    with pytest.raises(ProfileError, match="летнее время"):  # the app refuses it, with the reason
        load_profile(folder)


def test_check_names_every_planted_problem_of_a_readable_profile(tmp_path):
    folder = _broken(tmp_path, "d.geojson")
    bowtie = Polygon([(37.0, 55.0), (37.1, 55.1), (37.1, 55.0), (37.0, 55.1), (37.0, 55.0)])
    square = Polygon([(37.2, 55.0), (37.3, 55.0), (37.3, 55.1), (37.2, 55.1)])
    gpd.GeoDataFrame({"nm": ["А", "Г"]}, geometry=[bowtie, square], crs="EPSG:4326").to_file(
        folder / "d.geojson", driver="GeoJSON", engine="pyogrio")
    toml = (folder / "profile.toml").read_text(encoding="utf-8").replace("Europe/Berlin", "Europe/Moscow")
    (folder / "profile.toml").write_text(toml, encoding="utf-8")
    (folder / "population.csv").write_text("district,population,official_area_km2\nА,1000,5000\nБ,\nВ,500\n",
                                           encoding="utf-8")
    problems = check_profile(folder)
    by_text = {p.text: p.level for p in problems}
    texts = "\n".join(by_text)
    expected = {
        "не указано население района «Б»": ERROR,
        "исправлены make_valid: А": WARNING,
        "площадь района «А» по границам": WARNING,   # 5000 km² stated, about 60 km² drawn
        "районы есть в границах, но нет в файле населения: Г": ERROR,
        "районы есть в файле населения, но нет в границах: В": ERROR,
        "правило 1: неизвестный канал «im»": ERROR,
        "правило 2: вид «appeal» не приходит по каналу «pos»": ERROR,
        "исполнитель «Администрация»: неизвестный блок «nowhere»": ERROR,
    }
    for planted, level in expected.items():
        hits = [lv for text, lv in by_text.items() if planted in text]
        assert hits == [level], (planted, texts)
    assert len(problems) == len(expected), texts
    assert not any("летнее" in t for t in by_text)


def test_the_app_shows_the_check_at_start(tmp_path, monkeypatch):
    """A profile whose boundaries needed repair: the app runs and lists the remark (not an error)."""
    from streamlit.testing.v1 import AppTest

    folder = tmp_path / "repaired"
    new_profile(str(folder), SHIPPED / "prirechensk_raiony.zip", "RAION", SHIPPED / "population.csv",
                timezone="Asia/Krasnoyarsk")
    gdf = gpd.read_file(folder / "prirechensk_raiony.zip")
    west = gdf.index[gdf["RAION"] == "Западный"][0]
    x0, y0, x1, y1 = gdf.geometry[west].bounds  # a self-intersecting outline of the same district
    gdf.loc[west, "geometry"] = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1), (x0, y0)])
    (folder / "prirechensk_raiony.zip").unlink()
    gdf.to_file(folder / "d.gpkg", driver="GPKG", engine="pyogrio")
    toml = (folder / "profile.toml").read_text(encoding="utf-8").replace("prirechensk_raiony.zip", "d.gpkg")
    (folder / "profile.toml").write_text(toml, encoding="utf-8")
    from data_access.demo.generator import create_demo_store
    from datetime import date

    profile = load_profile(folder)
    url = f"duckdb:///{tmp_path / 'r.duckdb'}"
    create_demo_store(url, 1500, seed=2, until=date(2026, 6, 1), profile=profile,
                      now=datetime(2026, 6, 1, 12, tzinfo=profile.tz))
    monkeypatch.setenv("MCU_DATABASE_URL", url)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("замечаний 1" in e.label for e in at.expander), [e.label for e in at.expander]
    assert any("make_valid: Западный" in t.value for t in at.text)
    geo = profile.boundary_geojson()
    assert json.dumps(geo)  # drawn from the repaired outline


def test_new_from_a_plain_shapefile_copies_its_parts(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    gdf = gpd.read_file(PROFILES_DIR / "krasnoyarsk" / "districts.geojson").to_crs("EPSG:28416")
    gdf.rename(columns={"district_name": "NAME"}).to_file(src / "raiony.shp", engine="pyogrio", encoding="UTF-8")
    code = main(["new", str(tmp_path / "krsk"), "--boundaries", str(src / "raiony.shp"), "--name-field", "NAME",
                 "--name-suffix", " район", "--population", str(PROFILES_DIR / "krasnoyarsk" / "population.csv"),
                 "--timezone", "Asia/Krasnoyarsk"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert {p.suffix for p in (tmp_path / "krsk").glob("raiony.*")} >= {".shp", ".shx", ".dbf", ".prj"}
    profile = load_profile(tmp_path / "krsk")
    assert sorted(f["properties"]["district"] for f in profile.boundary_geojson()["features"]) == \
        sorted(d.name for d in profile.districts)


def test_new_survives_a_hostile_title(tmp_path):
    folder = new_profile(str(tmp_path / "q"), SHIPPED / "prirechensk_raiony.zip", "RAION", SHIPPED / "population.csv",
                         title='Город "N"\n[evil]\nx = 1', timezone="Asia/Krasnoyarsk")
    profile = load_profile(folder)
    assert profile.name == 'Город "N"\n[evil]\nx = 1'
    assert check_profile(folder) == []


@pytest.mark.parametrize(("file_name", "content", "message"), [
    ("d.zip", b"PK\x03\x04 not really a zip", "не читается"),
    ("d.geojson", b'{"type": "FeatureCollection", "features": [', "не читается"),
    ("d.txt", b"district\n", "формат не поддерживается"),
    ("d.kml", b"<kml><Document><Placemark><name>A</name></Placemark></Document></kml>", "нет поля"),
])
def test_a_broken_boundaries_file_is_a_russian_error_and_the_map_falls_back(tmp_path, file_name, content, message):
    folder = new_profile(str(tmp_path / "b"), SHIPPED / "prirechensk_raiony.zip", "RAION", SHIPPED / "population.csv",
                         timezone="Asia/Krasnoyarsk")
    (folder / file_name).write_bytes(content)
    toml = (folder / "profile.toml").read_text(encoding="utf-8").replace("prirechensk_raiony.zip", file_name)
    (folder / "profile.toml").write_text(toml, encoding="utf-8")
    problems = check_profile(folder)
    assert any(p.level == ERROR and message in p.text for p in problems), problems
    assert load_profile(folder).boundary_geojson() is None  # pages draw the ranking instead of a map


def test_check_names_unknown_and_unusable_targets(tmp_path):
    import shutil

    folder = tmp_path / "krs"
    shutil.copytree(profile_folder("krasnoyarsk"), folder)
    toml = (folder / "profile.toml").read_text(encoding="utf-8")
    toml = toml.replace("satisfaction_share = 0.60", "satisfaction_share = 0\nwow_share = 0.5", 1)
    (folder / "profile.toml").write_text(toml, encoding="utf-8")
    texts = {p.text: p.level for p in check_profile(folder)}
    assert [lv for t, lv in texts.items() if "«wow_share» не цель ни одной меры" in t] == [WARNING]
    assert [lv for t, lv in texts.items() if "«satisfaction_share» должна быть числом больше нуля" in t] == [ERROR]
    assert len(texts) == 2, texts
