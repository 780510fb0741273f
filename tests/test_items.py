"""The items list against pandas over the demo rows, on DuckDB and PostgreSQL: conditions, search, order, paging."""
from __future__ import annotations

import re
from datetime import date, timedelta

import h3
import numpy as np
import pandas as pd
import pytest

from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.queries.items import (
    SORTS, Drill, ItemQuery, cell_range, count_items, item_detail, item_events, items_page, next_cursor, seek_cursor, timeline,
)
from tests.frames import AGE_EDGES, deadline_in_force, local_dates, select
from data_access.store.scope import EVERYTHING

TZ = "Asia/Krasnoyarsk"
F = Filters(date(2026, 10, 17), date(2026, 11, 15), tz=TZ)


def expected(m: pd.DataFrame, q: ItemQuery) -> pd.DataFrame:
    """The rows of ``q`` computed with pandas only."""
    as_of = pd.Timestamp(q.as_of)
    drill = q.drill
    if drill.overdue or drill.age or drill.due_soon:
        rows = select(m, q.filters, period_on=None)
    elif drill.extended:
        rows = select(m, q.filters, period_on="deadline_at")
    elif drill.on_time is not None or drill.rating or drill.rated or drill.reworked or drill.answered:
        rows = select(m, q.filters, period_on="answered_at")
    else:
        rows = select(m, q.filters)
    due = deadline_in_force(rows)
    open_now = (rows["received_at"] <= as_of) & (rows["answered_at"].isna() | (rows["answered_at"] > as_of))
    keep = pd.Series(True, index=rows.index)
    if drill.overdue or drill.age:
        keep &= open_now & (due < as_of)
    if drill.age:
        lo, hi = AGE_EDGES["age_" + drill.age.replace("-", "_").replace("+", "p")]
        lo = lo or 0
        past = (as_of - due).dt.total_seconds() / 86400
        keep &= (past > lo) & ((past <= hi) if hi else True)
    if drill.on_time is not None:
        ok = rows["answered_at"] <= due
        keep &= rows["answered_at"].notna() & due.notna() & (ok if drill.on_time else ~ok)
    if drill.rating:
        keep &= rows["rating"] == drill.rating
    if drill.rated:
        keep &= rows["answered_at"].notna() & rows["rating"].notna()
    if drill.reworked:
        keep &= rows["reopened_count"] > 0
    if drill.extended:
        keep &= rows["extended_deadline_at"].notna()
    if drill.cell:
        parents = rows["h3_cell"].map(lambda c: None if pd.isna(c) else
                                      h3.cell_to_parent(h3.int_to_str(int(c)), h3.get_resolution(drill.cell)))
        keep &= parents == drill.cell
    if q.search:  # users without access search the masked copies only
        folded = rows["text" if q.personal_data else "text_masked"].fillna("").str.lower().str.replace("ё", "е")
        keep &= folded.str.contains(q.search.lower().replace("ё", "е"), regex=False)
    return rows[keep.fillna(False).astype(bool)]


def expected_order(rows: pd.DataFrame, q: ItemQuery) -> list[int]:
    """Ids in the order of ``q.sort`` with NULLs last and the id as tie-break (pandas, not SQL)."""
    due = deadline_in_force(rows)
    as_of = pd.Timestamp(q.as_of)
    key = {
        "received": rows["received_at"],
        "registered": rows["registered_at"].fillna(rows["received_at"]),
        "deadline": due,
        "overdue": (rows["answered_at"].fillna(as_of) - due).dt.total_seconds(),
        "rating": rows["rating"].astype("float64"),
    }[q.sort]
    frame = pd.DataFrame({"id": rows["id"].to_numpy(), "null": key.isna().to_numpy(), "key": key.to_numpy()})
    frame = frame.sort_values(["null", "key", "id"], ascending=[True, not q.descending, not q.descending])
    return frame["id"].astype(int).tolist()


def all_pages(engine, q: ItemQuery, size: int) -> list[int]:
    ids, cursor = [], None
    while True:
        page = items_page(engine, q, cursor, size)
        ids += page["id"].astype(int).tolist()
        if len(page) < size:
            return ids
        cursor = next_cursor(page)


QUERIES = [
    dict(),
    dict(filters=F.with_(districts=(3,))),
    dict(filters=F.with_(districts=(NO_DISTRICT, 2), statuses=("answered", "resolved"))),
    dict(drill=Drill(overdue=True)),
    dict(drill=Drill(age="1-3")),
    dict(drill=Drill(age="7+")),
    dict(drill=Drill(on_time=False)),
    dict(drill=Drill(on_time=True), filters=F.with_(channels=(1,))),
    dict(drill=Drill(rating=2)),
    dict(drill=Drill(rated=True), filters=F.with_(districts=(2,))),
    dict(drill=Drill(reworked=True)),
    dict(drill=Drill(answered=True), filters=F.with_(topics=(3,))),
    dict(drill=Drill(extended=True), filters=F.with_(channels=(2,))),
    dict(search="ВОДА"),
    dict(search="тёплая"),
    dict(search="теплая"),
    dict(search="100%"),
    dict(search="телефон для связи: +7"),
    dict(search="телефон для связи: +7", personal_data=True),
    dict(search="ольга", personal_data=True),
    dict(search="ольга"),
]


