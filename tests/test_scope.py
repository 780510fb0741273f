"""The scope in the data layer, on both engines: a ЖКХ lead's queries never return a row of another block.

The expected side is pandas over the generated rows (``demo_frames``); the scope is never given to it.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from data_access.queries import heatmap
from data_access.queries import overview
from data_access.queries import rating
from data_access.queries import satisfaction
from data_access.queries import sla
from data_access.queries import slices
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.queries.items import Drill, ItemQuery, count_items, export_batches, item_detail, item_events, items_page
from data_access.store.reference import read_reference
from data_access.store.scope import EVERYTHING, NOTHING, Scope
from tests.frames import TZ, deadline_in_force, local_dates

YEAR = (date(2025, 11, 16), date(2026, 11, 15))
OFFSET = 7 * 3600  # Krasnoyarsk, UTC+7 all year


@pytest.fixture(scope="module")
def ids(duckdb_url):
    """Ids of the ЖКХ and Дороги blocks and of the Кировский district, by name (not by position)."""
    from data_access.store.engine import make_engine

    engine = make_engine(duckdb_url)
    ref = read_reference(engine)
    engine.dispose()
    sectors = {v: k for k, v in ref.names("sectors").items()}
    districts = {v: k for k, v in ref.names("districts").items()}
    return {"zhkh": sectors["Жилищно-коммунальное хозяйство"], "roads": sectors["Дороги"],
            "kirov": districts["Кировский"]}


def in_year(m: pd.DataFrame, column: str = "received_at") -> pd.Series:
    local = local_dates(m[column], TZ)
    return ((local >= YEAR[0]) & (local <= YEAR[1])).fillna(False).astype(bool)


def all_ids(engine, q: ItemQuery) -> list[int]:
    return [int(i) for b in export_batches(engine, q, 10**6) for i in b["id"]]


@pytest.mark.parametrize("which", ["zhkh", "kirov"])
def test_scoped_list_and_export_are_exactly_the_block(store_engine, demo_frames, demo_now, ids, which):
    m = demo_frames[0]
    scope = Scope(sectors=(ids["zhkh"],)) if which == "zhkh" else Scope(districts=(ids["kirov"],))
    column = "sector_id" if which == "zhkh" else "district_id"
    own = (m[column] == ids[which]).fillna(False).astype(bool)
    f = Filters(*YEAR, tz=TZ, scope=scope)
    got = all_ids(store_engine, ItemQuery(f, demo_now))
    expected = set(m.loc[own & in_year(m), "id"].astype(int))
    assert len(expected) > 500 and len(got) == len(set(got))
    assert set(got) == expected
    assert count_items(store_engine, ItemQuery(f, demo_now)) == len(expected)
    # overdue now, any receipt date: still only the block
    overdue = set(all_ids(store_engine, ItemQuery(f, demo_now, Drill(overdue=True))))
    due = deadline_in_force(m)
    open_late = (m["received_at"] <= demo_now) & (m["answered_at"].isna() | (m["answered_at"] > demo_now)) \
        & (due < demo_now)
    assert overdue == set(m.loc[own & open_late.fillna(False).astype(bool), "id"].astype(int)) and overdue


def test_selections_cannot_leave_the_scope(store_engine, demo_frames, demo_now, ids):
    zhkh = Scope(sectors=(ids["zhkh"],))
    for f in (Filters(*YEAR, sectors=(ids["roads"],), tz=TZ, scope=zhkh),
              Filters(*YEAR, districts=(NO_DISTRICT,), tz=TZ, scope=Scope(districts=(ids["kirov"],))),
              Filters(*YEAR, tz=TZ, scope=NOTHING)):
        q = ItemQuery(f, demo_now)
        assert count_items(store_engine, q) == 0 and items_page(store_engine, q, None, 50).empty
        assert overview.headline(store_engine, f, demo_now)["items"] == 0
    # a drill-down replaces the selections, never the scope
    f = Filters(*YEAR, tz=TZ, scope=zhkh).with_(sectors=(ids["roads"],), districts=(ids["kirov"],))
    assert f.scope == zhkh and count_items(store_engine, ItemQuery(f, demo_now)) == 0
    assert f.previous().scope == zhkh


def test_search_finds_only_the_block(store_engine, demo_frames, demo_now, ids):
    m = demo_frames[0]
    f = Filters(*YEAR, tz=TZ, scope=Scope(sectors=(ids["zhkh"],)))
    word = "дом"
    got = set(all_ids(store_engine, ItemQuery(f, demo_now, search=word)))
    folded = m["text"].fillna("").str.lower().str.replace("ё", "е").str.contains(word, regex=False)
    others = m[folded & in_year(m) & (m["sector_id"] != ids["zhkh"]).fillna(True)]
    assert len(others) > 0  # the word is there in other blocks too
    assert got and got == set(m.loc[folded & in_year(m) & (m["sector_id"] == ids["zhkh"]).fillna(False), "id"])


def test_card_of_another_block_is_not_read(store_engine, demo_frames, ids):
    m, events, _ = demo_frames
    zhkh = Scope(sectors=(ids["zhkh"],))
    with_events = m[m["id"].isin(events["message_id"])]
    mine = with_events[with_events["sector_id"] == ids["zhkh"]].iloc[0]
    other = with_events[with_events["sector_id"] == ids["roads"]].iloc[0]
    no_sector = m[m["sector_id"].isna()]
    assert item_detail(store_engine, int(mine["id"]), zhkh)["external_id"] == mine["external_id"]
    assert not item_events(store_engine, int(mine["id"]), zhkh).empty
    assert item_detail(store_engine, int(other["id"]), zhkh) is None
    assert item_events(store_engine, int(other["id"]), zhkh).empty
    assert item_detail(store_engine, int(other["id"]), EVERYTHING) is not None
    assert item_detail(store_engine, int(mine["id"]), NOTHING) is None
    if len(no_sector):
        assert item_detail(store_engine, int(no_sector.iloc[0]["id"]), zhkh) is None


def test_figures_count_only_the_block(store_engine, demo_frames, demo_now, ids):
    m = demo_frames[0]
    zhkh = ids["zhkh"]
    f = Filters(*YEAR, tz=TZ, scope=Scope(sectors=(zhkh,)))
    block = m[(m["sector_id"] == zhkh).fillna(False).astype(bool)]
    received = block[in_year(block)]
    assert overview.headline(store_engine, f, demo_now)["items"] == len(received)
    figures = heatmap.district_figures(store_engine, f, demo_now)
    assert figures["items"].sum() == received["district_id"].notna().sum()
    cube = heatmap.territory_cube(store_engine, f, demo_now, "sector")
    assert set(cube["row_id"]) == {zhkh}
    topics = overview.top_topics(store_engine, f, 100)
    assert topics["items"].sum() == received["topic_id"].notna().sum()
    table = rating.rating_table(store_engine, f, demo_now, "executor")
    by_executor = received.groupby("executor_id").size()
    assert set(table["key"]) <= set(block["executor_id"].dropna().astype(int))
    assert table.set_index("key")["items"].sum() == by_executor.sum()
    cells = slices.slice_cells(store_engine, f, "sector", "district", "items", demo_now, OFFSET)
    total = cells[(cells["g_r"] == 1) & (cells["g_c"] == 1)]["num"].iloc[0]
    assert total == len(received)
    assert set(cells.loc[cells["g_r"] == 0, "r"].dropna().astype(int)) == {zhkh}
    answered = block[in_year(block, "answered_at")]
    assert satisfaction.summary(store_engine, f)["rated"] == answered["rating"].notna().sum()
    assert (slice_ids := set(heatmap.slice_items(store_engine, f, 200)["external_id"])) \
        and slice_ids <= set(block["external_id"])
    late = rating.overdue_items(store_engine, f, demo_now, 500)
    assert set(late["id"]) <= set(block["id"])


# Every query function a page calls, as (function, arguments after the filters): the scope must act exactly
# like the same block chosen in the filter bar (a second SQL path, itself tested against pandas elsewhere).
def _calls(now):
    return [
        (overview.headline, (now,)), (overview.weekly_volume_by_channel, (OFFSET,)), (overview.top_topics, (10,)),
        (sla.on_time_by_period, (OFFSET, "week")), (sla.overdue_now, (now,)), (sla.due_soon, (now, OFFSET)),
        (sla.answer_time, (OFFSET,)), (sla.extended_share, ()), (sla.first_answer, (now,)),
        (heatmap.district_figures, (now,)), (heatmap.territory_cube, (now, "topic")), (heatmap.hot_cells, (8, 400)),
        (heatmap.weekly_items, (OFFSET,)), (heatmap.slice_items, (20,)),
        (rating.rating_table, (now, "executor")), (rating.rating_table, (now, "district")),
        (rating.monthly_trend, (12,)), (rating.worst_topics, (now, 10)), (rating.overdue_items, (now, 50)),
        (satisfaction.summary, ()), (satisfaction.weekly, (OFFSET,)), (satisfaction.breakdown, ()),
        (satisfaction.repeats_weekly, (OFFSET, 30)), (satisfaction.repeat_places, (30, 15)),
        (slices.slice_cells, ("district", "month", "items", now, OFFSET)),
    ]


def _rows_in_order(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(list(df.columns), key=lambda c: c.astype(str)).reset_index(drop=True)


def test_every_query_honours_the_scope_like_the_filter(store_engine, demo_now, ids):
    start = date(2026, 8, 18)
    scoped = Filters(start, YEAR[1], tz=TZ, scope=Scope(sectors=(ids["zhkh"],)))
    chosen = Filters(start, YEAR[1], sectors=(ids["zhkh"],), tz=TZ)
    everything = Filters(start, YEAR[1], tz=TZ)
    differs = 0
    for fn, args in _calls(demo_now):
        got, want, whole = (fn(store_engine, f, *args) for f in (scoped, chosen, everything))
        if fn is heatmap.hot_cells:  # the most frequent address and district of a cell: ties fall either way
            got, want, whole = (df.drop(columns=["address", "district_id"]) for df in (got, want, whole))
        if isinstance(got, pd.DataFrame):  # rows compared as a set: rows that tie on the ORDER BY fall either way
            got, want, whole = (_rows_in_order(df) for df in (got, want, whole))
            pd.testing.assert_frame_equal(got, want, obj=fn.__name__)
            differs += not got.reset_index(drop=True).equals(whole.reset_index(drop=True))
        else:
            assert got == want, fn.__name__
            differs += got != whole
    assert differs >= len(_calls(demo_now)) - 2  # the scope changed (almost) every figure: the test can fail


def test_period_shift_keeps_scope():
    f = Filters(date(2026, 1, 1), date(2026, 1, 31), scope=Scope(sectors=(1,)))
    assert f.previous().scope == f.scope and f.with_(date_from=date(2026, 1, 2)).scope == f.scope
    assert f.date_from - timedelta(days=31) == f.previous().date_from
