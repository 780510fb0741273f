"""Heat-map figures against pandas over the same generated rows, on DuckDB and PostgreSQL."""
from datetime import date, datetime, timedelta

import h3
import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from components.heatmap.matrix import matrix_frame
from data_access.queries import heatmap as hm
from data_access.store.dialect import h3_parent
from data_access.metrics.filters import Filters
from data_access.queries.growth import rank_growth
from data_access.store.reference import read_reference
from data_access.store.schema import messages
from tests.frames import deadline_in_force, on_time_mask, previous_period, select

TZ = "Asia/Krasnoyarsk"
DEFAULT = Filters(date(2026, 10, 17), date(2026, 11, 15), tz=TZ)  # the default 30 days ending at the data's end
CASES = {
    "30 days, all": DEFAULT,
    "90 days, ЖКХ": Filters(date(2026, 8, 18), date(2026, 11, 15), sectors=(1,), tz=TZ),
    "half year, two channels and districts": Filters(date(2026, 3, 1), date(2026, 8, 31), channels=(1, 3),
                                                     districts=(2, 5), tz=TZ),
}


def expected_counts(m: pd.DataFrame, f: Filters, as_of: datetime, by: list[str]) -> pd.DataFrame:
    """The five counts of data_access.queries.heatmap per ``by`` columns, for items with a district."""
    m = m[m["district_id"].notna()]
    dims = select(m, f, period_on=None)
    moment = pd.Timestamp(as_of)
    open_then = (dims["received_at"] <= moment) & (dims["answered_at"].isna() | (dims["answered_at"] > moment))
    overdue = dims[open_then & (deadline_in_force(dims) < moment)]
    answered = select(m, f, period_on="answered_at")
    parts = {
        "items": select(m, f), "prev_items": select(m, previous_period(f)), "answered": answered,
        "on_time": answered[on_time_mask(answered)], "on_time_base": answered[deadline_in_force(answered).notna()],
        "overdue": overdue,
    }
    out = pd.concat({k: v.groupby(by, dropna=False).size() for k, v in parts.items()}, axis=1)
    return out.fillna(0).astype("int64")


@pytest.mark.parametrize("case", CASES)
def test_district_figures_match_pandas(case, store_engine, demo_frames, demo_now, profile):
    m, f = demo_frames[0], CASES[case]
    got = hm.district_figures(store_engine, f, demo_now).set_index("district_id")
    want = expected_counts(m, f, demo_now, ["district_id"]).reindex(range(1, 8), fill_value=0)
    assert list(got.index) == list(range(1, 8))
    assert got["district"].tolist() == [d.name for d in profile.districts]
    for col in ("items", "prev_items", "answered", "on_time", "on_time_base", "overdue"):
        assert got[col].tolist() == want[col].tolist(), col
    population = pd.Series([d.population for d in profile.districts], index=range(1, 8))
    assert np.allclose(got["per_1000"], want["items"] / population * 1000)
    growth = want["items"] / want["prev_items"].replace(0, np.nan) - 1
    assert np.allclose(got["growth"], growth, equal_nan=True)
    assert np.allclose(got["on_time_share"], want["on_time"] / want["on_time_base"].replace(0, np.nan), equal_nan=True)
    if not f.districts:
        assert (got["items"] > 0).all()


@pytest.mark.parametrize("rows", ["topic", "sector"])
@pytest.mark.parametrize("case", CASES)
def test_territory_cube_and_matrix_match_pandas(case, rows, store_engine, demo_frames, demo_now, profile):
    m, f = demo_frames[0], CASES[case]
    col = "topic_id" if rows == "topic" else "sector_id"
    got = hm.territory_cube(store_engine, f, demo_now, rows).set_index(["district_id", "row_id"]).sort_index()
    want = expected_counts(m, f, demo_now, ["district_id", col])
    want.index = want.index.set_names(["district_id", "row_id"])
    want = want[(want > 0).any(axis=1)].sort_index()
    assert len(got) == len(want) > 0
    assert (got.index == want.index).all()
    assert (got[list(want.columns)].to_numpy() == want.to_numpy()).all()

    ref = read_reference(store_engine)
    names = ref.names("topics" if rows == "topic" else "sectors")
    frame = matrix_frame(got.reset_index(), ref.districts, names)
    population = frame["district_id"].map({i + 1: d.population for i, d in enumerate(profile.districts)})
    assert np.allclose(frame["per_1000"], frame["items"] / population * 1000)
    totals = want["items"].groupby(level="row_id").sum()
    order = list(dict.fromkeys(frame["row_id"]))
    assert [totals[r] for r in order] == sorted(totals, reverse=True)  # rows sorted by total, largest first


