"""Queries of «Загрузка блоков» (seed 003 §2.4, «учёт уровня занятости по отраслевым блокам»): per block or
executor, daily inflow, outflow (answered, resolved), the open backlog at each day's end, its age, weekly inflow
for the forecast (``data_access.queries.forecast``), and the rule that lists blocks whose backlog keeps growing.

Backlog at a day's end is counted in SQL as cumulative inflow − cumulative outflow (a window sum over the daily
counts, over an opening row that counts the backlog at the window's start), which equals the registry's «Остаток на
конец дня» (``metrics.open_before`` at the next local midnight) exactly: ``tests/test_workload.py`` checks both
against each other and against pandas. The messages table is never read into pandas.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data_access.store import dialect as d
from data_access.metrics.filters import Filters, dimension_clauses
from data_access.metrics.registry import (
    BACKLOG_AGE_BUCKETS, METRICS, backlog_age_condition, backlog_age_days, closed_at, open_before, open_before_arms,
    period_end_moment,
)
from data_access.store.schema import messages as m
from data_access.domain.workcalendar import EPOCH

GROUPS = {"sector": m.c.sector_id, "executor": m.c.executor_id}
NO_GROUP = -1           # items without a block / an executor
TREND_DAYS = 365        # the backlog trend: 12 months ending on the period's last day
GROWING_WEEKS = 4       # «keeps growing»: the backlog rose in each of the last 4 weeks ...
GROWING_MIN = 10        # ... and is at least 10 items


def day_number(day: date) -> int:
    return (day - EPOCH).days


def _group(by: str) -> sa.ColumnElement:
    return sa.func.coalesce(GROUPS[by], NO_GROUP).label("group_id")


def trend_first_day(f: Filters) -> date:
    return f.date_to - timedelta(days=TREND_DAYS - 1)


def backlog_series_stmt(f: Filters, offset: int, by: str = "sector", first: date | None = None) -> sa.Select:
    """Per group and local day from ``first`` (default: 12 months before the period's end) to the period's last
    day: inflow (received), outflow (answered, by ``metrics.closed_at``), resolved, and the backlog at the day's
    end as a running sum of inflow − outflow over a first row dated ``first`` − 1 that carries the opening
    backlog (the registry's ``open_before`` at ``first``'s midnight: older rows are only counted, not bucketed
    by day). Days without any event are absent (the caller fills them)."""
    first = first or trend_first_day(f)
    start, end = Filters(first, f.date_to, tz=f.tz).bounds()
    dims = dimension_clauses(f)
    g = _group(by)
    zero, one = sa.literal(0, sa.Integer), sa.literal(1, sa.Integer)
    # the opening backlog in two rows per group (never answered; answered after ``first``): the daily sum adds them
    opening = [sa.select(g, sa.literal(day_number(first) - 1, sa.Integer).label("day"),
                         sa.cast(sa.func.count(), sa.Integer).label("n_in"), zero.label("n_out"), zero.label("n_res"))
               .where(arm, *dims).group_by(GROUPS[by]) for arm in open_before_arms(start)]
    received = sa.select(g, d.local_day(m.c.received_at, offset), one, zero, zero).where(
        m.c.received_at >= start, m.c.received_at < end, *dims)
    # closed in the window: answered in it (received before its end), or answered before it but received in it
    # (an answer the source dates before receipt closes on receipt); two arms, each a plain range that min/max
    # maps and indexes narrow
    answered = sa.select(g, d.local_day(closed_at, offset), zero, one, zero).where(
        m.c.answered_at >= start, m.c.answered_at < end, m.c.received_at < end, *dims)
    answered_early = sa.select(g, d.local_day(m.c.received_at, offset), zero, one, zero).where(
        m.c.received_at >= start, m.c.received_at < end, m.c.answered_at < start, *dims)
    resolved = sa.select(g, d.local_day(m.c.resolved_at, offset), zero, zero, one).where(
        m.c.resolved_at >= start, m.c.resolved_at < end, *dims)
    events = sa.union_all(*opening, received, answered, answered_early, resolved).subquery("events")
    big = sa.BigInteger
    daily = (sa.select(events.c.group_id, events.c.day,
                       sa.cast(sa.func.sum(events.c.n_in), big).label("inflow"),
                       sa.cast(sa.func.sum(events.c.n_out), big).label("outflow"),
                       sa.cast(sa.func.sum(events.c.n_res), big).label("resolved"))
             .group_by(events.c.group_id, events.c.day).subquery("daily"))
    running = sa.func.sum(daily.c.inflow - daily.c.outflow).over(partition_by=daily.c.group_id, order_by=daily.c.day)
    return (sa.select(daily.c.group_id, daily.c.day, daily.c.inflow, daily.c.outflow, daily.c.resolved,
                      sa.cast(running, big).label("backlog"))
            .order_by(daily.c.group_id, daily.c.day))


def backlog_series(engine: sa.Engine, f: Filters, offset: int, by: str = "sector",
                   first: date | None = None) -> pd.DataFrame:
    """Columns: group_id (−1: none), day (date), inflow, outflow, resolved, backlog (at the day's end). One row per
    group and day from ``first`` to the period's last day, days without events filled (flows 0, backlog carried)."""
    first = first or trend_first_day(f)
    with engine.connect() as conn:
        raw = pd.DataFrame(conn.execute(backlog_series_stmt(f, offset, by, first)).all(),
                           columns=["group_id", "day", "inflow", "outflow", "resolved", "backlog"])
    days = np.arange(day_number(first), day_number(f.date_to) + 1)
    groups = sorted(int(g) for g in raw["group_id"].unique())
    grid = pd.MultiIndex.from_product([groups, np.concatenate([[days[0] - 1], days])], names=["group_id", "day"])
    full = raw.astype({"group_id": "int64", "day": "int64"}).set_index(["group_id", "day"]).reindex(grid)
    flows = full[["inflow", "outflow", "resolved"]].fillna(0).astype("int64")
    backlog = full["backlog"].groupby(level=0).ffill().fillna(0).astype("int64")  # none before: 0
    out = flows.assign(backlog=backlog).reset_index()
    out = out[out["day"] >= days[0]].reset_index(drop=True)  # the opening row only carried the backlog
    out["day"] = pd.to_datetime(out["day"], unit="D").dt.date
    return out[["group_id", "day", "inflow", "outflow", "resolved", "backlog"]]


def backlog_age_stmt(f: Filters, as_of: datetime, by: str = "sector") -> sa.Select:
    """Per group: the backlog at the period's end (``metrics.period_end_moment``), its median age in days and the
    counts per age bucket (``metrics.BACKLOG_AGE_BUCKETS``)."""
    moment = period_end_moment(f, as_of)
    g = _group(by)
    in_backlog = open_before(moment)
    age = backlog_age_days(moment)
    cols = [METRICS["backlog"].parts(f, moment)["backlog"].label("backlog"),
            d.percentile(sa.case((in_backlog, age)), 0.5).label("median_age")]
    cols += [d.count_if(sa.and_(in_backlog, backlog_age_condition(k, moment))).label(age_column(k))
             for k in BACKLOG_AGE_BUCKETS]
    return (sa.select(g, *cols).where(in_backlog, *dimension_clauses(f))
            .group_by(GROUPS[by]).order_by(GROUPS[by]))


def age_column(key: str) -> str:
    return "age_" + key.replace("-", "_").replace("+", "p")


def backlog_age(engine: sa.Engine, f: Filters, as_of: datetime, by: str = "sector") -> pd.DataFrame:
    """Columns: group_id, backlog, median_age (days, float), age_0_3, age_3_10, age_10_30, age_30p. Groups with an
    empty backlog are absent."""
    names = ["group_id", "backlog", "median_age", *[age_column(k) for k in BACKLOG_AGE_BUCKETS]]
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(backlog_age_stmt(f, as_of, by)).all(), columns=names)
    df["median_age"] = df["median_age"].astype("float64")
    return df.astype({c: "int64" for c in names if c != "median_age"})


def last_full_week_end(f: Filters) -> date:
    """The last Sunday on or before the period's last day: weeks after it are forecast."""
    return f.date_to - timedelta(days=(f.date_to.weekday() + 1) % 7)


CHART_WEEKS = 26  # weeks of history the forecast chart draws


def weekly_windows(f: Filters) -> list[tuple[date, date]]:
    """The weeks ``forecast.forecast_weekly`` reads (and the chart draws), as (first, last) local days: the last
    ``CHART_WEEKS`` full weeks ending on ``last_full_week_end``, and for each past year k the recent weeks and the
    forecast weeks 52·k weeks back. Non-overlapping."""
    from data_access.queries.forecast import HORIZON, RECENT_WEEKS, WEEKS_PER_YEAR, YEARS

    last = last_full_week_end(f)
    out = [(last - timedelta(weeks=max(CHART_WEEKS, RECENT_WEEKS)) + timedelta(days=1), last)]
    for k in YEARS:
        back = last - timedelta(weeks=WEEKS_PER_YEAR * k)
        out.append((back - timedelta(weeks=RECENT_WEEKS) + timedelta(days=1), back + timedelta(weeks=HORIZON)))
    return out


def weekly_inflow_stmt(f: Filters, offset: int, by: str = "sector") -> sa.Select:
    """Items received per group and local week (Monday's day number) in the ``weekly_windows`` — the history
    ``forecast.forecast_weekly`` needs (the period's dates are not used otherwise); one arm per window."""
    g = _group(by)
    week = d.week_start_day(d.local_day(m.c.received_at, offset)).label("week_day")
    arms = []
    for first, last in weekly_windows(f):
        start, end = Filters(first, last, tz=f.tz).bounds()
        arms.append(sa.select(g, week, sa.func.count().label("items"))
                    .where(m.c.received_at >= start, m.c.received_at < end, *dimension_clauses(f))
                    .group_by(GROUPS[by], week))
    u = sa.union_all(*arms).subquery("weeks")
    return sa.select(u.c.group_id, u.c.week_day, u.c["items"]).order_by(u.c.group_id, u.c.week_day)


def weekly_inflow(engine: sa.Engine, f: Filters, offset: int, by: str = "sector") -> pd.DataFrame:
    """Columns: group_id, week (Monday, date), items. Weeks without items are absent."""
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(weekly_inflow_stmt(f, offset, by)).all(), columns=["group_id", "week", "items"])
    df["week"] = [EPOCH + timedelta(days=int(x)) for x in df["week"]]
    return df.astype({"group_id": "int64", "items": "int64"})


