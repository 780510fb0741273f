"""Heat-map builders (map layers, matrix, tables), selection → filter logic, and the page in AppTest."""
import json
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.heatmap.map import (
    ATTRIBUTION, DISTRICT_LAYER, HEX_LAYER, district_deck, district_props, hex_rows, legend_html, top_topics_by_district,
)
from components.heatmap.panel import weekly_items_chart
from components.heatmap.matrix import matrix_figure, matrix_frame, matrix_grid
from components.heatmap.measures import MEASURES, fmt_growth
from components.heatmap.selection import Slice, slice_filters, slice_from_map, slice_from_matrix, slice_title, slice_url
from components.heatmap.tables import district_table, growth_table
from components.frame.keys import K
from data_access.queries import heatmap as hm
from data_access.store.engine import make_engine
from data_access.metrics.filters import Filters
from data_access.queries.growth import rank_growth
from data_access.store.reference import read_reference

ROOT = Path(__file__).resolve().parent.parent
F = Filters(date(2026, 10, 17), date(2026, 11, 15), tz="Asia/Krasnoyarsk")
TODAY = date(2026, 11, 15)


@pytest.fixture(scope="module")
def data(duckdb_url, demo_now):
    engine = make_engine(duckdb_url)
    out = {"ref": read_reference(engine), "figures": hm.district_figures(engine, F, demo_now),
           "cube": hm.territory_cube(engine, F, demo_now, "topic"), "cells": hm.hot_cells(engine, F, 8, 400)}
    engine.dispose()
    return out


@pytest.mark.parametrize("measure", list(MEASURES))
def test_map_layer_has_all_seven_districts_with_their_figures(measure, data, profile):
    figures, m = data["figures"], MEASURES[measure]
    scale = m.scale(figures[m.key])
    tops = top_topics_by_district(data["cube"], data["ref"].names("topics"))
    deck = json.loads(district_deck(profile.boundary_geojson(), district_props(figures, m, scale, tops)).to_json())
    assert all(layer.get("id") for layer in deck["layers"])
    assert deck["mapStyle"] == "__MAP_STYLE__"  # no basemap: nothing to fetch
    districts = next(layer for layer in deck["layers"] if layer["id"] == DISTRICT_LAYER)
    props = {f["properties"]["district"]: f["properties"] for f in districts["data"]["features"]}
    assert len(props) == 7
    for row in figures.itertuples():
        p = props[row.district]
        value = getattr(row, m.key)
        assert p["district_id"] == row.district_id and not p["missing"]
        assert p["value"] == pytest.approx(value, nan_ok=True)
        assert p["fill"][:3] == list(scale.color(value))
        assert f"Поступило: {row.items}" in p["tooltip"].replace("\u00a0", "")
        assert m.label in p["tooltip"] and "Рост с учётом сезона" in p["tooltip"]  # the heat map's default comparison
        assert p["tooltip"].count("\n  ") == min(3, int((data["cube"]["district_id"] == row.district_id).sum()))
    texts = [layer for layer in deck["layers"] if layer["@@type"] == "TextLayer"]
    assert any(d.get("text") == ATTRIBUTION for layer in texts for d in layer["data"])


def test_districts_outside_the_filter_are_grey(data, profile):
    m = MEASURES["items"]
    props = district_props(data["figures"], m, m.scale(data["figures"]["items"]), {}, selected=(1,))
    assert props["Советский"]["fill"][:3] != [205, 205, 205]
    assert props["Кировский"]["fill"][:3] == [205, 205, 205]
    assert "не выбран" in props["Кировский"]["tooltip"]


def test_hot_spot_layer(data, profile):
    rows = hex_rows(data["cells"], data["ref"].names("districts"), 0.74)
    assert len(rows) == len(data["cells"]) and rows[0]["items"] == data["cells"]["items"].max()
    deck = json.loads(district_deck(profile.boundary_geojson(), {}, rows).to_json())
    assert HEX_LAYER in [layer["id"] for layer in deck["layers"]]


def test_legend_states_units_and_classes(data):
    m = MEASURES["per_1000"]
    out = legend_html(m, m.scale(data["figures"]["per_1000"]))
    assert "На 1 000 жителей" in out and "обращений на 1 000 жителей" in out and "нет данных" in out
    assert out.count("background:") == len(m.scale(data["figures"]["per_1000"]).colors) + 1


def test_matrix_figure_sorted_and_labelled(data):
    frame = matrix_frame(data["cube"], data["ref"].districts, data["ref"].names("topics"))
    values, ids = matrix_grid(frame, MEASURES["items"])
    assert values.shape[1] == 7
    row_totals = values.sum(axis=1).tolist()
    assert row_totals == sorted(row_totals, reverse=True)
    fig = matrix_figure(values, ids, MEASURES["items"])
    heat = fig.data[0]
    assert heat.texttemplate == "%{text}" and heat.text[0][0] == str(int(values.iloc[0, 0]))
    district_id, row_id = heat.customdata[0][0]
    assert data["ref"].names("districts")[district_id] == values.columns[0]
    assert data["ref"].names("topics")[row_id] == values.index[0]


def test_selection_from_map_and_matrix():
    state = {"selection": {"indices": {"districts": [2]},
                           "objects": {"districts": [{"type": "Feature", "properties": {"district_id": 3}}]}}}
    assert slice_from_map(state) == Slice(district_id=3)
    assert slice_from_map({"selection": {"indices": {}, "objects": {}}}) is None
    assert slice_from_map({"selection": {"objects": {"hot-spots": [{"cell": "88"}]}}}) is None
    point = {"selection": {"points": [{"x": "Свердловский", "y": "Горячее водоснабжение", "customdata": [3, 2]}]}}
    assert slice_from_matrix(point, "topic") == Slice(3, 2, None)
    assert slice_from_matrix(point, "sector") == Slice(3, None, 2)
    assert slice_from_matrix({"selection": {"points": [{"customdata": [3, -1]}]}}, "topic") == Slice(3)
    assert slice_from_matrix({"selection": {"points": []}}, "topic") is None
    assert slice_from_matrix(None, "topic") is None


