"""Overview figures against pandas over the same generated rows, on DuckDB and PostgreSQL."""
from datetime import datetime

import pandas as pd
import pytest

from data_access import overview
from data_access.filters import Filters
from tests.frames import (FILTER_CASES, TZ, deadline_in_force, local_dates, on_time_mask, period_end, previous_period,
                          registered_from, same_period_last_year, select)

CASES = FILTER_CASES


def expected_headline(m: pd.DataFrame, f: Filters, as_of: datetime) -> dict:
    out = {}
    prev, year = previous_period(f), same_period_last_year(f)
    for prefix, flt, moment in (("", f, pd.Timestamp(as_of)), ("prev_", prev, min(period_end(prev), pd.Timestamp(as_of))),
                                ("yoy_", year, min(period_end(year), pd.Timestamp(as_of)))):
        received = select(m, flt)
        answered = select(m, flt, period_on="answered_at")
        dims = select(m, flt, period_on=None)
        open_then = (dims["received_at"] <= moment) & (dims["answered_at"].isna() | (dims["answered_at"] > moment))
        days = (answered["answered_at"] - registered_from(answered)).dt.total_seconds() / 86400
        out |= {
            prefix + "items": len(received),
            prefix + "items_located": int(received["district_id"].notna().sum()),
            prefix + "answered": len(answered),
            prefix + "on_time": int(on_time_mask(answered).sum()),
            prefix + "on_time_base": int(deadline_in_force(answered).notna().sum()),
            prefix + "no_deadline": int(deadline_in_force(answered).isna().sum()),
            prefix + "overdue": int((open_then & (deadline_in_force(dims) < moment)).sum()),
            prefix + "median_answer_days": float(days.median()) if len(days) else None,
            prefix + "rated": int(answered["rating"].notna().sum()),
            prefix + "rated_good": int((answered["rating"] >= 4).sum()),
        }
    return out


@pytest.mark.parametrize("case", CASES)
def test_headline_matches_pandas(case, store_engine, demo_frames, demo_now):
    m = demo_frames[0]
    f = CASES[case]
    got = overview.headline(store_engine, f, demo_now)
    want = expected_headline(m, f, demo_now)
    assert want["items"] > 0
    for key, value in want.items():
        if "median" in key:
            assert got[key] == pytest.approx(value, abs=1e-6) if value is not None else got[key] is None, key
        else:
            assert got[key] == value, key


@pytest.mark.parametrize("case", CASES)
def test_weekly_volume_matches_pandas(case, store_engine, demo_frames, profile):
    m, f = demo_frames[0], CASES[case]
    got = overview.weekly_volume_by_channel(store_engine, f, profile.utc_offset_seconds())
    rows = select(m, f)
    local = pd.to_datetime(local_dates(rows["received_at"], TZ))
    week = (local - pd.to_timedelta(local.dt.day_of_week, unit="D")).dt.date
    names = dict(enumerate((c.name for c in profile.channels), 1))
    want = (pd.DataFrame({"week": week, "channel": rows["channel_id"].map(names)})
            .value_counts().rename("items").reset_index())
    merged = got.merge(want, on=["week", "channel"], how="outer", suffixes=("_sql", "_pd"))
    assert len(merged) == len(want) > 0
    assert (merged["items_sql"] == merged["items_pd"]).all()
    assert got["items"].sum() == len(rows)


@pytest.mark.parametrize("case", CASES)
def test_top_topics_match_pandas(case, store_engine, demo_frames, profile):
    m, f = demo_frames[0], CASES[case]
    got = overview.top_topics(store_engine, f, limit=5)
    names = dict(enumerate((t for s in profile.sectors for t in s.topics), 1))
    cur = select(m, f)["topic_id"].value_counts()
    prev = select(m, previous_period(f))["topic_id"].value_counts()
    want = (pd.DataFrame({"items": cur, "prev_items": prev.reindex(cur.index).fillna(0).astype(int)})
            .rename(index=names).rename_axis("topic").reset_index()
            .sort_values(["items", "topic"], ascending=[False, True]).head(5).reset_index(drop=True))
    assert got["topic"].tolist() == want["topic"].tolist()
    assert got["items"].tolist() == want["items"].tolist()
    assert got["prev_items"].tolist() == want["prev_items"].tolist()
