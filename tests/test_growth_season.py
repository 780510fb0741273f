"""Seasonality-aware growth («Растущие проблемы», the heat map's growth measure): the test with an expected ratio by
hand, the four-period cube against pandas on both engines, and on the app's own demo data (seed, size and profile of
the first start) the injected problem stays first while November's snow clearing does not top the list."""
from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from data_access.queries import growth
from data_access.queries.heatmap import growth_cube
from data_access.metrics.filters import Filters
from tests.frames import select

TZ = "Asia/Krasnoyarsk"


def _binom_sf(c: int, n: int, q: float) -> float:
    """P(X ≥ c), X ~ Binomial(n, q), summed by hand."""
    return sum(math.comb(n, k) * q ** k * (1 - q) ** (n - k) for k in range(c, n + 1))


def test_expected_ratio_by_hand():
    cube = pd.DataFrame({"district_id": [1, 2, 3, 4], "row_id": [1, 1, 1, 1],
                         "items": [100, 60, 50, 9], "base": [25, 30, 25, 1]})
    got = growth.rank_growth(cube, base="base", ratio=2.0).set_index("district_id")
    # pair 1: expected 2·25 = 50; pair 2: 60 = 2·30, not a rise; pair 3: 50 = 2·25; pair 4: under 10 items
    assert list(got.index) == [1]
    assert got.loc[1, "expected"] == 50 and got.loc[1, "growth"] == pytest.approx(1.0)
    assert got.loc[1, "p_value"] == pytest.approx(_binom_sf(100, 125, 2 / 3), rel=1e-9)
    assert got.loc[1, "p_value"] < growth.ALPHA
    z = math.sqrt(2 * (100 * math.log(100 / (125 * 2 / 3)) + 25 * math.log(25 / (125 / 3))))
    assert got.loc[1, "z"] == pytest.approx(z)
    assert 1 < got.loc[1, "growth_low"] < 2                   # «at least ×…» of items / expected, below ×2
    weak = growth.rank_growth(cube.assign(items=[30, 60, 50, 9], base=[10, 30, 25, 1]), base="base", ratio=2.0)
    assert weak.empty                                          # 30 against an expected 20: p ≈ 0.16, not listed
    same = growth.rank_growth(cube, base="base", ratio=1.0)   # equal periods: pairs 1, 2 and 3 all grew
    assert sorted(same["district_id"]) == [1, 2, 3]


def test_level_ratio_and_pair_growth_by_hand():
    cube = pd.DataFrame({"district_id": [1, 1, 2], "row_id": [1, 2, 1], "items": [30, 10, 20],
                         "prev_items": [10, 10, 10], "yoy_items": [10, 5, 15], "seasonal_base": [20, 10, 20]})
    assert growth.level_ratio(cube, "seasonal") == pytest.approx(60 / 50)
    assert growth.level_ratio(cube, "year") == 1.0
    by_district = growth.pair_growth(cube, "seasonal", ["district_id"]).set_index("district_id")
    assert by_district.loc[1, "growth"] == pytest.approx(40 / (1.2 * 30) - 1)
    assert by_district.loc[2, "growth"] == pytest.approx(20 / (1.2 * 20) - 1)
    prev = growth.pair_growth(cube, "previous", ["district_id", "row_id"])
    assert prev["growth"].tolist() == pytest.approx([2.0, 0.0, 1.0])


def _year_back(d: date, years: int) -> date:
    """By hand: the same day ``years`` years earlier (28 February for the 29th)."""
    try:
        return d.replace(year=d.year - years)
    except ValueError:
        return d.replace(year=d.year - years, day=28)


@pytest.mark.parametrize("f", [Filters(date(2026, 10, 17), date(2026, 11, 15), tz=TZ),
                               Filters(date(2026, 6, 1), date(2026, 8, 31), sectors=(1, 2), tz=TZ)],
                         ids=["30 days", "summer, two blocks"])
