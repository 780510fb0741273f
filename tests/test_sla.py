"""«Сроки» figures against independent pandas computations over the same generated rows, on DuckDB and PostgreSQL.

The pandas side uses pandas' own time-zone conversion and working days counted in tests/frames.py from the
``holidays`` package — not ``WorkCalendar``, the ``work_calendar`` table or any SQL of data_access.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
import pytest

from data_access.queries import sla
from data_access.metrics.filters import NO_DISTRICT, Filters
from tests.frames import (deadline_in_force, local_dates, next_working_day, on_time_mask, registered_from, select,
                          working_days_between)

TZ = "Asia/Krasnoyarsk"
CASES = {
    "30 days, all": Filters(date(2026, 10, 17), date(2026, 11, 15), tz=TZ),
    "90 days, two districts": Filters(date(2026, 8, 18), date(2026, 11, 15), districts=(2, 5), tz=TZ),
    "year, ЖКХ": Filters(date(2025, 11, 16), date(2026, 11, 15), sectors=(1,), tz=TZ),
    "no district + executors": Filters(date(2026, 5, 1), date(2026, 10, 31), districts=(NO_DISTRICT, 3),
                                       executors=(2, 3), tz=TZ),
    "kinds and channels": Filters(date(2026, 9, 1), date(2026, 11, 15), kinds=("appeal", "incident"),
                                  channels=(1, 2, 3), tz=TZ),
}
AGE_COLS = ["age_0_1", "age_1_3", "age_3_7", "age_7p"]


def units(profile) -> dict[int, str]:
    return {i: c.unit for i, c in enumerate(profile.channels, 1)}


@pytest.mark.parametrize("grain", sla.GRAINS)
@pytest.mark.parametrize("case", CASES)
def test_on_time_by_period_matches_pandas(case, grain, store_engine, demo_frames, profile):
    m, f = demo_frames[0], CASES[case]
    got = sla.on_time_by_period(store_engine, f, profile.utc_offset_seconds(), grain)
    rows = select(m, f, period_on="answered_at")
    day = pd.to_datetime(local_dates(rows["answered_at"], TZ))
    if grain == "week":
        start = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    else:
        start = day.dt.to_period("M").dt.start_time
    want = (pd.DataFrame({"start": start.dt.date.clip(lower=f.date_from), "channel_id": rows["channel_id"].astype(int),
                          "on_time": on_time_mask(rows), "has_deadline": deadline_in_force(rows).notna()})
            .groupby(["start", "channel_id"]).agg(answered=("on_time", "size"), on_time=("on_time", "sum"),
                                                  on_time_base=("has_deadline", "sum"))
            .reset_index())
    merged = got.merge(want, on=["start", "channel_id"], how="outer", suffixes=("", "_pd"), indicator=True)
    assert len(want) > 0 and (merged["_merge"] == "both").all()
    assert (merged["answered"] == merged["answered_pd"]).all() and (merged["on_time"] == merged["on_time_pd"]).all()
    assert (merged["on_time_base"] == merged["on_time_base_pd"]).all()
    assert got["answered"].sum() == len(rows)
    assert (got["end"] <= f.date_to).all() and (got["start"] >= f.date_from).all()
    assert (got["start"] <= got["end"]).all()
    span = 6 if grain == "week" else 30
    assert ((pd.to_datetime(got["end"]) - pd.to_datetime(got["start"])).dt.days <= span).all()


def expected_overdue(m: pd.DataFrame, f: Filters, now: pd.Timestamp) -> pd.DataFrame:
    dims = select(m, f, period_on=None)
    due = deadline_in_force(dims)
    late = (dims["received_at"] <= now) & (dims["answered_at"].isna() | (dims["answered_at"] > now)) & (due < now)
    rows = dims[late]
    age_days = (now - due[late]).dt.total_seconds() / 86400
    bucket = pd.cut(age_days, [0, 1, 3, 7, np.inf], right=True, labels=AGE_COLS)
    frames = []
    for name, col in (("sector", "sector_id"), ("executor", "executor_id"), ("district", "district_id")):
        t = pd.crosstab(rows[col].astype("Int64").fillna(-1), bucket.rename("age"))
        t = t.reindex(columns=AGE_COLS, fill_value=0)
        t.columns.name = None
        t["total"] = t.sum(axis=1)
        frames.append(t.reset_index(names="id").assign(dimension=name))
    out = pd.concat(frames, ignore_index=True)
    out["id"] = out["id"].astype("Int64").replace(-1, pd.NA)
    return out


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("days_after", [0, 120])
def test_overdue_now_matches_pandas(case, days_after, store_engine, demo_frames, demo_now):
    """Now, and at a moment in the past (``as_of`` 120 days before the data was taken)."""
    m, f = demo_frames[0], CASES[case]
    as_of = demo_now - timedelta(days=days_after)
    got = sla.overdue_now(store_engine, f, as_of)
    want = expected_overdue(m, f, pd.Timestamp(as_of))
    key = lambda df: df.assign(id=df["id"].fillna(-1)).set_index(["dimension", "id"]).sort_index()
    assert want["total"].sum() > 0
    pd.testing.assert_frame_equal(key(got)[AGE_COLS + ["total"]], key(want)[AGE_COLS + ["total"]], check_dtype=False)
    for name in sla.DIMENSIONS:  # each grouping covers every overdue item once
        assert got.loc[got["dimension"] == name, "total"].sum() == want["total"].sum() / 3


def next_working_day_end(now: datetime) -> datetime:
    day = next_working_day(now.date())
    return datetime.combine(day + timedelta(days=1), time(0), now.tzinfo)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("as_of", [datetime(2026, 11, 15, 14, 0), datetime(2026, 11, 3, 10, 0),
                                   datetime(2026, 10, 30, 17, 30)], ids=["sunday", "before-4-nov", "friday"])
def test_due_soon_matches_pandas(case, as_of, store_engine, demo_frames, profile):
    m, f = demo_frames[0], CASES[case]
    now = as_of.replace(tzinfo=profile.tz)
    got = sla.due_soon(store_engine, f, now, profile.utc_offset_seconds())
    horizon = next_working_day_end(now)
    assert got.attrs["horizon"] == horizon
    dims = select(m, f, period_on=None)
    due = deadline_in_force(dims)
    open_then = (dims["received_at"] <= now) & (dims["answered_at"].isna() | (dims["answered_at"] > now))
    rows = dims[open_then & (due >= now) & (due < horizon)].assign(due=due)
    want = (rows.groupby([rows["executor_id"].astype(int), rows["channel_id"].astype(int)])
            .agg(items=("due", "size"), first_deadline=("due", "min")).reset_index())
    merged = got.merge(want, on=["executor_id", "channel_id"], how="outer", suffixes=("", "_pd"), indicator=True)
    assert len(want) > 0 or case != "30 days, all"
    assert (merged["_merge"] == "both").all()
    assert (merged["items"] == merged["items_pd"]).all()
    assert (merged["first_deadline"] == merged["first_deadline_pd"]).all()


def test_due_soon_horizon_on_real_dates(store_engine, profile):
    tz, off = profile.tz, profile.utc_offset_seconds()
    # Friday 31.10.2025 -> the next working day is Saturday 01.11.2025 (transferred); Saturday 01.11 -> Wednesday 05.11
    for now, end in ((datetime(2025, 10, 31, 15, tzinfo=tz), date(2025, 11, 1)),
                     (datetime(2025, 11, 1, 12, tzinfo=tz), date(2025, 11, 5)),
                     (datetime(2026, 11, 13, 23, 59, tzinfo=tz), date(2026, 11, 16))):
        assert sla.due_soon_horizon(store_engine, now, off) == datetime.combine(end + timedelta(days=1), time(0), tz)


@pytest.mark.parametrize("case", CASES)
def test_answer_time_matches_pandas(case, store_engine, demo_frames, profile):
    m, f = demo_frames[0], CASES[case]
    got = sla.answer_time(store_engine, f, profile.utc_offset_seconds()).set_index("channel_id")
    rows = select(m, f, period_on="answered_at")
    reg = registered_from(rows)
    assert len(rows) > 0 and set(got.index) == set(rows["channel_id"].astype(int))
    for channel_id, part in rows.groupby(rows["channel_id"].astype(int)):
        unit = units(profile)[channel_id]
        r, a = reg[part.index], part["answered_at"]
        if unit == "work_days":
            value = pd.Series([working_days_between(x, y) for x, y in zip(local_dates(r, TZ), local_dates(a, TZ))],
                              dtype=float)
        elif unit == "calendar_days":
            value = (a - r).dt.total_seconds() / 86400
        else:
            value = (a - r).dt.total_seconds() / 3600
        row = got.loc[channel_id]
        assert (row["unit"], row["answered"], row["uncounted"]) == (unit, len(part), 0)
        assert row["median"] == pytest.approx(value.median(), abs=1e-6)
        assert row["p90"] == pytest.approx(value.quantile(0.9), abs=1e-6)
        assert row["mean"] == pytest.approx(value.mean(), abs=1e-6)


@pytest.mark.parametrize("case", CASES)
def test_extended_share_matches_pandas(case, store_engine, demo_frames, profile):
    m, f = demo_frames[0], CASES[case]
    got = sla.extended_share(store_engine, f).set_index("channel_id")
    rows = select(m, f, period_on="deadline_at")  # an extension can only be made once the deadline has come
    want = rows.groupby(rows["channel_id"].astype(int)).agg(items=("id", "size"),
                                                            extended=("extended_deadline_at", "count"))
    assert list(got.index) == list(want.index)
    assert (got["items"] == want["items"]).all() and (got["extended"] == want["extended"]).all()
    ext_max = {i: c.extension_max for i, c in enumerate(profile.channels, 1)}
    assert all(got.loc[i, "extension_max"] == ext_max[i] for i in got.index)


@pytest.mark.parametrize("case", CASES)
def test_first_answer_matches_pandas(case, store_engine, demo_frames, demo_now, profile):
    m, f = demo_frames[0], CASES[case]
    got = sla.first_answer(store_engine, f, demo_now).set_index("channel_id")
    hour_channels = [i for i, u in units(profile).items() if u in sla.HOUR_UNITS]
    rows = select(m, f)
    rows = rows[rows["channel_id"].isin(hour_channels)]
    assert list(got.index) == sorted(rows["channel_id"].astype(int).unique())
    now = pd.Timestamp(demo_now)
    for channel_id, part in rows.groupby(rows["channel_id"].astype(int)):
        first = part["first_answer_at"].fillna(part["answered_at"])
        first = first.where(first <= now)
        due = deadline_in_force(part)
        hours = (first - registered_from(part)).dt.total_seconds() / 3600
        row = got.loc[channel_id]
        assert row["items"] == len(part) and row["answered"] == first.notna().sum()
        assert row["within"] == (first <= due).sum()
        assert row["decided"] == (due.notna() & (first.notna() | (due < now))).sum()  # still waiting late counts
        assert row["waiting_late"] == (first.isna() & (due < now)).sum()
        assert row["median_hours"] == pytest.approx(hours.median(), abs=1e-6)
        assert row["p90_hours"] == pytest.approx(hours.quantile(0.9), abs=1e-6)
        assert row["share"] == pytest.approx(row["within"] / row["decided"])