@pytest.mark.parametrize("spec", QUERIES, ids=[str(i) for i in range(len(QUERIES))])
def test_count_and_rows_match_pandas(store_engine, demo_frames, demo_now, spec):
    m, _, _ = demo_frames
    q = ItemQuery(**{"filters": F, "as_of": demo_now, **spec})
    want = expected(m, q)
    assert count_items(store_engine, q) == len(want)
    assert sorted(all_pages(store_engine, q, 97)) == sorted(want["id"].astype(int))


def test_some_queries_are_not_empty_so_the_comparison_means_something(demo_frames, demo_now):
    m, _, _ = demo_frames
    for spec in (dict(drill=Drill(age="1-3")), dict(search="тёплая"), dict(drill=Drill(reworked=True)),
                 dict(drill=Drill(on_time=False))):
        assert len(expected(m, ItemQuery(**{"filters": F, "as_of": demo_now, **spec}))) > 0, spec


def test_search_ignores_case_and_yo(store_engine, demo_now):
    counts = {w: count_items(store_engine, ItemQuery(F, demo_now, search=w)) for w in ("тёплая", "ТЕПЛАЯ", "Теплая")}
    assert len(set(counts.values())) == 1 and counts["тёплая"] > 0


def test_search_without_access_cannot_confirm_hidden_personal_data(store_engine, demo_frames, demo_now):
    """A phone number, a surname or an e-mail of an item is found by those who may see it, never by others."""
    m, _, _ = demo_frames
    row = m[m["text"].str.contains("Телефон для связи", na=False)].iloc[-1]
    phone = re.search(r"\+7 \(\d{3}\) \d{3}-\d{2}-\d{2}", row["text"]).group()
    surname = row["text"].rsplit(". ", 1)[1].split()[0]
    email = re.search(r"\S+@\S+", m[m["text"].str.contains("@", na=False)]["text"].iloc[-1]).group()
    whole = Filters(date(2020, 1, 1), date(2030, 1, 1), tz=F.tz)
    for secret in (phone, surname, email):
        assert count_items(store_engine, ItemQuery(whole, demo_now, search=secret, personal_data=True)) >= 1, secret
        assert count_items(store_engine, ItemQuery(whole, demo_now, search=secret)) == 0, secret


@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("descending", [True, False])
def test_keyset_pages_follow_the_order_exactly(store_engine, demo_frames, demo_now, sort, descending):
    m, _, _ = demo_frames
    q = ItemQuery(F.with_(districts=(1, 4)), demo_now, sort=sort, descending=descending)
    assert all_pages(store_engine, q, 50) == expected_order(expected(m, q), q)


@pytest.mark.parametrize("sort", ["received", "overdue", "rating"])
def test_seek_reaches_the_same_page_as_stepping(store_engine, demo_now, sort):
    q = ItemQuery(F, demo_now, sort=sort)
    cursor = None
    for _ in range(7):
        cursor = next_cursor(items_page(store_engine, q, cursor, 40))
    sought = seek_cursor(store_engine, q, None, 7 * 40)
    halfway = seek_cursor(store_engine, q, seek_cursor(store_engine, q, None, 3 * 40), 4 * 40)  # from a known page
    stepped = items_page(store_engine, q, cursor, 40)["id"].tolist()
    assert items_page(store_engine, q, sought, 40)["id"].tolist() == stepped
    assert items_page(store_engine, q, halfway, 40)["id"].tolist() == stepped
    assert seek_cursor(store_engine, q, None, 10**7) is None


def test_cell_condition_matches_h3_parents(store_engine, demo_frames, demo_now):
    m, _, _ = demo_frames
    busiest = m["h3_cell"].dropna().astype("int64").value_counts().index[0]
    for res in (7, 8, 9):
        cell = h3.cell_to_parent(h3.int_to_str(int(busiest)), res)
        q = ItemQuery(F.with_(date_from=F.date_from - timedelta(days=700)), demo_now, Drill(cell=cell))
        want = expected(m, q)
        assert len(want) > 0
        assert count_items(store_engine, q) == len(want)


@pytest.mark.parametrize("res", [5, 7, 8, 9])
def test_cell_range_is_exactly_the_children(res):
    cell = h3.latlng_to_cell(56.01, 92.87, res)
    children = [h3.str_to_int(c) for c in h3.cell_to_children(cell, 9)]
    lo, hi = cell_range(cell)
    assert lo == min(children) and hi == max(children)
    outside = [h3.str_to_int(c) for n in h3.grid_ring(cell, 1) for c in h3.cell_to_children(n, 9)]
    assert not any(lo <= c <= hi for c in outside)