def test_growth_cube_matches_pandas(f, store_engine, demo_frames):
    m = demo_frames[0]
    m = m[m["district_id"].notna()]
    n = f.days
    periods = {"items": f,
               "prev_items": replace(f, date_from=f.date_from - timedelta(days=n), date_to=f.date_from - timedelta(days=1)),
               "yoy_items": replace(f, date_from=_year_back(f.date_from, 1), date_to=_year_back(f.date_to, 1)),
               "yoy2_items": replace(f, date_from=_year_back(f.date_from, 2), date_to=_year_back(f.date_to, 2))}
    want = pd.concat({k: select(m, p).groupby(["district_id", "topic_id"]).size() for k, p in periods.items()},
                     axis=1).fillna(0).astype("int64")
    want.index = pd.MultiIndex.from_tuples([(int(d), int(t)) for d, t in want.index])
    got = growth_cube(store_engine, f).set_index(["district_id", "row_id"])
    assert got.index.tolist() == sorted(want.index.tolist())
    want = want.reindex(got.index)
    for col in periods:
        assert got[col].tolist() == want[col].tolist(), col
    assert (got["seasonal_base"] == want["yoy_items"] + want["yoy2_items"]).all()
    assert want["yoy_items"].sum() > 0  # the generated data reach a year back


# --- the app's demo data -----------------------------------------------------------------------------------------

DEMO_UNTIL = date(2026, 11, 30)
NOVEMBER = Filters(date(2026, 11, 1), date(2026, 11, 30), tz=TZ)
SNOW = ("Уборка снега и наледи во дворах", "Уборка снега на дорогах")


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory, profile):
    """The store the app creates on its first start (same rows, seed and profile), with data up to 30.11.2026."""
    from data_access.demo.generator import create_demo_store
    from data_access.store.opening import FIRST_START_ROWS

    url = f"duckdb:///{tmp_path_factory.mktemp('demo_season') / 'demo.duckdb'}"
    create_demo_store(url, FIRST_START_ROWS, until=DEMO_UNTIL, profile=profile,
                      now=datetime(2026, 11, 30, 20, tzinfo=profile.tz))
    return url


@pytest.fixture(scope="module")
def demo_store(demo_url):
    from data_access.store.engine import make_engine

    engine = make_engine(demo_url)
    yield engine
    engine.dispose()


def _named(ranked: pd.DataFrame, engine) -> list[tuple[str, str]]:
    from data_access.store.reference import read_reference

    ref = read_reference(engine)
    d, t = ref.names("districts"), ref.names("topics")
    return [(d[int(x)], t[int(y)]) for x, y in zip(ranked["district_id"], ranked["row_id"])]


def test_the_demo_problem_stays_first_and_snow_is_not_news(demo_store, profile):
    """How the demo injects its problem: profiles/krasnoyarsk/demo.toml [emerging] — hot water in Свердловский,
    growing over the last 21 days (data_access.demo.generator._day_topic_district_probs); snow topics have a winter season."""
    import tomllib

    emerging = tomllib.loads((profile.folder / "demo.toml").read_text(encoding="utf-8"))["emerging"]
    injected = (emerging["district"], emerging["topic"])
    cube = growth_cube(demo_store, NOVEMBER)
    previous = _named(growth.rank_comparison(cube, "previous", limit=10), demo_store)
    seasonal = _named(growth.rank_comparison(cube, "seasonal", limit=10), demo_store)
    year = _named(growth.rank_comparison(cube, "year", limit=10), demo_store)
    # against October, November's snow floods the list (the issue's «9 of the top 10»)
    assert sum(topic in SNOW for _, topic in previous) >= 7, previous
    # the default, the seasonal norm: the injected problem first, no snow at the top or anywhere in the list
    assert growth.DEFAULT_COMPARISON == "seasonal"
    assert seasonal[0] == injected, seasonal
    assert not any(topic in SNOW for _, topic in seasonal), seasonal
    assert year[0] == injected and year[0][1] not in SNOW


