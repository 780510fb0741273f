"""The oracle: a dozen items written by hand, loaded into a store of their own on DuckDB and PostgreSQL, and the
figures they must give — computed by hand and written in the test, not by any code of the project.

Local time is Krasnoyarsk (UTC+7). The period P is 01.11.2026–07.11.2026; the previous equal period is
25.10–31.10.2026; «now» (``AS_OF``) is 10.11.2026 12:00, so P is a closed period.

 item  received      registered   deadline (in force)       answered         notes
 A     02.11 10:00   02.11 11:00  05.11 23:59:59            05.11 23:59:59   exactly at the deadline: on time; rating 5
 B     02.11 10:00   02.11 11:00  05.11 18:00               05.11 18:01      one minute after: late
 C     03.11 09:00   —            06.11 18:00               04.11 09:00      no registration date: 1 day from receipt; rating 4
 D     03.11 09:00   03.11 09:00  —                         04.11 21:00      no deadline: «без срока»; no district
 E     01.11 00:00   01.11 00:00  03.11 18:00 → 10.11 18:00 06.11 12:00      received at local midnight (in P); extended
 F     02.11 12:00   02.11 12:00  06.11 18:00               03.11 12:00      on time, then sent back for rework; rating 2
 G     31.10 23:59   31.10 23:59  04.11 18:00               —                one minute before P (previous period)
 H     04.11 10:00   04.11 10:00  08.11 18:00               —                overdue at AS_OF, not at P's end
 I     05.11 10:00   05.11 10:00  —                         —                no deadline: never overdue
 J     01.11 09:00   01.11 09:00  07.11 00:00               —                3.5 days overdue at AS_OF
 K     05.11 08:00   05.11 08:00  09.11 12:00               —                exactly 1 day overdue at AS_OF
 L     24.10 12:00   24.10 12:00  30.10 18:00               25.10 12:00      one day before the previous period
 M     30.10 10:00   30.10 10:00  02.11 18:00               03.11 10:00      received before P, answered late in P
 N     01.12 10:00   01.12 10:00  03.12 18:00               04.12 12:00      answered on time 02.12 12:00, sent back for
                                                                               rework 03.12 10:00, answered again 04.12:
                                                                               late, on the card and in «в срок» (period Q)

Executors: 1 — A, B, J, K; 2 — C, D, E, L; 3 — F, G, H, I, M, N. N is received after every moment the P tests
look at (period Q = 01.12–07.12.2026, «now» 10.12 12:00). Topics: A, B — «Дубль» of block 1 (id 901);
C — «Дубль» of block 2 (id 902): two topics with one name.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from data_access.queries import heatmap
from data_access.queries import items
from data_access.queries import overview
from data_access.queries import rating
from data_access.queries import sla
from data_access.queries import slices
from data_access.store.derived import refresh_derived
from data_access.store.engine import make_engine, upgrade_store
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.store.reference import write_reference
from data_access.store.schema import events, messages, topics
from data_access.store.scope import EVERYTHING
from data_access.domain.workcalendar import WorkCalendar
from components.items.card import lateness, rework_note
from tests.conftest import PG_URL, _drop_pg_database, _prepare_pg_database

TZ = ZoneInfo("Asia/Krasnoyarsk")
P = Filters(date(2026, 11, 1), date(2026, 11, 7), tz="Asia/Krasnoyarsk")
AS_OF = datetime(2026, 11, 10, 12, 0, tzinfo=TZ)


def t(day: int, month: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(2026, month, day, hh, mm, ss, tzinfo=TZ)


# (tag, received, registered, deadline, extended, answered, district, executor, topic, rating, reopened)
ITEMS = [
    ("A", t(2, 11, 10), t(2, 11, 11), t(5, 11, 23, 59, 59), None, t(5, 11, 23, 59, 59), 1, 1, 901, 5, 0),
    ("B", t(2, 11, 10), t(2, 11, 11), t(5, 11, 18), None, t(5, 11, 18, 1), 1, 1, 901, None, 0),
    ("C", t(3, 11, 9), None, t(6, 11, 18), None, t(4, 11, 9), 2, 2, 902, 4, 0),
    ("D", t(3, 11, 9), t(3, 11, 9), None, None, t(4, 11, 21), None, 2, 1, None, 0),
    ("E", t(1, 11, 0), t(1, 11, 0), t(3, 11, 18), t(10, 11, 18), t(6, 11, 12), 2, 2, 1, None, 0),
    ("F", t(2, 11, 12), t(2, 11, 12), t(6, 11, 18), None, t(3, 11, 12), 3, 3, 1, 2, 1),
    ("G", t(31, 10, 23, 59), t(31, 10, 23, 59), t(4, 11, 18), None, None, 3, 3, 1, None, 0),
    ("H", t(4, 11, 10), t(4, 11, 10), t(8, 11, 18), None, None, 3, 3, 1, None, 0),
    ("I", t(5, 11, 10), t(5, 11, 10), None, None, None, 1, 3, 1, None, 0),
    ("J", t(1, 11, 9), t(1, 11, 9), t(7, 11, 0), None, None, 2, 1, 1, None, 0),
    ("K", t(5, 11, 8), t(5, 11, 8), t(9, 11, 12), None, None, 1, 1, 1, None, 0),
    ("L", t(24, 10, 12), t(24, 10, 12), t(30, 10, 18), None, t(25, 10, 12), 1, 2, 1, None, 0),
    ("M", t(30, 10, 10), t(30, 10, 10), t(2, 11, 18), None, t(3, 11, 10), 3, 3, 1, None, 0),
    ("N", t(1, 12, 10), t(1, 12, 10), t(3, 12, 18), None, t(4, 12, 12), 1, 3, 1, None, 1),
]
N_ID = 14
# N's status history (the row keeps the last answer): answered on time, returned for rework, answered again late
N_EVENTS = [(t(2, 12, 12), "answered"), (t(3, 12, 10), "rework"), (t(4, 12, 12), "answered")]
Q = Filters(date(2026, 12, 1), date(2026, 12, 7), tz="Asia/Krasnoyarsk")
AS_OF_Q = datetime(2026, 12, 10, 12, 0, tzinfo=TZ)


def _load(engine: sa.Engine, profile) -> None:
    upgrade_store(engine)
    with engine.begin() as conn:
        write_reference(conn, profile)
        conn.execute(sa.insert(topics), [{"id": 901, "name": "Дубль", "sector_id": 1},
                                         {"id": 902, "name": "Дубль", "sector_id": 2}])
        for n, (tag, rec, reg, due, ext, ans, district, executor, topic, rating_, reopened) in enumerate(ITEMS, 1):
            conn.execute(sa.insert(messages).values(
                id=n, channel_id=1, kind="message", external_id=tag, received_at=rec, registered_at=reg,
                deadline_at=due, extended_deadline_at=ext, answered_at=ans, district_id=district,
                executor_id=executor, topic_id=topic, sector_id=1, rating=rating_, reopened_count=reopened,
                status="answered" if ans else "in_progress"))
        conn.execute(sa.insert(events), [{"message_id": N_ID, "event_at": at, "status": status, "note": ""}
                                         for at, status in N_EVENTS])
        refresh_derived(conn, profile.utc_offset_seconds())  # as every loader does (data_access.store.derived)


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def oracle(request, tmp_path_factory, profile):
    if request.param == "duckdb":
        engine = make_engine(f"duckdb:///{tmp_path_factory.mktemp('oracle') / 'oracle.duckdb'}")
        _load(engine, profile)
        yield engine
        engine.dispose()
        return
    url = sa.engine.make_url(PG_URL).set(database=f"mcu_oracle_{sa.engine.make_url(PG_URL).database}")
    url = url.render_as_string(hide_password=False)
    if reason := _prepare_pg_database(url):
        pytest.skip(reason)
    engine = make_engine(url)
    _load(engine, profile)
    yield engine
    engine.dispose()
    _drop_pg_database(url)


# --- overview headline --------------------------------------------------------------------------------------

def test_headline_by_hand(oracle):
    h = overview.headline(oracle, P, AS_OF)
    assert h["items"] == 10              # A B C D E F H I J K; E at local midnight in, G a minute before out
    assert h["items_located"] == 9       # D has no district
    assert h["answered"] == 7            # A B C D E F M (M received before P, answered in it)
    assert h["on_time"] == 4             # A (exactly at the deadline) C E (extended) F
    assert h["on_time_base"] == 6        # answers with a deadline: D is «без срока»
    assert h["no_deadline"] == 1
    assert h["overdue"] == 4             # G H J K at AS_OF; I has no deadline
    # days from registration (receipt for C): C 1, F 1, D 1.5, B 3 d 7 h 1 min, A 3 d 12 h 59 min 59 s, M 4, E 5.5
    assert h["median_answer_days"] == pytest.approx(3 + (7 * 60 + 1) / 1440, abs=1e-9)
    assert h["median_answer_days_base"] == 7  # every answer of P has a time (C's from its receipt)
    assert (h["rated"], h["rated_good"]) == (3, 2)
    assert h["prev_items"] == 2          # G M; L is 24.10, one day before the previous period
    assert (h["prev_answered"], h["prev_on_time"]) == (1, 1)  # L
    assert h["prev_overdue"] == 0        # at 01.11 00:00 nothing open was past its deadline
    assert (h["yoy_items"], h["yoy_answered"], h["yoy_overdue"]) == (0, 0, 0)  # nothing in November 2025


def test_no_district_filter_by_hand(oracle):
    h = overview.headline(oracle, P.with_(districts=(NO_DISTRICT,)), AS_OF)
    assert (h["items"], h["answered"], h["on_time_base"], h["no_deadline"]) == (1, 1, 0, 1)  # D only


def test_duplicate_topic_names_stay_apart(oracle):
    top = overview.top_topics(oracle, P, 10)
    dup = top[top["topic"] == "Дубль"]
    assert sorted(dup["items"].tolist()) == [1, 2]  # block 1: A B; block 2: C
    assert sorted(dup["topic_id"].tolist()) == [901, 902]


# --- Сроки --------------------------------------------------------------------------------------------------

def test_on_time_by_week_by_hand(oracle, profile):
    got = sla.on_time_by_period(oracle, P, profile.utc_offset_seconds(), "week")
    # P is Sunday 01.11 + Monday..Saturday 02.11–07.11: two local weeks
    by_start = {r.start: (r.answered, r.on_time, r.on_time_base, r.no_deadline) for r in got.itertuples()}
    assert by_start == {date(2026, 11, 2): (7, 4, 6, 1)}  # every answer of P falls on 03.11–06.11


def test_overdue_age_buckets_by_hand(oracle):
    got = sla.overdue_now(oracle, P, AS_OF)
    row = got[got["dimension"] == "sector"].iloc[0]
    # K 1.0 day (≤ 1), H 1.75 days, J 3.5 days, G 5.75 days past the deadline at AS_OF
    assert (row["age_0_1"], row["age_1_3"], row["age_3_7"], row["age_7p"], row["total"]) == (1, 1, 2, 0, 4)


def test_extended_measure_by_hand(oracle):
    got = sla.extended_share(oracle, P)
    # original deadlines in P: A B C E F G J M (J's 07.11 00:00 is P's last day; H 08.11, K 09.11, L 30.10 are not)
    assert (int(got["items"].sum()), int(got["extended"].sum())) == (8, 1)


# --- rating: a closed period does not change with the time of viewing -----------------------------------------

def test_closed_period_rating_is_frozen(oracle):
    want = {1: dict(items=4, answered=2, on_time=1, on_time_base=2, open_now=2, overdue_now=1),   # J overdue at 08.11
            2: dict(items=3, answered=3, on_time=2, on_time_base=2, open_now=0, overdue_now=0),   # D without deadline
            3: dict(items=3, answered=2, on_time=1, on_time_base=2, open_now=3, overdue_now=1)}   # G; H only later
    for later in (timedelta(0), timedelta(minutes=30), timedelta(days=20)):
        got = rating.rating_table(oracle, P, AS_OF + later).set_index("key")
        for key, counts in want.items():
            assert {k: int(got.loc[key, k]) for k in counts} == counts, (key, later)
        # speed: C counts from receipt (24 h), D and E from registration
        assert got.loc[2, "median_answer_hours"] == pytest.approx(36.0)


# --- Разрезы ------------------------------------------------------------------------------------------------

def test_slices_on_time_and_median_by_hand(oracle, profile):
    off = profile.utc_offset_seconds()
    cells = slices.slice_cells(oracle, P, "executor", "channel", "on_time", AS_OF, off)
    total = cells[(cells["g_r"] == 1) & (cells["g_c"] == 1)].iloc[0]
    assert (total["num"], total["den"]) == (4, 6)
    cells = slices.slice_cells(oracle, P, "executor", "channel", "median_answer_days", AS_OF, off)
    by_exec = {int(r.r): r.num for r in cells[(cells["g_r"] == 0) & (cells["g_c"] == 1)].itertuples()}
    assert by_exec[2] == pytest.approx(1.5) and by_exec[1] == pytest.approx(
        (3 + (7 * 60 + 1) / 1440 + 3 + (12 * 3600 + 59 * 60 + 59) / 86400) / 2)


# --- heat map -----------------------------------------------------------------------------------------------

def test_heat_map_districts_by_hand(oracle):
    got = heatmap.district_figures(oracle, P, AS_OF).set_index("district_id")
    # district 1: A B I K received; answers A B (B late); district 2: C E J; answers C E
    assert (got.loc[1, "items"], got.loc[1, "on_time"], got.loc[1, "on_time_base"]) == (4, 1, 2)
    assert (got.loc[2, "items"], got.loc[2, "on_time"], got.loc[2, "on_time_base"]) == (3, 2, 2)
    assert got.loc[3, "prev_items"] == 2  # G M


# --- rework after an on-time answer: the card and «в срок» share the deadline in force ----------------------------

def test_rework_after_an_on_time_answer_by_hand(oracle, profile):
    """N: the first answer (02.12) was on time, the item came back for rework (03.12 10:00) and was answered again on
    Friday 04.12 12:00, after its deadline (Thursday 03.12 18:00). The return does not move the deadline: late by one
    working day, in the store-wide share and on the card alike."""
    h = overview.headline(oracle, Q, AS_OF_Q)
    assert (h["answered"], h["on_time"], h["on_time_base"]) == (1, 0, 1)
    item = items.item_detail(oracle, N_ID, EVERYTHING)
    assert item["deadline_in_force"] == t(3, 12, 18)
    late = lateness(item["deadline_in_force"], item["answered_at"], AS_OF_Q, "work_days",
                    WorkCalendar.for_profile(profile))
    assert (late.state, late.amount) == ("late", 1)
    note = rework_note(item["deadline_in_force"], items.item_events(oracle, N_ID, EVERYTHING), TZ)
    assert "02.12.2026 12:00 дан в срок и возвращён на доработку 03.12.2026 10:00" in note
    cells = slices.slice_cells(oracle, Q, "executor", "channel", "on_time", AS_OF_Q, profile.utc_offset_seconds())
    total = cells[(cells["g_r"] == 1) & (cells["g_c"] == 1)].iloc[0]
    assert (total["num"], total["den"]) == (0, 1)
