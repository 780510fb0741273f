"""«Загрузка блоков»: the backlog of a hand-written store computed by hand, the queries against pandas over the
generated rows on DuckDB and PostgreSQL, the «keeps growing» rule and the forecast method on synthetic series.

Hand store (Krasnoyarsk time, UTC+7). Series from 30.10.2026 (``FIRST``) to 07.11.2026; period P = 01.11–07.11;
«now» 10.11.2026 12:00, so the backlog's age is taken at P's end, 08.11 00:00.

 item sector received     answered          notes
 E    1      25.10 12:00  —                 before the series: the opening backlog
 F    1      28.10 10:00  02.11 08:00       opening backlog, answered in the series; resolved 02.11 09:00
 A    1      31.10 10:00  03.11 00:00:00    answered exactly at midnight: outflow of 03.11, backlog at 02.11's end
 D    1      01.11 00:00  01.11 18:00       received at local midnight, answered the same day: never in a day-end
 B    1      01.11 12:00  —                 never answered
 C    1      02.11 09:00  05.11 15:00       answered 03.11 10:00, reopened (rework), answered again 05.11; resolved 06.11
 G    1      04.11 10:00  03.11 16:00       the source dates the answer before receipt: closed on receipt, 04.11
 J    1      07.11 23:59  —                 the last minute of P
 H    2      03.11 10:00  —
 I    —      05.11 10:00  06.11 10:00       no block: group −1
 K    1      08.11 09:00  —                 after P: not counted
"""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from data_access.queries import workload
from data_access.store.engine import make_engine, upgrade_store
from data_access.metrics.filters import Filters
from data_access.queries.forecast import forecast_weekly
from data_access.store.reference import write_reference
from data_access.store.schema import messages
from tests.conftest import PG_URL, _drop_pg_database, _prepare_pg_database
from tests.frames import local_dates, select

TZ_NAME = "Asia/Krasnoyarsk"
TZ = ZoneInfo(TZ_NAME)
P = Filters(date(2026, 11, 1), date(2026, 11, 7), tz=TZ_NAME)
FIRST = date(2026, 10, 30)
AS_OF = datetime(2026, 11, 10, 12, 0, tzinfo=TZ)
OFFSET = 7 * 3600