def test_drill_params_round_trip_and_invalid_values():
    drill = Drill(age="3-7", on_time=False, rating=4, reworked=True, cell="89283082837ffff", answered=True)
    assert Drill.from_params(drill.to_params()) == (drill, [])
    parsed, bad = Drill.from_params({"age": "99", "rating": "7", "on_time": "yes", "cell": "zzz", "overdue": "1"})
    assert parsed == Drill(overdue=True) and sorted(bad) == ["age", "cell", "on_time", "rating"]


def test_item_detail_and_timeline(store_engine, demo_frames):
    m, ev, _ = demo_frames
    row = m[m["reopened_count"] > 0].iloc[0]
    item = item_detail(store_engine, int(row["id"]), EVERYTHING, personal_data=True)
    assert item["external_id"] == row["external_id"] and item["text"] == row["text"]
    masked = item_detail(store_engine, int(row["id"]), EVERYTHING)
    assert (masked["text"], masked["answer_text"], masked["address"]) == (
        row["text_masked"], row["answer_masked"], row["address_masked"])
    assert not any(k.endswith("_masked") for k in item) and item.keys() == masked.keys()
    due = deadline_in_force(m.loc[[row.name]]).iloc[0]
    assert pd.Timestamp(item["deadline_in_force"]) == due
    timeline = item_events(store_engine, int(row["id"]), EVERYTHING)
    stored = ev[ev["message_id"] == row["id"]]
    # the demo stores timestamps as events too: each (instant, status) once, in time order
    own = [(pd.Timestamp(row[c]), st_) for c, st_ in [("received_at", "new"), ("registered_at", "registered"),
                                                      ("answered_at", "answered"), ("resolved_at", "resolved")]
           if pd.notna(row[c])]
    pairs = set(zip(pd.to_datetime(stored["event_at"], utc=True), stored["status"])) | set(own)
    assert list(zip(pd.to_datetime(timeline["event_at"], utc=True), timeline["status"])) == sorted(
        pairs, key=lambda p: (p[0], p[1] not in {s for _, s in own}))
    assert "rework" in timeline["status"].tolist()
    assert item_detail(store_engine, 10**9, EVERYTHING) is None and item_events(store_engine, 10**9, EVERYTHING).empty


def test_timeline_merges_timestamps_with_stored_events():
    t = pd.Timestamp("2025-03-01 03:00", tz="UTC")
    item = {"received_at": t, "registered_at": t + pd.Timedelta(hours=1), "answered_at": t + pd.Timedelta(days=3),
            "resolved_at": None}
    stored = pd.DataFrame({"event_at": [t, t + pd.Timedelta(days=1), t + pd.Timedelta(days=3)],
                           "status": ["in_progress", "extended", "rejected"], "note": ["импорт", None, None]})
    got = timeline(item, stored)
    # receipt and the in-progress status at the same instant both stay; the answer at the refusal's instant too
    assert got["status"].tolist() == ["new", "in_progress", "registered", "extended", "answered", "rejected"]
    same = timeline(item, pd.DataFrame({"event_at": [t], "status": ["new"], "note": ["из источника"]}))
    assert same["status"].tolist() == ["new", "registered", "answered"] and same["note"][0] == "из источника"
    assert timeline(item, stored.iloc[:0])["status"].tolist() == ["new", "registered", "answered"]


def test_list_times_are_instants_and_late_days_match(store_engine, demo_frames, demo_now):
    m, _, _ = demo_frames
    q = ItemQuery(F, demo_now, Drill(overdue=True), sort="overdue")
    page = items_page(store_engine, q, None, 20).set_index("id")
    rows = m.set_index("id").loc[page.index]
    want = (pd.Timestamp(demo_now) - deadline_in_force(rows)).dt.total_seconds() / 86400
    assert np.allclose(page["overdue_days"].astype(float), want.to_numpy(), atol=1e-6)
    assert (local_dates(pd.to_datetime(page["received_at"], utc=True), TZ) <= F.date_to).all()


def test_every_drill_down_key_of_the_one_mechanism_has_a_meaning():
    """A key added to components.common.drilldown.EXTRA_KEYS must be understood by the items page."""
    from components.common.drilldown import EXTRA_KEYS
    from components.items.table import drill_labels

    samples = {"age": "3-7", "on_time": "0", "cell": "89283082837ffff", "rating": "2"}
    for key in EXTRA_KEYS:
        drill, bad = Drill.from_params({key: samples.get(key, "1")})
        assert not bad and drill != Drill(), key
        assert drill_labels(drill), key