def test_slice_narrows_filters_and_links_to_items(data):
    ref = data["ref"]
    s = Slice(3, 2)
    f = slice_filters(F.with_(channels=(1,), districts=(1, 2)), s)
    assert f.districts == (3,) and f.topics == (2,) and f.channels == (1,) and f.date_from == F.date_from
    url = urlparse(slice_url(F, s, ref, TODAY))
    assert url.path == "/items"
    params = parse_qs(url.query)
    assert params[K.DISTRICT] == ["Свердловский"] and params[K.TOPIC] == ["Горячее водоснабжение"]
    assert slice_title(s, ref) == "Свердловский район · Горячее водоснабжение"
    assert slice_title(Slice(1, None, 1), ref).startswith("Советский район · ")


def test_growth_and_district_tables(data):
    ref = data["ref"]
    table = growth_table(rank_growth(data["cube"]), ref, F, TODAY)
    assert table.iloc[0]["Район"] == "Свердловский" and table.iloc[0]["Тема"] == "Горячее водоснабжение"
    assert all(u.startswith("/items?") for u in table["Обращения"])
    districts = district_table(data["figures"], "per_1000", ref, F, TODAY)
    assert len(districts) == 7
    assert districts["Район"].iloc[0] == data["figures"].sort_values("per_1000").iloc[-1]["district"]
    assert fmt_growth(0.359) == "+35,9\u00a0%" and fmt_growth(-0.12) == "−12,0\u00a0%"
    assert fmt_growth(None) == "нет данных"


@pytest.fixture
def app_env(monkeypatch, duckdb_url):
    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    monkeypatch.chdir(ROOT)


def run_heatmap(query: dict | None = None, slice_: Slice | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in {"period": "Свой период", "dates": ["2026-10-17", "2026-11-15"], **(query or {})}.items():
        at.query_params[key] = value
    if slice_ is not None:
        at.session_state[K.HEATMAP_SLICE] = slice_
    at.run()
    return at


def test_heatmap_is_the_default_page(app_env):
    at = run_heatmap()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert at.title[0].value == "Тепловая карта"
    assert [s.value for s in at.subheader] == ["Районы", "Растущие проблемы", "Темы × районы"]
    growth = at.dataframe[1].value
    assert (growth.iloc[0]["Район"], growth.iloc[0]["Тема"]) == ("Свердловский", "Горячее водоснабжение")


@pytest.mark.parametrize("measure", list(MEASURES))
def test_every_measure_and_the_sector_rows_render(app_env, measure):
    at = run_heatmap({K.HEATMAP_MEASURE: measure, K.HEATMAP_ROWS: "sector", K.HEATMAP_HEXES: "true"})
    assert not at.exception, [e.value for e in at.exception]
    assert "Горячие точки" in [s.value for s in at.subheader]


def test_a_selected_slice_opens_the_panel(app_env):
    at = run_heatmap(slice_=Slice(3, 2))
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.value == "Подробно: Свердловский район · Горячее водоснабжение" for s in at.subheader)
    assert [m.label for m in at.metric][:2] == ["Поступило", "На 1 000 жителей"]
    at.button(key="hm_close_panel").click().run()
    assert not any(s.value.startswith("Подробно") for s in at.subheader)


def test_district_table_shows_unselected_districts_as_not_selected(duckdb_url):
    """A district filter leaves the other districts «не выбран», not zeros; the selected ones come first."""
    from datetime import date

    import pandas as pd

    from components.heatmap.tables import NOT_SELECTED, district_table
    from data_access.store.engine import make_engine
    from data_access.metrics.filters import Filters
    from data_access.store.reference import read_reference

    engine = make_engine(duckdb_url)
    ref = read_reference(engine)
    engine.dispose()
    figures = pd.DataFrame({"district_id": [1, 2, 3], "district": ["А", "Б", "В"], "items": [0, 5, 0],
                            "per_1000": [0.0, 1.5, 0.0], "growth": [float("nan")] * 3, "overdue": [0, 2, 0],
                            "on_time_share": [float("nan"), 0.5, float("nan")]})
    f = Filters(date(2026, 1, 1), date(2026, 1, 31), districts=(2,), tz="Asia/Krasnoyarsk")
    table = district_table(figures, "items", ref, f, date(2026, 2, 1))
    assert table["Район"].tolist()[0] == "Б" and table["Поступило"].tolist()[0] == "5"
    assert set(table["Поступило"].tolist()[1:]) == {NOT_SELECTED} and table["Обращения"].tolist()[1:] == ["", ""]
    every = district_table(figures, "items", ref, Filters(date(2026, 1, 1), date(2026, 1, 31)), date(2026, 2, 1))
    assert NOT_SELECTED not in every["Поступило"].tolist() and every["Поступило"].tolist()[0] == "5"


def test_the_slice_panel_weeks_are_ticked_on_their_mondays():
    """Plotly's own weekly ticks fall on Sundays: the panel's chart seemed to start a week before the period
    (a label «01.11» under a period from 08.11, found by the outside check)."""
    weeks = pd.DataFrame({"week": [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)], "items": [1, 2, 3]})
    axis = weekly_items_chart(weeks).layout.xaxis
    assert pd.Timestamp(axis.tick0).weekday() == 0  # a Monday
    assert axis.dtick % (7 * 86_400_000) == 0
    assert axis.ticklabelmode != "period"  # «period» would write each label half a week off its bar