def test_seasonal_flags_on_the_demo(demo_store):
    from data_access.store.reference import read_reference

    ref = read_reference(demo_store)
    district = {v: k for k, v in ref.names("districts").items()}
    topic = {v: k for k, v in ref.names("topics").items()}
    flags = growth.seasonal_flags(growth_cube(demo_store, NOVEMBER)).set_index(["district_id", "row_id"])
    hot_water = (district["Свердловский"], topic["Горячее водоснабжение"])
    assert bool(flags.loc[hot_water, "vs_previous"]) and bool(flags.loc[hot_water, "vs_season"])
    assert not bool(flags.loc[hot_water, "seasonal"])
    snow = flags[[topic_id in {topic[s] for s in SNOW} for _, topic_id in flags.index]]
    assert len(snow) >= 7 and snow["seasonal"].all()
    assert bool(flags.loc[(district["Советский"], topic["Уборка снега на дорогах"]), "seasonal"])
    assert (district["Советский"], topic["Горячее водоснабжение"]) not in flags.index  # no significant growth at all


# --- the heat map page: the comparison is a URL parameter, the default is the season -------------------------------

@pytest.fixture
def app_env(monkeypatch, duckdb_url):
    from pathlib import Path

    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)


def _heatmap(query: dict):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=90)
    for key, value in {"period": "Свой период", "dates": ["2026-10-17", "2026-11-15"], **query}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    return at


def test_the_heatmap_compares_with_the_season_unless_the_url_says_otherwise(app_env):
    from components.frame.keys import K

    at = _heatmap({K.HEATMAP_MEASURE: "growth"})
    assert at.selectbox(key=K.HEATMAP_GROWTH).value == "с учётом сезона"
    table = at.dataframe[1].value
    assert "Ожидалось по сезону" in table.columns and "Было" not in table.columns
    assert (table.iloc[0]["Район"], table.iloc[0]["Тема"]) == ("Свердловский", "Горячее водоснабжение")
    assert any("против сезонной нормы" in c.value for c in at.caption)
    districts = at.dataframe[0].value
    assert districts.columns.tolist()[:4] == ["Район", "Поступило", "На 1 000 жит.", "Рост"]
    at = _heatmap({K.HEATMAP_MEASURE: "growth", K.HEATMAP_GROWTH: "к предыдущему периоду"})
    assert at.selectbox(key=K.HEATMAP_GROWTH).value == "к предыдущему периоду"
    assert "Было" in at.dataframe[1].value.columns
    assert any("против предыдущего периода той же длины" in c.value for c in at.caption)


def test_the_meeting_screen_ranks_growth_against_the_season(demo_url, demo_store, monkeypatch):
    """The wall screen's «Растущие проблемы» slide is the heat map's default list: the injected problem first, no
    snow (against the previous period snow would fill it)."""
    import html
    import tomllib
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from data_access.domain.profile import PROFILES_DIR

    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("MCU_DATABASE_URL", demo_url)
    monkeypatch.chdir(root)
    emerging = tomllib.loads((PROFILES_DIR / "krasnoyarsk" / "demo.toml").read_text(encoding="utf-8"))["emerging"]
    at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
    for key, value in {"mode": "screen", "slide": "growth", "slide_seconds": "600", "period": "Свой период",
                       "dates": ["2026-11-01", "2026-11-30"]}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = "\n".join(html.unescape(h.proto.body) for h in at.get("html"))
    titles = [t for t in (f"{d} район · {tp}" for d, tp in _named(growth.rank_comparison(
        growth_cube(demo_store, NOVEMBER), "previous", limit=30), demo_store)) if t in text]
    assert f"{emerging['district']} район · {emerging['topic']}" in text
    assert text.index(f"{emerging['district']} район · {emerging['topic']}") == min(
        text.index(t) for t in [*titles, f"{emerging['district']} район · {emerging['topic']}"])
    assert not any(topic in text for topic in SNOW), "snow clearing is the season, not a growing problem"
    assert "против сезонной нормы" in text and "по сезону ожидалось" in text


def test_the_screen_map_slide_shows_the_heat_maps_district_growth(app_env):
    """One growth per district on the wall and on the heat map (both against the season by default)."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    heat = _heatmap({}).dataframe[0].value.set_index("Район")["Рост"]
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=120)
    for key, value in {"mode": "screen", "slide": "map", "slide_seconds": "600", "period": "Свой период",
                       "dates": ["2026-10-17", "2026-11-15"]}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    wall = at.table[0].value.set_index("Район")["Рост"]
    assert len(wall) == len(heat) > 1
    assert wall.to_dict() == heat.reindex(wall.index).to_dict()
    assert any("против сезонной нормы" in h.proto.body for h in at.get("html"))
