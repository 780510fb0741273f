"""The slice table against an independent pandas computation, for several dimension pairs, on both engines."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from components.items.slices import cell_drill, slice_table
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.queries.slices import NONE, TOTAL, slice_cells, slice_values
from tests.frames import deadline_in_force, local_dates, on_time_mask, registered_from, select

TZ = "Asia/Krasnoyarsk"
F = Filters(date(2026, 8, 18), date(2026, 11, 15), tz=TZ)
COLUMNS = {"district": "district_id", "sector": "sector_id", "topic": "topic_id", "channel": "channel_id",
           "executor": "executor_id", "status": "status"}


def _keys(rows: pd.DataFrame, dim: str, date_col: str) -> pd.Series:
    if dim in COLUMNS:
        return rows[COLUMNS[dim]].map(lambda v: NONE if pd.isna(v) else (v if isinstance(v, str) else int(v)))
    days = local_dates(rows[date_col], TZ)
    if dim == "week":
        return days.map(lambda d: (d - timedelta(days=d.weekday()) - date(1970, 1, 1)).days)
    return days.map(lambda d: d.year * 12 + d.month - 1)


# Which date puts an item into the period, per measure — written here, not read from the code under test.
BASIS = {"items": "received", "per_1000": "received", "on_time": "answered", "median_answer_days": "answered",
         "good_share": "answered", "overdue_now": "none"}


def expected(m: pd.DataFrame, f: Filters, row: str, col: str, measure: str, as_of, population, selected_pop):
    """The matrix with pandas only: {(row key | TOTAL, col key | TOTAL): value}."""
    basis = BASIS[measure]
    if basis == "none":
        rows = select(m, f, period_on=None)
        due = deadline_in_force(rows)
        open_now = (rows["received_at"] <= as_of) & (rows["answered_at"].isna() | (rows["answered_at"] > as_of))
        rows = rows[(open_now & (due < as_of)).fillna(False).astype(bool)]
    else:
        rows = select(m, f, period_on="answered_at" if basis == "answered" else "received_at")
    date_col = "answered_at" if basis == "answered" else "received_at"
    frame = pd.DataFrame({"r": _keys(rows, row, date_col), "c": _keys(rows, col, date_col)}, index=rows.index)
    out = {}
    for r_all in (False, True):
        for c_all in (False, True):
            keys = ([] if r_all else ["r"]) + ([] if c_all else ["c"])
            groups = frame.groupby(keys if len(keys) > 1 else keys[0]).groups if keys else {(): frame.index}
            for key, index in groups.items():
                key = key if isinstance(key, tuple) else (key,)
                it = iter(key)
                rk = TOTAL if r_all else next(it)
                ck = TOTAL if c_all else next(it)
                out[(rk, ck)] = _measure(rows.loc[index], measure, row, col, rk, ck, population, selected_pop)
    return out


def _measure(g, measure, row, col, rk, ck, population, selected_pop):
    if measure == "on_time":
        with_deadline = deadline_in_force(g).notna().sum()
        return float(on_time_mask(g).sum() / with_deadline) if with_deadline else np.nan
    if measure == "median_answer_days":
        return float(((g["answered_at"] - registered_from(g)).dt.total_seconds() / 86400).median())
    if measure == "good_share":
        rated = g["rating"].notna().sum()
        return float((g["rating"] >= 4).sum() / rated) if rated else np.nan
    if measure == "per_1000":
        pop = selected_pop
        for dim, key in ((row, rk), (col, ck)):
            if dim == "district" and key != TOTAL:
                pop = population.get(key)
                break
        return g["district_id"].notna().sum() / pop * 1000 if pop else np.nan
    return float(len(g))


PAIRS = [("district", "month", "items"), ("topic", "channel", "items"), ("district", "week", "per_1000"),
         ("executor", "month", "on_time"), ("sector", "district", "median_answer_days"),
         ("channel", "status", "good_share"), ("executor", "district", "overdue_now"), ("week", "sector", "on_time"),
         ("status", "topic", "per_1000")]


@pytest.mark.parametrize(("row", "col", "measure"), PAIRS, ids=["-".join(p) for p in PAIRS])
def test_slice_equals_pandas(store_engine, demo_frames, demo_now, profile, row, col, measure):
    m, _, _ = demo_frames
    f = F.with_(districts=(1, 2, 5, NO_DISTRICT)) if measure == "per_1000" else F
    population = {i: d.population for i, d in enumerate(profile.districts, 1)}
    selected = sum(population[i] for i in (1, 2, 5)) if measure == "per_1000" else sum(population.values())
    cells = slice_cells(store_engine, f, row, col, measure, demo_now, profile.utc_offset_seconds())
    got = slice_values(cells, row, col, measure, population, selected)
    want = expected(m, f, row, col, measure, pd.Timestamp(demo_now), population, selected)
    assert len(want) > 10
    got_cells = {(rk, ck): got.at[rk, ck] for rk in got.index for ck in got.columns if not pd.isna(got.at[rk, ck])}
    want_cells = {k: v for k, v in want.items() if not pd.isna(v)}
    assert got_cells.keys() == want_cells.keys()
    for key, value in want_cells.items():
        assert got_cells[key] == pytest.approx(value, rel=1e-9, abs=1e-9), key


def test_table_is_labelled_ordered_and_totals_last(store_engine, demo_now, profile):
    from data_access.store.reference import read_reference
    ref = read_reference(store_engine)
    cells = slice_cells(store_engine, F, "district", "month", "items", demo_now, profile.utc_offset_seconds())
    values = slice_values(cells, "district", "month", "items", {}, 1)
    matrix, styler = slice_table(values, "district", "month", "items", ref)
    shown = styler.data
    assert list(shown.index)[-2:] == ["Без района", "Итого"] and list(shown.columns)[-1] == "Итого"
    assert list(shown.columns)[:3] == ["август 2026", "сентябрь 2026", "октябрь 2026"]
    assert matrix.loc[TOTAL, TOTAL] == matrix.loc[[k for k in matrix.index if k != TOTAL], TOTAL].sum()
    html = styler.to_html()
    assert "background-color: rgb(" in html


def test_cell_drill_turns_keys_into_filters():
    week = (date(2026, 11, 9) - date(1970, 1, 1)).days
    assert cell_drill(F, "district", "week", "on_time", NONE, week) == (
        {"district": NO_DISTRICT, "date_from": date(2026, 11, 9), "date_to": date(2026, 11, 15)}, {"answered": 1})
    assert cell_drill(F, "status", "month", "items", "answered", 2026 * 12 + 7) == (
        {"status": "answered", "date_from": date(2026, 8, 18), "date_to": date(2026, 8, 31)}, {})
    assert cell_drill(F, "executor", "week", "overdue_now", 3, week) is None
    assert cell_drill(F, "executor", "topic", "overdue_now", TOTAL, 4) == ({"topic": 4}, {"overdue": 1})
