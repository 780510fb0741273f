"""Target scores («Целевые показатели»), time to resolution and the «все просроченные» shortcut.

Two sides: a store of ten items written by hand (DuckDB and PostgreSQL) with the figures computed by hand in the
comments, and the demo rows against pandas (tests/frames.py, the ``holidays`` package for working days).

Hand store. Local time Krasnoyarsk (UTC+7); «now» AS_OF = Tue 10.11.2026 12:00; 04.11 is a holiday, 31.10/01.11
and 07.11/08.11 weekends. Channel 1 = ПОС (working days), 3 = ИМ (hours, deadline 8 h after registration).
Working days «from registration to X» count the working days after the registration day up to X's day.

 item ch reg (=received)  deadline      answered      rating resolved (status)        executor
 P1   1  Mon 02.11 10:00  16.11 18:00   Mon 09.11 15:00  5   Tue 10.11 09:00 (resolved)  1   WD answer 4, resolve 5
 P2   1  Tue 27.10 10:00  03.11 18:00   Thu 05.11 10:00  2   Fri 30.10 12:00 (resolved)  1   late; WD 6; resolved
                                                                                              before the answer: 3
 P3   1  Mon 09.11 09:00  —             Mon 09.11 11:00  —   —                           1   no deadline; WD 0
 P4   1  Tue 10.11 08:00  24.11 18:00   —                —   —                           1   open
 P5   1  Tue 01.09 10:00  15.09 18:00   Tue 29.09 10:00  —   Mon 02.11 10:00 (rework)    1   late; WD 20; reopened
                                                                                              after its resolution
 I1   3  Mon 09.11 08:00  09.11 16:00   Mon 09.11 10:00  —   Mon 09.11 20:00 (resolved)  2   first answer in time; 12 h
 I2   3  Mon 09.11 09:00  09.11 17:00   —                —   —                           2   waiting past the deadline
 I3   3  Tue 10.11 10:00  10.11 18:00   —                —   —                           2   deadline not yet come
 I4   3  Thu 05.11 10:00  05.11 18:00   Fri 06.11 09:00  —   Fri 06.11 10:00 (resolved,  2   late; 24 h
                                                                 reopened once before)
 I5   3  Tue 15.09 10:00  15.09 18:00   Tue 15.09 12:00  4   —                           2   in time

Targets (profile krasnoyarsk): on time ≥ 0.95, ratings 4–5 ≥ 0.60, ПОС mean ≤ 8 working days, first answer in
the norm ≥ 0.95.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from components.sla.tables import overdue_shortcut
from data_access.metrics import scores
from data_access.queries import sla
from data_access.store.derived import refresh_derived
from data_access.store.engine import make_engine, upgrade_store
from data_access.metrics.filters import Filters
from data_access.queries.items import Drill, ItemQuery, count_items
from data_access.store.reference import read_reference, write_calendar, write_reference
from data_access.store.schema import messages
from data_access.store.scope import Scope
from data_access.domain.workcalendar import WorkCalendar
from tests.conftest import PG_URL, _drop_pg_database, _prepare_pg_database
from tests.frames import local_dates, registered_from, select, working_days_between

KRS = ZoneInfo("Asia/Krasnoyarsk")
TZ = "Asia/Krasnoyarsk"
AS_OF = datetime(2026, 11, 10, 12, 0, tzinfo=KRS)
OFFSET = 7 * 3600
F = Filters(date(2026, 11, 1), date(2026, 11, 10), tz=TZ)  # the panel's period: not used by the scores


def t(day: int, month: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(2026, month, day, hh, mm, tzinfo=KRS)


# tag, channel, kind, registered, deadline, first answer, answered, rating, resolved, status, executor, reopened
ITEMS = [
    ("P1", 1, "message", t(2, 11, 10), t(16, 11, 18), None, t(9, 11, 15), 5, t(10, 11, 9), "resolved", 1, 0),
    ("P2", 1, "message", t(27, 10, 10), t(3, 11, 18), None, t(5, 11, 10), 2, t(30, 10, 12), "resolved", 1, 0),
    ("P3", 1, "message", t(9, 11, 9), None, None, t(9, 11, 11), None, None, "answered", 1, 0),
    ("P4", 1, "message", t(10, 11, 8), t(24, 11, 18), None, None, None, None, "in_progress", 1, 0),
    ("P5", 1, "message", t(1, 9, 10), t(15, 9, 18), None, t(29, 9, 10), None, t(2, 11, 10), "rework", 1, 1),
    ("I1", 3, "incident", t(9, 11, 8), t(9, 11, 16), t(9, 11, 10), t(9, 11, 10), None, t(9, 11, 20), "resolved", 2, 0),
    ("I2", 3, "incident", t(9, 11, 9), t(9, 11, 17), None, None, None, None, "in_progress", 2, 0),
    ("I3", 3, "incident", t(10, 11, 10), t(10, 11, 18), None, None, None, None, "in_progress", 2, 0),
    ("I4", 3, "incident", t(5, 11, 10), t(5, 11, 18), t(6, 11, 9), t(6, 11, 9), None, t(6, 11, 10), "resolved", 2, 1),
    ("I5", 3, "incident", t(15, 9, 10), t(15, 9, 18), t(15, 9, 12), t(15, 9, 12), 4, None, "answered", 2, 0),
]


def _load(engine: sa.Engine, profile) -> None:
    upgrade_store(engine)
    with engine.begin() as conn:
        write_reference(conn, profile)
        write_calendar(conn, WorkCalendar.for_profile(profile), date(2026, 1, 1), date(2026, 12, 31))
        for n, (tag, ch, kind, reg, due, first, ans, rating, res, status, executor, reopened) in enumerate(ITEMS, 1):
            conn.execute(sa.insert(messages).values(
                id=n, channel_id=ch, kind=kind, external_id=tag, received_at=reg, registered_at=reg, deadline_at=due,
                first_answer_at=first, answered_at=ans, resolved_at=res, status=status, rating=rating,
                executor_id=executor, sector_id=1, district_id=1, topic_id=1, reopened_count=reopened))
        refresh_derived(conn, profile.utc_offset_seconds())  # the stored local days, as every loader writes them


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def hand(request, tmp_path_factory, profile):
    if request.param == "duckdb":
        engine = make_engine(f"duckdb:///{tmp_path_factory.mktemp('targets') / 'targets.duckdb'}")
        _load(engine, profile)
        yield engine
        engine.dispose()
        return
    url = sa.engine.make_url(PG_URL).set(database=f"mcu_targets_{sa.engine.make_url(PG_URL).database}")
    url = url.render_as_string(hide_password=False)
    if reason := _prepare_pg_database(url):
        pytest.skip(reason)
    engine = make_engine(url)
    _load(engine, profile)
    yield engine
    engine.dispose()
    _drop_pg_database(url)


def _targets(profile) -> tuple:
    return tuple(sorted(profile.targets.items()))


# --- the score, by hand -----------------------------------------------------------------------------------------

def test_score_rule_by_hand():
    assert scores.score(0.9, 0.95, True) == pytest.approx(0.9 / 0.95)
    assert scores.score(10, 8, False) == pytest.approx(0.8)        # lower is better: target ÷ actual
    assert scores.score(8, 8, False) == 1.0 and scores.score(0.6, 0.6, True) == 1.0
    assert scores.score(4, 8, False) == 2.0                        # exactly the cap
    assert scores.score(2, 8, False) == 2.0                        # 4.0, capped
    assert scores.score(0, 8, False) == 2.0                        # nothing to wait: the cap, not a division by 0
    assert scores.score(0, 0.95, True) == 0.0
    assert scores.score(None, 0.95, True) is None                  # no actual (empty base)
    assert scores.score(float("nan"), 0.95, True) is None
    assert scores.score(0.5, None, True) is None and scores.score(0.5, 0, True) is None  # no usable target
    assert scores.city_score([1.0, None, 0.5]) == pytest.approx(0.75)
    assert scores.city_score([None, float("nan")]) is None and scores.city_score([]) is None


def test_actual_from_parts_by_hand():
    share, mean = scores.METRICS["on_time"], scores.METRICS["mean_answer_pos"]
    assert scores.actual_value(share, 3, 4) == 0.75 and scores.actual_value(mean, 30, 4) == 7.5
    assert scores.actual_value(share, 0, 0) is None and scores.actual_value(share, None, None) is None


def test_periods_end_today():
    today = date(2026, 11, 10)
    got = {p: (pf.date_from, pf.date_to) for p, pf in scores.all_periods(F, today).items()}
    assert got["yesterday"] == (date(2026, 11, 9), date(2026, 11, 9))
    assert got["week"] == (date(2026, 11, 4), today) == got["w11"]
    assert got["month"] == (date(2026, 10, 12), today)
    assert got["quarter"] == (date(2026, 8, 12), today)
    assert got["w0"] == (date(2026, 8, 19), date(2026, 8, 25)) and got["w10"] == (date(2026, 10, 28), date(2026, 11, 3))


def test_profile_declares_every_target_of_the_issue(profile):
    assert scores.target_keys(profile.targets) == ["on_time", "mean_answer_pos", "rated_good", "first_answer"]
    assert profile.targets["first_answer_share"] == 0.95  # the 8 h norm itself stays in deadline_rules.csv


# --- the hand store -----------------------------------------------------------------------------------------------

HAND = {  # period -> metric -> (actual, score); see the table in the module docstring
    # yesterday 09.11: answers P1 (in time) I1 (in time), P3 without deadline; rated P1 5; ПОС P1 4 WD, P3 0 WD;
    # received on hour channels: I1 in time, I2 past its deadline at the day's end
    "yesterday": {"on_time": (1.0, 1 / 0.95), "rated_good": (1.0, 1 / 0.6),
                  "mean_answer_pos": (2.0, 2.0), "first_answer": (0.5, 0.5 / 0.95)},
    # 04.11–10.11: answers P1 ✓ P2 ✗ I1 ✓ I4 ✗ (P3 «без срока»); rated P1 5 P2 2; ПОС 4, 6, 0 WD;
    # received: I1 ✓, I2 ✗, I4 ✗ (I3's deadline has not come)
    "week": {"on_time": (0.5, 0.5 / 0.95), "rated_good": (0.5, 0.5 / 0.6),
             "mean_answer_pos": (10 / 3, 2.0), "first_answer": (1 / 3, 1 / 3 / 0.95)},
    # 12.08–10.11: + P5 ✗ (20 WD) and I5 ✓ (rated 4)
    "quarter": {"on_time": (0.5, 0.5 / 0.95), "rated_good": (2 / 3, 2 / 3 / 0.6),
                "mean_answer_pos": (7.5, 8 / 7.5), "first_answer": (0.5, 0.5 / 0.95)},
}


def test_scores_by_hand(hand, profile):
    got = scores.target_scores(hand, F, AS_OF, OFFSET, _targets(profile))
    for period, want in HAND.items():
        for key, (actual, score) in want.items():
            row = got[(got["period"] == period) & (got["metric"] == key)].iloc[0]
            assert row["actual"] == pytest.approx(actual), (period, key)
            assert row["score"] == pytest.approx(score), (period, key)
        city = got[(got["period"] == period) & (got["metric"] == "city")]["score"].iloc[0]
        assert city == pytest.approx(np.mean([s for _, s in want.values()])), period
    # 28.10–03.11 (w10): no answer and no hour-channel item received: every base 0, no score, no city score
    empty = got[got["period"] == "w10"]
    assert empty.loc[empty["metric"] != "city", "base"].tolist() == [0, 0, 0, 0]
    assert empty["score"].isna().all()


def test_scores_by_executor_by_hand(hand, profile):
    got = scores.target_scores_by(hand, F, AS_OF, OFFSET, _targets(profile), "quarter")
    one = got[(got["dimension"] == "executor") & (got["id"] == 1)].set_index("metric")
    # executor 1 (ПОС only): on time P1 ✓ P2 ✗ P5 ✗; rated P1 5, P2 2; ПОС (4 + 6 + 0 + 20) / 4; no hour items
    assert one.loc["on_time", "actual"] == pytest.approx(1 / 3)
    assert one.loc["rated_good", "actual"] == pytest.approx(0.5)
    assert one.loc["mean_answer_pos", "score"] == pytest.approx(8 / 7.5)
    assert one.loc["first_answer", "base"] == 0 and pd.isna(one.loc["first_answer", "score"])
    assert one.loc["city", "score"] == pytest.approx((1 / 3 / 0.95 + 0.5 / 0.6 + 8 / 7.5) / 3)  # the absent one left out
    two = got[(got["dimension"] == "executor") & (got["id"] == 2)].set_index("metric")
    assert pd.isna(two.loc["mean_answer_pos", "score"]) and two.loc["first_answer", "actual"] == pytest.approx(0.5)
    sector = got[(got["dimension"] == "sector") & (got["id"] == 1)].set_index("metric")
    assert sector.loc["on_time", "actual"] == pytest.approx(0.5)  # the whole city: every item is in block 1


R = Filters(date(2026, 10, 26), date(2026, 11, 10), tz=TZ)


def test_resolution_time_by_hand(hand):
    got = sla.resolution_time(hand, R, OFFSET).set_index("channel_id")
    # ПОС: P1 5 WD (03 05 06 09 10.11), P2 3 WD (28 29 30.10) — resolved before its answer; P3 never resolved;
    # P5 resolved 02.11 but back on rework since: not resolved
    assert got.loc[1, "resolved"] == 2
    assert got.loc[1, "median"] == pytest.approx(4.0) and got.loc[1, "p90"] == pytest.approx(3 + 0.9 * 2)
    # ИМ: I1 12 h, I4 24 h (reopened once before, resolved again: the latest resolution counts)
    assert got.loc[3, "resolved"] == 2
    assert got.loc[3, "median"] == pytest.approx(18.0) and got.loc[3, "p90"] == pytest.approx(12 + 0.9 * 12)
    assert list(got.index) == [1, 3] and (got["uncounted"] == 0).all()


def test_resolved_drill_lists_the_same_items(hand):
    q = ItemQuery(R, AS_OF, Drill(resolved=True))
    assert count_items(hand, q) == 4  # P1 P2 I1 I4
    assert count_items(hand, ItemQuery(R.with_(channels=(3,)), AS_OF, Drill(resolved=True))) == 2
    assert Drill.from_params({"resolved": "1"}) == (Drill(resolved=True), [])


def test_overdue_shortcut(hand):
    ref = read_reference(hand)
    today = AS_OF.date()
    lead = Filters(R.date_from, R.date_to, tz=TZ, scope=Scope(sectors=(2,)))
    label, url = overdue_shortcut(lead, ref, today)
    params = parse_qs(urlparse(url).query)
    assert label == "Все просроченные моего блока"
    assert params["overdue"] == ["1"] and params["items_sort"] == ["просрочка"]
    assert params["sector"] == [ref.names("sectors")[2]]
    label, url = overdue_shortcut(R.with_(sectors=(1,)), ref, today)
    assert label == f"Все просроченные блока «{ref.names('sectors')[1]}»"
    assert parse_qs(urlparse(url).query)["sector"] == [ref.names("sectors")[1]]
    label, url = overdue_shortcut(R, ref, today)
    assert label == "Все просроченные обращения" and "sector" not in parse_qs(urlparse(url).query)
    # what it opens: overdue at AS_OF — only I2 (deadline 09.11 17:00); P4 and I3 are open but not yet due
    assert count_items(hand, ItemQuery(R, AS_OF, Drill(overdue=True), sort="overdue")) == 1


# --- the demo rows against pandas -----------------------------------------------------------------------------------

def _pandas_period(m: pd.DataFrame, pf: Filters, as_of: pd.Timestamp, profile) -> dict[str, tuple[float, int]]:
    """(actual, base) of every target over one period, by hand in pandas."""
    units = {i: c.unit for i, c in enumerate(profile.channels, 1)}
    codes = {i: c.code for i, c in enumerate(profile.channels, 1)}
    end = min(pd.Timestamp(pf.date_to + timedelta(days=1)).tz_localize(TZ), as_of)
    ans = select(m, pf, period_on="answered_at")
    due = ans["extended_deadline_at"].fillna(ans["deadline_at"])
    with_deadline = ans[due.notna()]
    in_time = (with_deadline["answered_at"] <= due[due.notna()]).sum()
    rated = ans[ans["rating"].notna()]
    pos = ans[ans["channel_id"].map(codes) == "pos"]
    wd = [working_days_between(a, b) for a, b in zip(local_dates(registered_from(pos), TZ),
                                                      local_dates(pos["answered_at"], TZ))]
    rec = select(m, pf)
    rec = rec[rec["channel_id"].map(units).isin(["hours", "work_hours"])]
    rdue = rec["extended_deadline_at"].fillna(rec["deadline_at"])
    first = rec["first_answer_at"].fillna(rec["answered_at"])
    given = first.notna() & (first <= end)
    decided = rdue.notna() & (given | (rdue < end))
    within = rdue.notna() & given & (first <= rdue)

    def part(num, base):
        return (num / base if base else None, int(base))
    return {"on_time": part(in_time, len(with_deadline)), "rated_good": part((rated["rating"] >= 4).sum(), len(rated)),
            "mean_answer_pos": part(sum(wd), len(wd)), "first_answer": part(within.sum(), decided.sum())}


@pytest.mark.parametrize("sectors", [(), (1,)])
def test_scores_match_pandas(sectors, store_engine, demo_frames, demo_now, profile):
    m = demo_frames[0]
    f = Filters(date(2026, 11, 1), date(2026, 11, 15), sectors=sectors, tz=TZ)
    got = scores.target_scores(store_engine, f, demo_now, profile.utc_offset_seconds(), _targets(profile))
    now = pd.Timestamp(demo_now)
    for name, pf in scores.all_periods(f, demo_now.date()).items():
        want = _pandas_period(m, pf, now, profile)
        rows = got[got["period"] == name].set_index("metric")
        assert rows.loc["on_time", "base"] > 0, name
        for key, (actual, base) in want.items():
            assert rows.loc[key, "base"] == base, (name, key)
            if actual is None:
                assert pd.isna(rows.loc[key, "actual"]), (name, key)
            else:
                assert rows.loc[key, "actual"] == pytest.approx(actual, abs=1e-9), (name, key)


def test_scores_by_sector_match_pandas(store_engine, demo_frames, demo_now, profile):
    m = demo_frames[0]
    f = Filters(date(2026, 11, 1), date(2026, 11, 15), tz=TZ)
    got = scores.target_scores_by(store_engine, f, demo_now, profile.utc_offset_seconds(), _targets(profile), "month")
    pf = scores.period_filter(f, demo_now.date(), "month")
    sectors = got[got["dimension"] == "sector"]
    assert sectors["id"].notna().sum() >= 5
    for sector_id in sectors["id"].dropna().unique()[:4]:
        want = _pandas_period(m, pf.with_(sectors=(int(sector_id),)), pd.Timestamp(demo_now), profile)
        rows = sectors[sectors["id"] == sector_id].set_index("metric")
        for key, (actual, base) in want.items():
            assert rows.loc[key, "base"] == base, (sector_id, key)
            if actual is not None:
                assert rows.loc[key, "actual"] == pytest.approx(actual, abs=1e-9), (sector_id, key)


CASES = {
    "30 days, all": Filters(date(2026, 10, 17), date(2026, 11, 15), tz=TZ),
    "year, ЖКХ": Filters(date(2025, 11, 16), date(2026, 11, 15), sectors=(1,), tz=TZ),
}


@pytest.mark.parametrize("case", CASES)
def test_resolution_time_matches_pandas(case, store_engine, demo_frames, profile):
    m, f = demo_frames[0], CASES[case]
    units = {i: c.unit for i, c in enumerate(profile.channels, 1)}
    got = sla.resolution_time(store_engine, f, profile.utc_offset_seconds()).set_index("channel_id")
    rows = select(m, f, period_on="resolved_at")
    rows = rows[rows["status"] != "rework"]
    assert len(rows) > 0 and set(got.index) == set(rows["channel_id"].astype(int))
    for channel_id, part in rows.groupby(rows["channel_id"].astype(int)):
        r, x = registered_from(part), part["resolved_at"]
        if units[channel_id] == "work_days":
            value = pd.Series([working_days_between(a, b) for a, b in zip(local_dates(r, TZ), local_dates(x, TZ))],
                              dtype=float)
        elif units[channel_id] == "calendar_days":
            value = (x - r).dt.total_seconds() / 86400
        else:
            value = (x - r).dt.total_seconds() / 3600
        row = got.loc[channel_id]
        assert (row["resolved"], row["uncounted"]) == (len(part), 0)
        assert row["median"] == pytest.approx(value.median(), abs=1e-6)
        assert row["p90"] == pytest.approx(value.quantile(0.9), abs=1e-6)


def test_scores_by_executor_for_a_closed_day_by_hand(hand, profile):
    got = scores.target_scores_by(hand, F, AS_OF, OFFSET, _targets(profile), "yesterday")
    two = got[(got["dimension"] == "executor") & (got["id"] == 2)].set_index("metric")
    # 09.11, executor 2: answered I1 in time; received I1 (first answer in time) and I2 (past its deadline by the
    # day's end, 10.11 00:00)
    assert two.loc["on_time", "actual"] == 1.0 and two.loc["first_answer", "actual"] == pytest.approx(0.5)
    assert two.loc["first_answer", "base"] == 2 and two.loc["rated_good", "base"] == 0
