"""Overview figures against pandas over the same generated rows, on DuckDB and PostgreSQL."""
from datetime import datetime

import pandas as pd
import pytest

from data_access.queries import overview
from data_access.metrics.filters import Filters
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



@pytest.fixture(params=["duckdb", "postgresql"])
def scratch(request, tmp_path, profile, demo_now):
    """A small demo store of this test only (it adds rows)."""
    import os

    from data_access.demo.generator import create_demo_store
    from data_access.store.engine import make_engine
    from tests.conftest import _drop_pg_database, _prepare_pg_database

    if request.param == "duckdb":
        url = f"duckdb:///{tmp_path / 'bound.duckdb'}"
    else:
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/mcu_bound_{os.getpid()}"
        if reason := _prepare_pg_database(url):
            pytest.skip(reason)
    create_demo_store(url, 3000, 5, demo_now.date(), profile, now=demo_now)
    engine = make_engine(url)
    yield engine
    engine.dispose()
    if request.param == "postgresql":
        _drop_pg_database(url)


def test_the_period_bound_keeps_old_open_items(scratch, profile, demo_now):
    """The headline reads rows of its three periods and rows still open, each by its own scan
    (``metrics.period_scans``). An item received two years before every period and still unanswered is overdue now
    and at each period's end: it is counted all the same, as by the same columns over every row."""
    import sqlalchemy as sa
    from datetime import date

    from data_access.store.derived import refresh_derived
    from data_access.metrics.filters import dimension_clauses
    from data_access.metrics.registry import period_columns
    from data_access.store.schema import messages as m

    offsets = ("previous", "year")
    cases = [Filters(date(2026, 10, 17), date(2026, 11, 15), tz=TZ),          # current 30 days
             Filters(date(2026, 3, 1), date(2026, 3, 31), tz=TZ),             # a closed month
             Filters(date(2026, 11, 9), date(2026, 11, 15), tz=TZ, districts=(2,))]

    def figures(f):
        with scratch.connect() as conn:
            bounded = dict(conn.execute(overview.headline_stmt(f, demo_now)).mappings().one())
            whole = dict(conn.execute(sa.select(*period_columns(overview.HEADLINE_METRICS, f, demo_now, offsets))
                                      .where(*dimension_clauses(f))).mappings().one())
        assert bounded == whole, f
        # each of the three periods: receipts, answers and the two parts of «open at its moment», a scan each
        assert str(overview.headline_stmt(f, demo_now)).count("FROM messages") == 12, f
        return bounded

    before = [figures(f) for f in cases]
    old = datetime(2023, 6, 1, 10, tzinfo=profile.tz)
    with scratch.begin() as conn:
        conn.execute(sa.insert(m).values(id=10**7, channel_id=1, kind="message", external_id="OLD-OPEN",
                                         received_at=old, registered_at=old, deadline_at=datetime(2023, 6, 8, 18,
                                         tzinfo=profile.tz), status="in_progress", district_id=2, sector_id=1))
        refresh_derived(conn, profile.utc_offset_seconds())
    for f, was in zip(cases, before):
        now = figures(f)
        for key in ("overdue", "prev_overdue", "yoy_overdue"):
            assert now[key] == was[key] + 1, (f, key)  # overdue at every moment the headline takes it
        assert {k: v for k, v in now.items() if "overdue" not in k} == \
            {k: v for k, v in was.items() if "overdue" not in k}