def test_growth_ranking_puts_the_injected_problem_first(store_engine, demo_frames, demo_now, profile):
    m = demo_frames[0]
    cube = hm.territory_cube(store_engine, DEFAULT, demo_now, "topic")
    ranked = rank_growth(cube)
    topic_id = [t for s in profile.sectors for t in s.topics].index("Горячее водоснабжение") + 1
    district_id = [d.name for d in profile.districts].index("Свердловский") + 1
    top = ranked.iloc[0]
    assert (top["district_id"], top["row_id"]) == (district_id, topic_id)
    pair = (m["district_id"] == district_id) & (m["topic_id"] == topic_id)
    assert top["items"] == len(select(m[pair], DEFAULT)) > top["prev_items"] == len(select(m[pair], previous_period(DEFAULT)))
    assert (ranked["items"] >= 10).all() and (ranked["p_value"] < 0.01).all()


def test_rank_growth_ignores_small_counts():
    counts = pd.DataFrame({"district_id": [1, 2, 3, 4, 5, 6], "row_id": [1, 1, 1, 1, 1, 1],
                           "items": [3, 3, 40, 12, 200, 30], "prev_items": [1, 0, 10, 2, 150, 30]})
    ranked = rank_growth(counts)
    listed = set(zip(ranked["district_id"], ranked["row_id"]))
    assert (1, 1) not in listed and (2, 1) not in listed       # 1 → 3 and 0 → 3: too few
    assert (6, 1) not in listed                                 # no growth
    assert ranked["district_id"].tolist()[0] == 3               # 10 → 40 beats 2 → 12 and 150 → 200
    assert rank_growth(counts, min_items=1)["district_id"].tolist().count(1) == 0  # 1 → 3 is not significant
    one_to_three = rank_growth(counts, min_items=1, alpha=1.0).set_index("district_id").loc[1]
    assert one_to_three["p_value"] == pytest.approx(5 / 16)
    assert one_to_three["growth_low"] < 1


@pytest.mark.parametrize("resolution", [7, 8, 9])
def test_hot_cells_match_pandas(resolution, store_engine, demo_frames):
    m, f = demo_frames[0], DEFAULT
    got = hm.hot_cells(store_engine, f, resolution, limit=1000)
    rows = select(m, f)
    rows = rows[rows["h3_cell"].notna()]
    parents = rows["h3_cell"].map(lambda c: h3.cell_to_parent(h3.int_to_str(int(c)), resolution))
    want = parents.value_counts()
    assert len(got) == len(want)
    assert dict(zip(got["cell"], got["items"])) == want.to_dict()
    assert got["items"].is_monotonic_decreasing
    by_cell = rows.assign(cell=parents).groupby("cell")
    for row in got.head(5).itertuples():
        counts = by_cell.get_group(row.cell)["address"].value_counts()
        assert row.address in set(counts[counts == counts.max()].index)


def test_h3_parent_in_sql_matches_h3(store_engine):
    with store_engine.connect() as conn:
        cells = [c for (c,) in conn.execute(sa.select(messages.c.h3_cell).where(messages.c.h3_cell.is_not(None))
                                            .distinct().limit(200))]
        assert cells
        for resolution in range(0, 10):
            stmt = sa.select(messages.c.h3_cell, h3_parent(messages.c.h3_cell, resolution)).where(
                messages.c.h3_cell.in_(cells))
            for cell, parent in conn.execute(stmt):
                assert h3.int_to_str(parent) == h3.cell_to_parent(h3.int_to_str(cell), resolution), resolution
    with pytest.raises(ValueError):
        h3_parent(messages.c.h3_cell, 16)


def test_weekly_items_and_slice_items(store_engine, demo_frames, profile):
    m = demo_frames[0]
    f = DEFAULT.with_(districts=(3,), topics=(2,))
    weekly = hm.weekly_items(store_engine, f, profile.utc_offset_seconds())
    assert weekly["items"].sum() == len(select(m, f))
    assert all(w.weekday() == 0 for w in weekly["week"])
    items = hm.slice_items(store_engine, f, limit=20)
    want = select(m, f).sort_values(["received_at", "id"], ascending=False).head(20)
    assert items["external_id"].tolist() == want["external_id"].tolist()
    assert set(items["district"]) == {"Свердловский"} and set(items["topic"]) == {"Горячее водоснабжение"}
    assert "text" not in items.columns


def test_slice_items_window_is_limited(store_engine):
    f = Filters(date(2025, 1, 1), date(2026, 11, 15), tz=TZ)
    assert len(hm.slice_items(store_engine, f, limit=7)) == 7
    assert (f.date_to - f.date_from) > timedelta(days=300)