def t(day: int, month: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(2026, month, day, hh, mm, ss, tzinfo=TZ)


# (tag, sector, received, first answer, answered, resolved, reopened)
ITEMS = [
    ("E", 1, t(25, 10, 12), None, None, None, 0),
    ("F", 1, t(28, 10, 10), None, t(2, 11, 8), t(2, 11, 9), 0),
    ("A", 1, t(31, 10, 10), None, t(3, 11, 0), None, 0),
    ("D", 1, t(1, 11, 0), None, t(1, 11, 18), None, 0),
    ("B", 1, t(1, 11, 12), None, None, None, 0),
    ("C", 1, t(2, 11, 9), t(3, 11, 10), t(5, 11, 15), t(6, 11, 10), 1),
    ("G", 1, t(4, 11, 10), None, t(3, 11, 16), None, 0),
    ("J", 1, t(7, 11, 23, 59), None, None, None, 0),
    ("H", 2, t(3, 11, 10), None, None, None, 0),
    ("I", None, t(5, 11, 10), None, t(6, 11, 10), None, 0),
    ("K", 1, t(8, 11, 9), None, None, None, 0),
]


def _load(engine: sa.Engine, profile) -> None:
    upgrade_store(engine)
    with engine.begin() as conn:
        write_reference(conn, profile)
        for n, (tag, sector, rec, first, ans, res, reopened) in enumerate(ITEMS, 1):
            conn.execute(sa.insert(messages).values(
                id=n, channel_id=1, kind="message", external_id=tag, received_at=rec, first_answer_at=first,
                answered_at=ans, resolved_at=res, sector_id=sector, district_id=1, executor_id=1, topic_id=1,
                reopened_count=reopened, status="answered" if ans else "in_progress"))


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def hand(request, tmp_path_factory, profile):
    if request.param == "duckdb":
        engine = make_engine(f"duckdb:///{tmp_path_factory.mktemp('workload') / 'hand.duckdb'}")
        _load(engine, profile)
        yield engine
        engine.dispose()
        return
    url = sa.engine.make_url(PG_URL).set(database=f"mcu_workload_{sa.engine.make_url(PG_URL).database}")
    url = url.render_as_string(hide_password=False)
    if reason := _prepare_pg_database(url):
        pytest.skip(reason)
    engine = make_engine(url)
    _load(engine, profile)
    yield engine
    engine.dispose()
    _drop_pg_database(url)


DAYS = [FIRST + timedelta(days=i) for i in range(9)]  # 30.10 .. 07.11


def test_backlog_by_hand(hand):
    s = workload.backlog_series(hand, P, OFFSET, "sector", first=FIRST)
    one = s[s["group_id"] == 1].set_index("day")
    assert list(one.index) == DAYS
    #                         30.10 31.10 01.11 02.11 03.11 04.11 05.11 06.11 07.11
    assert one["inflow"].tolist() == [0, 1, 2, 1, 0, 1, 0, 0, 1]     # A; D B; C; G; J
    assert one["outflow"].tolist() == [0, 0, 1, 1, 1, 1, 1, 0, 0]    # D; F; A at 00:00; G on receipt; C (final)
    assert one["resolved"].tolist() == [0, 0, 0, 1, 0, 0, 0, 1, 0]   # F; C
    assert one["backlog"].tolist() == [2, 3, 4, 4, 3, 3, 2, 2, 3]    # opening E F; ... E B J at the end
    two = s[s["group_id"] == 2].set_index("day")
    assert two["backlog"].tolist() == [0, 0, 0, 0, 1, 1, 1, 1, 1]
    none = s[s["group_id"] == workload.NO_GROUP].set_index("day")
    assert none["inflow"].tolist() == [0, 0, 0, 0, 0, 0, 1, 0, 0]
    assert none["backlog"].tolist() == [0, 0, 0, 0, 0, 0, 1, 0, 0]
    assert sorted(s["group_id"].unique()) == [workload.NO_GROUP, 1, 2]


def test_backlog_age_by_hand(hand):
    a = workload.backlog_age(hand, P, AS_OF, "sector").set_index("group_id")
    assert list(a.index) == [1, 2]                       # I (no block) was answered before P's end
    assert a.loc[1, "backlog"] == 3                      # E B J at 08.11 00:00
    assert a.loc[1, "median_age"] == pytest.approx(6.5)  # B: 01.11 12:00 -> 08.11 00:00
    assert [a.loc[1, c] for c in ("age_0_3", "age_3_10", "age_10_30", "age_30p")] == [1, 1, 1, 0]  # J B E
    assert a.loc[2, "backlog"] == 1 and a.loc[2, "median_age"] == pytest.approx(4 + 14 / 24)   # H: 4 d 14 h
    assert [a.loc[2, c] for c in ("age_0_3", "age_3_10", "age_10_30", "age_30p")] == [0, 1, 0, 0]


def test_backlog_age_of_a_current_period_is_taken_now(hand):
    now = t(5, 11, 12)  # P still running: the backlog at 05.11 12:00 is E B C H (C answered at 15:00), G closed
    a = workload.backlog_age(hand, P, now, "sector").set_index("group_id")
    assert a.loc[1, "backlog"] == 3 and a.loc[2, "backlog"] == 1


def test_weekly_inflow_by_hand(hand):
    w = workload.weekly_inflow(hand, P, OFFSET, "sector")  # P ends on a Saturday: the last full week ends 01.11
    assert workload.last_full_week_end(P) == date(2026, 11, 1)
    one = w[w["group_id"] == 1].set_index("week")["items"]
    assert one.to_dict() == {date(2026, 10, 19): 1, date(2026, 10, 26): 4}  # E; F A D B (01.11 is a Sunday)


# --- against pandas over the generated rows, both engines --------------------------------------------------------

TZ_DEMO = "Asia/Krasnoyarsk"
CASES = {
    "sectors, 30 days": (Filters(date(2026, 10, 17), date(2026, 11, 15), tz=TZ_DEMO), "sector"),
    "executors, ЖКХ, two channels": (Filters(date(2026, 9, 1), date(2026, 10, 31), sectors=(1,), channels=(1, 3),
                                             tz=TZ_DEMO), "executor"),
}


def _midnight(day: date) -> pd.Timestamp:
    return pd.Timestamp(datetime(day.year, day.month, day.day), tz=TZ_DEMO)


def expected_series(m: pd.DataFrame, f: Filters, by: str, days: list[date]) -> pd.DataFrame:
    """Backlog at each day's end by its definition (received before the next midnight, not answered before it),
    counted day by day; flows by local date. Written without data_access."""
    dims = select(m, f, period_on=None).copy()
    dims["g"] = dims[f"{by}_id"].fillna(-1).astype("int64")
    rec_day = local_dates(dims["received_at"], f.tz)
    closed = dims[["received_at", "answered_at"]].max(axis=1).where(dims["answered_at"].notna())
    out_day = local_dates(closed, f.tz)
    res_day = local_dates(dims["resolved_at"], f.tz)
    rows = []
    for day in days:
        end = _midnight(day + timedelta(days=1))
        in_backlog = (dims["received_at"] < end) & (dims["answered_at"].isna() | (dims["answered_at"] >= end))
        part = pd.DataFrame({"backlog": in_backlog.groupby(dims["g"]).sum(),
                             "inflow": (rec_day == day).groupby(dims["g"]).sum(),
                             "outflow": (out_day == day).groupby(dims["g"]).sum(),
                             "resolved": (res_day == day).groupby(dims["g"]).sum()})
        rows.append(part.assign(day=day))
    return pd.concat(rows).reset_index(names="group_id")


@pytest.mark.parametrize("case", CASES)
def test_backlog_series_matches_pandas(case, store_engine, demo_frames):
    f, by = CASES[case]
    first = f.date_from - timedelta(days=20)
    days = [first + timedelta(days=i) for i in range((f.date_to - first).days + 1)]
    got = workload.backlog_series(store_engine, f, 25200, by, first=first).set_index(["group_id", "day"])
    want = expected_series(demo_frames[0], f, by, days).set_index(["group_id", "day"])
    want = want[want.groupby(level=0)[["backlog", "inflow", "outflow", "resolved"]].transform("sum").sum(axis=1) > 0]
    got = got.reindex(want.index.union(got.index), fill_value=0)
    want = want.reindex(got.index, fill_value=0)
    for col in ("inflow", "outflow", "resolved", "backlog"):
        assert got[col].astype("int64").tolist() == want[col].astype("int64").tolist(), col
    assert want["backlog"].sum() > 100  # the case has a real backlog


@pytest.mark.parametrize("case", CASES)
def test_backlog_age_matches_pandas(case, store_engine, demo_frames, demo_now):
    f, by = CASES[case]
    dims = select(demo_frames[0], f, period_on=None)
    moment = min(_midnight(f.date_to + timedelta(days=1)), pd.Timestamp(demo_now))
    open_ = dims[(dims["received_at"] < moment) & (dims["answered_at"].isna() | (dims["answered_at"] >= moment))]
    age = (moment - open_["received_at"]).dt.total_seconds() / 86400
    g = open_[f"{by}_id"].fillna(-1).astype("int64")
    got = workload.backlog_age(store_engine, f, demo_now, by).set_index("group_id")
    assert sorted(got.index) == sorted(g.unique())
    assert got["backlog"].to_dict() == g.value_counts().to_dict()
    assert np.allclose(got["median_age"].sort_index(), age.groupby(g).median().sort_index(), atol=1e-6)
    buckets = pd.cut(age, [-1, 3, 10, 30, np.inf], right=True, labels=["age_0_3", "age_3_10", "age_10_30", "age_30p"])
    want = pd.crosstab(g, buckets).reindex(columns=["age_0_3", "age_3_10", "age_10_30", "age_30p"], fill_value=0)
    assert got[want.columns].sort_index().to_numpy().tolist() == want.sort_index().to_numpy().tolist()


def test_series_end_equals_the_age_query(store_engine, demo_now):
    """Two formulations of the backlog (running sum; the registry's condition at the moment) agree."""
    f = Filters(date(2026, 10, 1), date(2026, 10, 31), tz=TZ_DEMO)
    s = workload.backlog_series(store_engine, f, 25200, "sector")
    end = s[s["day"] == f.date_to].set_index("group_id")["backlog"]
    a = workload.backlog_age(store_engine, f, demo_now, "sector").set_index("group_id")["backlog"]
    assert end[end > 0].sort_index().to_dict() == a.sort_index().to_dict()


def test_weekly_inflow_matches_pandas(store_engine, demo_frames):
    f, by = CASES["executors, ЖКХ, two channels"]
    last = date(2026, 10, 25)  # the Sunday before 31.10 (a Saturday)
    # by hand: the 26 weeks the chart draws, and 8 weeks before + 4 after the same Sunday 52 and 104 weeks back
    windows = [(date(2026, 4, 27), last), (date(2025, 9, 1), date(2025, 11, 23)),
               (date(2024, 9, 2), date(2024, 11, 24))]
    dims = select(demo_frames[0], f, period_on=None)
    day = local_dates(dims["received_at"], f.tz)
    dims = dims[pd.concat([(day >= a) & (day <= b) for a, b in windows], axis=1).any(axis=1)]
    day = local_dates(dims["received_at"], f.tz)
    monday = day.map(lambda x: x - timedelta(days=x.weekday()))
    want = dims.groupby([dims["executor_id"].fillna(-1).astype("int64"), monday]).size()
    got = workload.weekly_inflow(store_engine, f, 25200, by).set_index(["group_id", "week"])["items"]
    assert got.to_dict() == {(int(g), w): int(n) for (g, w), n in want.items()}


# --- the «keeps growing» rule ----------------------------------------------------------------------------------------

def _weekly_points(values: list[int], last: date) -> list[tuple[date, int]]:
    """Daily rows at the rule's checkpoints (oldest first in ``values``) and a noisy day between them."""
    return [(last - timedelta(days=7 * (len(values) - 1 - i)), v) for i, v in enumerate(values)]


def test_keeps_growing_rule():
    last = date(2026, 11, 15)
    series = {1: [10, 12, 13, 20, 21],   # up every week, ≥ 10: growing
              2: [10, 12, 11, 20, 21],   # one week down
              3: [2, 3, 4, 6, 9],        # up every week but under 10 items
              4: [10, 12, 12, 20, 21]}   # one week flat
    rows = [(g, d, v) for g, vals in series.items() for d, v in _weekly_points(vals, last)]
    rows.append((1, last - timedelta(days=3), 0))  # days between the checkpoints do not matter
    df = pd.DataFrame(rows, columns=["group_id", "day", "backlog"])
    got = workload.keeps_growing(df, last)
    assert got.to_dict() == {1: True, 2: False, 3: False, 4: False}
    text = workload.GrowthRule().text(last)
    assert "18.10, 25.10, 01.11, 08.11, 15.11" in text and "4 недель" in text and "10 обращений" in text


def test_per_staff_and_staff_from_the_profile():
    sectors = pd.DataFrame({"id": [1, 2, 3], "code": ["zhkh", "roads", "x"], "name": ["ЖКХ", "Дороги", "Икс"]})
    staff = workload.staff_by_sector({"zhkh": 4, "Дороги": 2}, sectors)
    assert staff.to_dict() == {1: 4.0, 2: 2.0}
    got = workload.per_staff(pd.Series({1: 10, 2: 3, 3: 7}), staff.reindex([1, 2, 3]))
    assert got[1] == 2.5 and got[2] == 1.5 and math.isnan(got[3])


def test_the_profile_check_names_a_wrong_staff_table(tmp_path):
    import shutil

    from data_access.domain.profile_check import ERROR, WARNING, check_profile
    from data_access.domain.profile import PROFILES_DIR

    folder = tmp_path / "p"
    shutil.copytree(PROFILES_DIR / "krasnoyarsk", folder)
    toml = (folder / "profile.toml").read_text(encoding="utf-8").replace("roads = 6", "roads = 0\nnowhere = 3")
    (folder / "profile.toml").write_text(toml, encoding="utf-8")
    problems = {p.text: p.level for p in check_profile(folder)}
    assert problems.get("[staff]: численность блока «roads» должна быть целым числом больше нуля, а не «0»") == ERROR
    assert problems.get("[staff]: блока «nowhere» нет в [[sectors]] (нужен код или название блока)") == WARNING


# --- the forecast method ----------------------------------------------------------------------------------------------

PATTERN = [100 + 40 * math.sin(2 * math.pi * i / 52) + (30 if i % 13 == 0 else 0) for i in range(52)]
START = date(2023, 1, 2)  # a Monday


def _synthetic(last_index: int, factors: dict[int, float]) -> pd.Series:
    """Week i: PATTERN[i mod 52] × the factor of its year (i // 52)."""
    weeks = [START + timedelta(weeks=i) for i in range(last_index + 1)]
    return pd.Series([PATTERN[i % 52] * factors[i // 52] for i in range(last_index + 1)], index=weeks)


def test_forecast_of_a_stable_season_times_a_level_is_exact():
    last = 130  # the recent 8 weeks and the 4 targets fall, 52 and 104 weeks back, in years 1 and 0
    series = _synthetic(last, {0: 1.0, 1: 1.1, 2: 1.2})
    fc = forecast_weekly(series, START + timedelta(weeks=last))
    assert fc["method"].unique().tolist() == ["seasonal"] and fc["years"].unique().tolist() == [2]
    assert fc["week"].tolist() == [START + timedelta(weeks=last + h) for h in range(1, 5)]
    # recent = 1.2·S, the same weeks back 1.1·S and 1.0·S: level 1.2 / 1.05; base mean(1.1, 1.0)·p = 1.05·p
    assert np.allclose(fc["forecast"], [1.2 * PATTERN[(last + h) % 52] for h in range(1, 5)])


def test_forecast_with_one_past_year_and_without_history():
    series = _synthetic(70, {0: 1.0, 1: 1.5})
    fc = forecast_weekly(series, START + timedelta(weeks=70))
    assert fc["years"].unique().tolist() == [1]
    assert np.allclose(fc["forecast"], [1.5 * PATTERN[(70 + h) % 52] for h in range(1, 5)])
    short = pd.Series([10, 20, 30, 40, 50, 60, 70, 80, 90],
                      index=[START + timedelta(weeks=i) for i in range(9)], dtype="float64")
    fc = forecast_weekly(short, START + timedelta(weeks=8))
    assert fc["method"].unique().tolist() == ["recent_mean"]
    assert np.allclose(fc["forecast"], (20 + 30 + 40 + 50 + 60 + 70 + 80 + 90) / 8)


def test_forecast_counts_a_missing_week_as_zero():
    series = _synthetic(130, {0: 1.0, 1: 1.0, 2: 1.0})
    gap = series.drop(START + timedelta(weeks=130 - 52 - 2))  # one of last year's recent weeks had no items
    fc = forecast_weekly(gap, START + timedelta(weeks=130))
    recent = sum(PATTERN[(130 - j) % 52] for j in range(8))
    back1 = recent - PATTERN[(130 - 2) % 52]
    level = recent / ((back1 + recent) / 2)
    assert np.allclose(fc["forecast"], [level * PATTERN[(130 + h) % 52] for h in range(1, 5)])


# --- the page's summary and the page itself ---------------------------------------------------------------------------

def test_summary_lists_growing_blocks_first_with_staff():
    from components.workload.view import growing_note, summary

    last = date(2026, 11, 15)
    f = Filters(date(2026, 11, 9), last, tz=TZ_NAME)
    rows = []
    for gid, weekly in {1: [50, 40, 30, 20, 10], 2: [10, 12, 14, 16, 18]}.items():  # oldest first: 1 falls, 2 grows
        for k, v in enumerate(reversed(weekly)):  # newest first: last, last − 7, ...
            rows.append((gid, last - timedelta(days=7 * k), 3, 2, 1, v))
    series = pd.DataFrame(rows, columns=["group_id", "day", "inflow", "outflow", "resolved", "backlog"])
    ages = pd.DataFrame({"group_id": [1, 2], "backlog": [50, 18], "median_age": [4.0, 9.5], "age_0_3": [10, 1],
                         "age_3_10": [20, 10], "age_10_30": [20, 7], "age_30p": [0, 0]})
    fc = pd.DataFrame({"group_id": [1, 1, 2], "week": [last] * 3, "forecast": [5.0, 6.0, 7.0]})
    df = summary(series, ages, fc, f, "sector", pd.Series({1: 10.0}))
    assert df["group_id"].tolist() == [2, 1]                     # growing first, though its backlog is smaller
    assert df["growing"].tolist() == [True, False]
    one = df.set_index("group_id").loc[1]
    assert (one["inflow"], one["outflow"], one["resolved"]) == (3, 2, 1)   # only 15.11 lies in the period
    assert (one["backlog"], one["backlog_4w"], one["forecast_4w"], one["per_staff"]) == (10, 50, 11.0, 1.0)
    assert math.isnan(df.set_index("group_id").loc[2, "per_staff"])        # no staff in the profile for block 2
    note = growing_note(df, {1: "ЖКХ", 2: "Дороги"})
    assert note.startswith("Дороги: 10 → 18.") and "п. 2.4" in note and "ЖКХ" not in note
    assert "занятости блока" in note and "занятости исполнителя" in growing_note(df, {1: "А", 2: "Б"}, "executor")
    # shown as the app writes numbers: a decimal comma, «—» for what is not known
    from components.workload.view import summary_table
    from data_access.store.reference import Reference

    empty = pd.DataFrame({"id": pd.Series([], dtype="int64"), "name": pd.Series([], dtype="object")})
    ref = Reference(empty, pd.DataFrame({"id": [1, 2], "code": ["zhkh", "roads"], "name": ["ЖКХ", "Дороги"]}),
                    empty.assign(sector_id=pd.Series([], dtype="int64")), empty.assign(code=[], unit=[], term=[]),
                    empty.assign(sector_id=pd.Series([], dtype="int64")))
    shown = summary_table(df, ref, f, last, "sector").set_index("Блок")
    assert shown.loc["Дороги", "Медиана возраста, дн."] == "9,5" and shown.loc["ЖКХ", "Медиана возраста, дн."] == "4,0"
    assert shown.loc["ЖКХ", "Остаток на сотрудника"] == "1,0" and shown.loc["Дороги", "Остаток на сотрудника"] == "—"
    assert shown.loc["ЖКХ", "Сотрудников"] == "10" and shown.loc["Дороги", "Сотрудников"] == "—"


@pytest.fixture
def app_env(monkeypatch, duckdb_url):
    from pathlib import Path

    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)


@pytest.mark.parametrize("query", [{}, {"wl_by": "по исполнителям"}, {"wl_group": "Дороги"}],
                         ids=["blocks", "executors", "one block"])
def test_the_page_renders(app_env, query):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=120)
    for key, value in {"period": "Свой период", "dates": ["2026-10-17", "2026-11-15"], **query}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/workload.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    table = at.dataframe[0].value
    first = "Исполнитель" if query.get("wl_by") else "Блок"
    assert table.columns[0] == first and len(table) > 3
    assert [s.value for s in at.subheader][1:] == ["Поступление, ответы и остаток по дням", "Остаток за 12 месяцев",
                                                   "Прогноз поступления на 4 недели"]
    if query.get("wl_group"):
        assert at.selectbox(key="wl_group").value == "Дороги"


def test_flow_chart_ticks_whole_days_for_a_short_period():
    """A period of one or a few days: one tick a day, never plotly's hour steps («05.12 05.12 06.12»)."""
    from components.workload.view import ALL, flow_chart
    from data_access.store.reference import Reference

    empty = pd.DataFrame({"id": pd.Series([], dtype="int64"), "name": pd.Series([], dtype="object")})
    ref = Reference(empty, empty.assign(code=[]), empty.assign(sector_id=pd.Series([], dtype="int64")),
                    empty.assign(code=[], unit=[], term=[]), empty.assign(sector_id=pd.Series([], dtype="int64")))
    days = pd.DataFrame({"day": [date(2026, 12, 5), date(2026, 12, 6)], "inflow": [3, 4], "outflow": [2, 2],
                         "resolved": [1, 1], "backlog": [10, 12]})
    one_day = flow_chart(days, Filters(date(2026, 12, 6), date(2026, 12, 6), tz=TZ_NAME), ref, date(2026, 12, 7),
                         "sector", ALL)
    assert one_day.layout.xaxis.dtick == 86_400_000 and len(one_day.data[0].x) == 1
    month = pd.DataFrame({"day": [date(2026, 11, 1) + timedelta(days=i) for i in range(30)], "inflow": 1,
                          "outflow": 1, "resolved": 1, "backlog": 5})
    assert flow_chart(month, Filters(date(2026, 11, 1), date(2026, 11, 30), tz=TZ_NAME), ref, date(2026, 12, 7),
                      "sector", ALL).layout.xaxis.dtick == 2 * 86_400_000
