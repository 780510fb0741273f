"""Rating page figures against pandas over the same generated rows, on DuckDB and PostgreSQL."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from data_access.queries import rating
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.metrics.rating_method import load_rating_method, rating as rank_rating
from tests.frames import deadline_in_force, local_dates, on_time_mask, previous_period, registered_from, select

TZ = "Asia/Krasnoyarsk"
KEY = {"executor": "executor_id", "sector": "sector_id", "district": "district_id"}
CASES = {
    "30 days, all": (Filters(date(2026, 10, 17), date(2026, 11, 15), tz=TZ), "executor"),
    "90 days, ПОС": (Filters(date(2026, 8, 18), date(2026, 11, 15), channels=(1,), tz=TZ), "executor"),
    "90 days, ИМ+Госпаблики": (Filters(date(2026, 8, 18), date(2026, 11, 15), channels=(3, 4), tz=TZ), "executor"),
    "by sector, two districts": (Filters(date(2026, 6, 1), date(2026, 8, 31), districts=(2, 5), tz=TZ), "sector"),
    "by district, no district": (Filters(date(2026, 9, 1), date(2026, 10, 31), districts=(NO_DISTRICT, 3, 4),
                                         tz=TZ), "district"),
}
EXCLUDED = ("rejected", "forwarded")


def _end(f: Filters) -> pd.Timestamp:
    return pd.Timestamp(datetime.combine(f.date_to + timedelta(days=1), datetime.min.time())).tz_localize(TZ)


def expected_table(m: pd.DataFrame, f: Filters, as_of: datetime, group: str, excluded=EXCLUDED,
                   max_reopened: int = 0) -> pd.DataFrame:
    key = KEY[group]
    parts = []
    prev = previous_period(f)
    # states («в работе», «просрочено») at the period's end, or at as_of while the period runs
    for prefix, flt, moment in (("", f, min(_end(f), pd.Timestamp(as_of))),
                                ("prev_", prev, min(_end(prev), pd.Timestamp(as_of)))):
        received = select(m, flt)
        answered = select(m, flt, period_on="answered_at")
        dims = select(m, flt, period_on=None)
        open_then = dims[(dims["received_at"] <= moment)
                         & (dims["answered_at"].isna() | (dims["answered_at"] > moment))]
        seconds = (answered["answered_at"] - registered_from(answered)).dt.total_seconds()
        allowed = (deadline_in_force(answered) - registered_from(answered)).dt.total_seconds()
        a = answered.assign(
            on_time=on_time_mask(answered), on_time_base=deadline_in_force(answered).notna(),
            substantive=~answered["status"].isin(excluded) & (answered["reopened_count"] <= max_reopened),
            rated=answered["rating"].notna(), rated_good=(answered["rating"] >= 4).fillna(False),
            reworked=answered["reopened_count"] > 0, hours=seconds / 3600,
            term=seconds / allowed.where(allowed != 0))
        g = a.groupby(key)
        cols = {
            "items": received.groupby(key).size(),
            "answered": g.size(),
            **{c: g[c].sum() for c in ("on_time", "on_time_base", "substantive", "rated", "rated_good", "reworked")},
            "open_now": open_then.groupby(key).size(),
            "overdue_now": open_then[deadline_in_force(open_then) < moment].groupby(key).size(),
        }
        counts = pd.DataFrame(cols).fillna(0).astype("int64")
        medians = pd.DataFrame({"median_answer_hours": g["hours"].median(), "median_term_used": g["term"].median()})
        parts.append(counts.join(medians).add_prefix(prefix))
    out = parts[0].join(parts[1], how="outer")
    out.index = out.index.astype("int64")
    return out


def assert_table_matches(got: pd.DataFrame, want: pd.DataFrame) -> None:
    got = got.set_index("key")
    counts = [c for c in want.columns if "median" not in c]
    want = want.reindex(got.index.union(want.index))
    want[counts] = want[counts].fillna(0)
    got = got.reindex(want.index)
    assert len(want) > 0
    for col in want.columns:
        if "median" in col:
            np.testing.assert_allclose(got[col].to_numpy(float), want[col].to_numpy(float), rtol=1e-9, atol=1e-6,
                                       equal_nan=True, err_msg=col)
        else:
            assert (got[col].fillna(0).astype("int64") == want[col].astype("int64")).all(), col


@pytest.mark.parametrize("case", CASES)
def test_rating_table_matches_pandas(case, store_engine, demo_frames, demo_now):
    f, group = CASES[case]
    got = rating.rating_table(store_engine, f, demo_now, group)
    want = expected_table(demo_frames[0], f, demo_now, group)
    assert want["items"].sum() > 0
    assert_table_matches(got, want)


def test_completeness_rule_is_configurable(store_engine, demo_frames, demo_now):
    """Counting forwarded answers and one return for rework as «on substance» changes the figure as pandas says."""
    f, group = CASES["30 days, all"]
    got = rating.rating_table(store_engine, f, demo_now, group, excluded_statuses=("rejected",), max_reopened=1)
    want = expected_table(demo_frames[0], f, demo_now, group, excluded=("rejected",), max_reopened=1)
    assert_table_matches(got, want)
    default = rating.rating_table(store_engine, f, demo_now, group)
    assert (got["substantive"] >= default["substantive"]).all() and (got["substantive"] > default["substantive"]).any()


def test_chronically_late_executor_is_in_the_red_zone(store_engine, demo_frames, demo_now, profile):
    method = load_rating_method(profile.folder)
    late = [e.name for e in profile.executors].index("Департамент дорожной инфраструктуры и транспорта") + 1
    for days in (30, 90):
        f = Filters(date(2026, 11, 15) - timedelta(days=days - 1), date(2026, 11, 15), tz=TZ)
        table = rank_rating(rating.rating_table(store_engine, f, demo_now), method)
        row = table.set_index("key").loc[late]
        assert row["eligible"] and row["zone"] == "red", (days, row["index"])
        assert row["rank"] >= table["rank"].max() - 1  # among the last two places
        assert (table["zone"] == "green").any()  # the scale is not simply red for everyone


@pytest.mark.parametrize("case", ["30 days, all", "90 days, ПОС"])
def test_monthly_trend_matches_pandas(case, store_engine, demo_frames):
    f = CASES[case][0].with_(executors=(2,))
    got = rating.monthly_trend(store_engine, f, months=6)
    m = demo_frames[0]
    dims = select(m, f, period_on=None)
    first = (pd.Timestamp(f.date_to).to_period("M") - 5).start_time.date()

    def month_of(col):
        local = pd.to_datetime(local_dates(dims[col], TZ))
        return local.dt.to_period("M").dt.start_time.dt.date.where(dims[col].notna())

    rec_m, ans_m = month_of("received_at"), month_of("answered_at")
    last = f.date_to
    a = dims[(ans_m >= first) & (ans_m <= last)].assign(month=ans_m)
    a = a.assign(on_time=on_time_mask(a), on_time_base=deadline_in_force(a).notna(),
                 substantive=~a["status"].isin(EXCLUDED) & (a["reopened_count"] == 0),
                 rated=a["rating"].notna(), rated_good=(a["rating"] >= 4).fillna(False),
                 reworked=a["reopened_count"] > 0)
    sums = ("on_time", "on_time_base", "substantive", "rated", "rated_good", "reworked")
    want = a.groupby("month").agg(answered=("id", "size"), **{c: (c, "sum") for c in sums})
    want["items"] = dims[(rec_m >= first) & (rec_m <= last)].assign(month=rec_m).groupby("month").size()
    want = want.reindex(list(got["month"])).fillna(0).astype("int64")
    assert len(got) == 6 and got["month"].iloc[0] == first and got["answered"].sum() > 0
    for col in want.columns:
        assert got[col].tolist() == want[col].tolist(), col


@pytest.mark.parametrize("case", ["30 days, all", "by sector, two districts"])
def test_worst_topics_match_pandas(case, store_engine, demo_frames, demo_now):
    f = CASES[case][0].with_(executors=(2, 3))
    got = rating.worst_topics(store_engine, f, demo_now, limit=5)
    m = demo_frames[0]
    received, answered = select(m, f), select(m, f, period_on="answered_at")
    dims = select(m, f, period_on=None)
    now = pd.Timestamp(demo_now)
    overdue = dims[(dims["received_at"] <= now) & (dims["answered_at"].isna() | (dims["answered_at"] > now))
                   & (deadline_in_force(dims) < now)]
    want = pd.DataFrame({
        "items": received.groupby("topic_id").size(),
        "answered": answered.groupby("topic_id").size(),
        "late": answered[~(answered["answered_at"] <= deadline_in_force(answered))].groupby("topic_id").size(),
        "rated": answered[answered["rating"].notna()].groupby("topic_id").size(),
        "rated_good": answered[answered["rating"] >= 4].groupby("topic_id").size(),
        "overdue_now": overdue.groupby("topic_id").size(),
    }).fillna(0).astype("int64")
    want["problems"] = want["late"] + want["overdue_now"]
    want = want[want["problems"] > 0].sort_values("problems", ascending=False, kind="stable")
    assert len(got) == min(5, len(want)) > 0
    assert (got["late"] + got["overdue_now"]).tolist() == want["problems"].head(5).tolist()
    for _, row in got.iterrows():
        for col in ("items", "answered", "late", "rated", "rated_good", "overdue_now"):
            assert row[col] == want.loc[row["topic_id"], col], (row["topic"], col)


def test_overdue_items_match_pandas(store_engine, demo_frames, demo_now):
    f = CASES["30 days, all"][0].with_(executors=(2,))
    got = rating.overdue_items(store_engine, f, demo_now, limit=20)
    m = demo_frames[0]
    dims = select(m, f, period_on=None)
    now = pd.Timestamp(demo_now)
    dl = deadline_in_force(dims)
    want = dims[(dims["received_at"] <= now) & (dims["answered_at"].isna() | (dims["answered_at"] > now)) & (dl < now)]
    want = want.assign(dl=dl).sort_values(["dl", "id"]).head(20)
    assert len(got) == len(want) > 0
    assert got["id"].tolist() == want["id"].tolist()
    np.testing.assert_allclose(got["days_overdue"].astype(float),
                               ((now - want["dl"]).dt.total_seconds() / 86400).to_numpy(), atol=1e-6)