# --- pure transforms over the aggregates ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GrowthRule:
    weeks: int = GROWING_WEEKS
    minimum: int = GROWING_MIN

    def checkpoints(self, last_day: date) -> list[date]:
        """The days whose backlog is compared, newest first: the last day and 1..weeks weeks before it."""
        return [last_day - timedelta(days=7 * k) for k in range(self.weeks + 1)]

    def text(self, last_day: date) -> str:
        days = ", ".join(f"{x:%d.%m}" for x in reversed(self.checkpoints(last_day)))
        return (f"остаток на конец дня выше, чем неделей раньше, в каждой из последних {self.weeks} недель "
                f"(сравниваются {days}), и не меньше {self.minimum} обращений")


def keeps_growing(series: pd.DataFrame, last_day: date, rule: GrowthRule = GrowthRule()) -> pd.Series:
    """group_id -> True when the group's backlog (``backlog_series``) rose at each of ``rule.weeks`` weekly steps
    ending on ``last_day`` and is at least ``rule.minimum`` now."""
    points = rule.checkpoints(last_day)
    wide = (series[series["day"].isin(points)].pivot(index="group_id", columns="day", values="backlog")
            .reindex(columns=points))
    if wide.empty:
        return pd.Series(dtype=bool)
    values = wide.to_numpy(dtype="float64")  # newest first
    rising = np.all(values[:, :-1] > values[:, 1:], axis=1) & (values[:, 0] >= rule.minimum)
    return pd.Series(rising & ~np.isnan(values).any(axis=1), index=wide.index)


def per_staff(backlog: pd.Series, staff: pd.Series) -> pd.Series:
    """Backlog per staff member (``metrics`` «Остаток на сотрудника»); NaN where the profile gives no staff."""
    return backlog / staff.where(staff > 0)


def staff_by_sector(profile_staff: dict, sectors: pd.DataFrame) -> pd.Series:
    """sector id -> staff count from the profile's ``[staff]`` table (keyed by sector code or name)."""
    out = {}
    for sid, code, name in zip(sectors["id"], sectors["code"], sectors["name"]):
        value = profile_staff.get(code, profile_staff.get(name))
        if value is not None:
            out[int(sid)] = int(value)
    return pd.Series(out, dtype="float64")
