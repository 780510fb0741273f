"""Satisfaction page figures against pandas over the same generated rows, on DuckDB and PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest

from data_access.queries import satisfaction
from data_access.metrics.filters import Filters
from tests.frames import FILTER_CASES, TZ, local_dates, previous_period, select

CASES = {k: v for k, v in FILTER_CASES.items() if k != "kinds and statuses"}
DIMS = {"sector": "sector_id", "district": "district_id", "executor": "executor_id", "channel": "channel_id",
        "topic": "topic_id"}


def rating_counts(a: pd.DataFrame) -> dict:
    r = a["rating"]
    return {"answered": len(a), "rated": int(r.notna().sum()), "rated_good": int((r >= 4).sum()),
            "rating_sum": int(r.sum()), **{f"r{k}": int((r == k).sum()) for k in range(1, 6)}}


def week_of(ts: pd.Series) -> pd.Series:
    local = pd.to_datetime(local_dates(ts, TZ))
    return (local - pd.to_timedelta(local.dt.day_of_week, unit="D")).dt.date


@pytest.mark.parametrize("case", CASES)
def test_summary_matches_pandas(case, store_engine, demo_frames):
    m, f = demo_frames[0], CASES[case]
    got = satisfaction.summary(store_engine, f)
    want = {}
    for prefix, flt in (("", f), ("prev_", previous_period(f))):
        a = select(m, flt, period_on="answered_at")
        want |= {prefix + k: v for k, v in rating_counts(a).items()}
        want[prefix + "reworked"] = int((a["reopened_count"] > 0).sum())
    assert want["rated"] > 0
    assert got == want


@pytest.mark.parametrize("case", CASES)
def test_weekly_matches_pandas(case, store_engine, demo_frames, profile):
    m, f = demo_frames[0], CASES[case]
    got = satisfaction.weekly(store_engine, f, profile.utc_offset_seconds()).set_index("week")
    a = select(m, f, period_on="answered_at")
    a = a.assign(week=week_of(a["answered_at"]), rated=a["rating"].notna(), good=a["rating"] >= 4,
                 reworked=a["reopened_count"] > 0)
    want = a.groupby("week").agg(answered=("id", "size"), rated=("rated", "sum"), rated_good=("good", "sum"),
                                 rating_sum=("rating", "sum"), reworked=("reworked", "sum")).astype("int64")
    assert len(want) > 0
    pd.testing.assert_frame_equal(got, want, check_names=False)


@pytest.mark.parametrize("case", CASES)
def test_breakdown_matches_pandas(case, store_engine, demo_frames):
    m, f = demo_frames[0], CASES[case]
    got = satisfaction.breakdown(store_engine, f)
    a = select(m, f, period_on="answered_at")
    for dim, col in DIMS.items():
        part = got[got["dimension"] == dim].set_index("key")
        want = {int(k): rating_counts(g) for k, g in a.groupby(col)}
        assert set(part.index) == set(want), dim
        for key, counts in want.items():
            assert part.loc[key, list(counts)].to_dict() == counts, (dim, key)


def expected_repeats(m: pd.DataFrame, f: Filters, days: int = 30) -> pd.DataFrame:
    """Items of the period (and filters) with ``is_repeat``: an earlier item of the same H3 cell and topic
    (any channel, executor, status) came at most ``days`` days before."""
    start = pd.Timestamp(datetime.combine(f.date_from, datetime.min.time())).tz_localize(TZ)
    located = m[m["h3_cell"].notna() & m["topic_id"].notna() & (m["received_at"] >= start - timedelta(days=days))]
    located = located.sort_values(["received_at", "id"])
    gap = located["received_at"] - located.groupby(["h3_cell", "topic_id"])["received_at"].shift()
    flagged = located.assign(is_repeat=(gap <= pd.Timedelta(days=days)).astype(int))
    return select(flagged, f)


@pytest.mark.parametrize("case", CASES)
def test_repeats_weekly_matches_pandas(case, store_engine, demo_frames, profile):
    m, f = demo_frames[0], CASES[case]
    got = satisfaction.repeats_weekly(store_engine, f, profile.utc_offset_seconds(), 30).set_index("week")
    x = expected_repeats(m, f)
    want = x.assign(week=week_of(x["received_at"])).groupby("week").agg(
        located=("id", "size"), repeats=("is_repeat", "sum")).astype("int64")
    assert want["repeats"].sum() > 0
    pd.testing.assert_frame_equal(got, want, check_names=False)


def test_repeats_window_is_configurable(store_engine, demo_frames, profile):
    m, f = demo_frames[0], CASES["90 days, two districts"]
    got = satisfaction.repeats_weekly(store_engine, f, profile.utc_offset_seconds(), 7)
    assert got["repeats"].sum() == expected_repeats(m, f, 7)["is_repeat"].sum()
    assert got["repeats"].sum() < satisfaction.repeats_weekly(store_engine, f, profile.utc_offset_seconds(), 30)[
        "repeats"].sum()


@pytest.mark.parametrize("case", CASES)
def test_repeat_places_match_pandas(case, store_engine, demo_frames):
    m, f = demo_frames[0], CASES[case]
    got = satisfaction.repeat_places(store_engine, f, 30, limit=10)
    x = expected_repeats(m, f)
    want = (x.groupby(["h3_cell", "topic_id"])
            .agg(repeats=("is_repeat", "sum"), items=("id", "size"), district_id=("district_id", "min"),
                 address=("address", "min"))
            .reset_index())
    want = want[want["repeats"] > 0].sort_values(["repeats", "h3_cell", "topic_id"], ascending=[False, True, True])
    want = want.head(10).reset_index(drop=True)
    assert len(got) == len(want) > 0
    for col in ("h3_cell", "topic_id", "repeats", "items", "district_id", "address"):
        assert got[col].astype(object).tolist() == want[col].astype(object).tolist(), col
