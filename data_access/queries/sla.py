"""Queries of the «Сроки» page: answers on time, overdue now by age, due soon, answer and first-answer times.

Definitions (docs/domain): «в срок» = answered no later than the deadline in force; «просрочено сейчас» =
not answered and past that deadline at ``as_of`` (whatever the period: the dimension filters only);
«скоро просрочка» = open, not yet overdue, due before the end of the next working day. Times count from
registration. Every function returns a small DataFrame; all aggregation happens in the database.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import sqlalchemy as sa

from data_access.store import dialect as d
from data_access.metrics.filters import Filters, dimension_clauses, in_period
from data_access.metrics.registry import (
    AGE_BUCKETS, AGE_COLUMNS, METRICS, age_condition, answer_in_channel_unit, answered_on_time, deadline_in_force,
    first_answer as first_answer_at, has_deadline, next_working_day_stmt, open_at, overdue_at, registered_from, resolved,
)
from data_access.store.schema import channels, messages as m
from data_access.domain.workcalendar import EPOCH

GRAINS = ("week", "month")
DIMENSIONS = ("sector", "executor", "district")
HOUR_UNITS = ("hours", "work_hours")

_registered = registered_from


def _rows(engine: sa.Engine, stmt: sa.Select) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.all(), columns=list(result.keys()))


# --- answered on time, by week or month and channel --------------------------------------------------------

def on_time_stmt(f: Filters, utc_offset_seconds: int, grain: str = "week") -> sa.Select:
    """Answers given in the period and of them on time, per week (Monday) or month and channel.

    Columns: bucket (day number of the Monday, or ``year * 12 + month - 1``), channel_id, answered, on_time,
    on_time_base (answers with a deadline: the share's base; the rest are «без срока»).
    """
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {GRAINS}")
    # the answer's local day, stored per row (data_access.store.derived) at the store's municipality offset
    day = m.c.answered_day.label("day_num")
    daily = (sa.select(day, m.c.channel_id, sa.func.count().label("answered"),
                       d.count_if(answered_on_time).label("on_time"), d.count_if(has_deadline).label("on_time_base"))
             .where(in_period(f, m.c.answered_at), *dimension_clauses(f))
             .group_by(day, m.c.channel_id).subquery())
    bucket = (d.week_start_day(daily.c.day_num) if grain == "week" else d.month_index(daily.c.day_num)).label("bucket")
    return (sa.select(bucket, daily.c.channel_id, sa.func.sum(daily.c.answered).label("answered"),
                      sa.func.sum(daily.c.on_time).label("on_time"),
                      sa.func.sum(daily.c.on_time_base).label("on_time_base"))
            .group_by(bucket, daily.c.channel_id).order_by(bucket, daily.c.channel_id))


def on_time_by_period(engine: sa.Engine, f: Filters, utc_offset_seconds: int, grain: str = "week") -> pd.DataFrame:
    """Columns: start, end (local dates of the week or month, clipped to the period), channel_id, answered,
    on_time, on_time_base, no_deadline, share (on_time / on_time_base, 0..1; NaN if no answer had a deadline).
    Buckets by the local day of the answer."""
    df = _rows(engine, on_time_stmt(f, utc_offset_seconds, grain))
    if grain == "week":
        start = [EPOCH + timedelta(days=int(b)) for b in df["bucket"]]
        end = [s + timedelta(days=6) for s in start]
    else:
        start = [date(int(b) // 12, int(b) % 12 + 1, 1) for b in df["bucket"]]
        end = [(s.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1) for s in start]
    out = pd.DataFrame({"start": start, "end": end, "channel_id": df["channel_id"].astype(int),
                        "answered": df["answered"].astype(int), "on_time": df["on_time"].astype(int),
                        "on_time_base": df["on_time_base"].astype(int)})
    out["no_deadline"] = out["answered"] - out["on_time_base"]
    out["start"] = out["start"].clip(lower=f.date_from) if len(out) else out["start"]
    out["end"] = out["end"].clip(upper=f.date_to) if len(out) else out["end"]
    out["share"] = out["on_time"] / out["on_time_base"].where(out["on_time_base"] > 0)
    return out


# --- overdue now by sector, executor and district, with age buckets ---------------------------------------

def overdue_stmt(f: Filters, as_of: datetime) -> sa.Select:
    """Items overdue at ``as_of`` by age bucket, in one scan grouped by sector, by executor and by district.

    Columns: dimension ('sector' | 'executor' | 'district'), id (NULL = not set), the four
    ``metrics.AGE_BUCKETS`` as ``age_0_1``..``age_7p``, total. The period of ``f`` is not applied: what is overdue now is overdue.
    """
    buckets = [d.count_if(age_condition(key, as_of)).label(AGE_COLUMNS[key]) for key in AGE_BUCKETS]
    cols = {"sector": m.c.sector_id, "executor": m.c.executor_id, "district": m.c.district_id}
    dimension = sa.case(*[(sa.func.grouping(col) == 0, name) for name, col in cols.items()]).label("dimension")
    value = sa.case(*[(sa.func.grouping(col) == 0, col) for col in cols.values()]).label("id")
    return (sa.select(dimension, value, *buckets, sa.func.count().label("total"))
            .where(overdue_at(as_of), *dimension_clauses(f))
            .group_by(sa.func.grouping_sets(*[sa.tuple_(col) for col in cols.values()])))


def overdue_now(engine: sa.Engine, f: Filters, as_of: datetime) -> pd.DataFrame:
    """Columns: dimension, id (Int64, NA = not set), age_0_1, age_1_3, age_3_7, age_7p, total; most overdue first."""
    df = _rows(engine, overdue_stmt(f, as_of))
    df["id"] = pd.array(df["id"], dtype="Int64")
    for col in (*AGE_COLUMNS.values(), "total"):
        df[col] = df[col].astype(int)
    return df.sort_values(["dimension", "total", "id"], ascending=[True, False, True]).reset_index(drop=True)


# --- due soon: open and due before the end of the next working day -----------------------------------------

def due_soon_horizon(engine: sa.Engine, as_of: datetime, utc_offset_seconds: int) -> datetime:
    """End of the next working day after the local day of ``as_of`` (from ``work_calendar``; without
    calendar rows: the end of the next calendar day)."""
    today = (as_of.timestamp() + utc_offset_seconds) // 86_400
    stmt = next_working_day_stmt(int(today))
    with engine.connect() as conn:
        next_day = conn.execute(stmt).scalar() or int(today) + 1
    return datetime.fromtimestamp((next_day + 1) * 86_400 - utc_offset_seconds, as_of.tzinfo)


def due_soon_condition(as_of: datetime, horizon: datetime) -> sa.ColumnElement:
    """Open at ``as_of``, not yet overdue, deadline in force before ``horizon`` (drill-down ``due_soon=1``)."""
    return sa.and_(open_at(as_of), deadline_in_force >= as_of, deadline_in_force < horizon)


def due_soon_stmt(f: Filters, as_of: datetime, horizon: datetime) -> sa.Select:
    """Open items not yet overdue whose deadline in force falls before ``horizon``, per executor and channel.

    Columns: executor_id, channel_id, items, first_deadline. The period of ``f`` is not applied."""
    return (sa.select(m.c.executor_id, m.c.channel_id, sa.func.count().label("items"),
                      sa.func.min(deadline_in_force).label("first_deadline"))
            .where(due_soon_condition(as_of, horizon), *dimension_clauses(f))
            .group_by(m.c.executor_id, m.c.channel_id))


def due_soon(engine: sa.Engine, f: Filters, as_of: datetime, utc_offset_seconds: int) -> pd.DataFrame:
    """Columns: executor_id (Int64), channel_id, items, first_deadline (UTC); ``attrs``: ``horizon`` (the
    bound instant) and ``last_day`` (the local date of the next working day)."""
    horizon = due_soon_horizon(engine, as_of, utc_offset_seconds)
    df = _rows(engine, due_soon_stmt(f, as_of, horizon))
    df["executor_id"] = pd.array(df["executor_id"], dtype="Int64")
    df["items"] = df["items"].astype(int)
    df["first_deadline"] = pd.to_datetime(df["first_deadline"], utc=True)
    df = df.sort_values(["items", "executor_id", "channel_id"], ascending=[False, True, True]).reset_index(drop=True)
    df.attrs["horizon"] = horizon
    df.attrs["last_day"] = (horizon - timedelta(seconds=1)).date()
    return df


# --- answer time per channel in the channel's unit, and extended deadlines ---------------------------------

def answer_time_stmt(f: Filters, utc_offset_seconds: int) -> sa.Select:
    """Answers given in the period per channel: count, median and 90th percentile from registration to the
    answer in the channel's unit (``metrics.answer_in_channel_unit``).

    Columns: channel_id, unit, term, answered, median, p90, mean, uncounted (answers whose days are missing
    from ``work_calendar``)."""
    value, joined = answer_in_channel_unit(utc_offset_seconds)
    return (sa.select(m.c.channel_id, channels.c.unit, channels.c.term, sa.func.count().label("answered"),
                      d.percentile(value, 0.5).label("median"), d.percentile(value, 0.9).label("p90"),
                      sa.func.avg(value).label("mean"),
                      d.count_if(value.is_(None)).label("uncounted"))
            .select_from(joined)
            .where(in_period(f, m.c.answered_at), *dimension_clauses(f))
            .group_by(m.c.channel_id, channels.c.unit, channels.c.term).order_by(m.c.channel_id))


def answer_time(engine: sa.Engine, f: Filters, utc_offset_seconds: int) -> pd.DataFrame:
    """Columns: channel_id, unit, term, answered, median, p90, mean (float, the channel's unit), uncounted."""
    df = _rows(engine, answer_time_stmt(f, utc_offset_seconds))
    for col in ("median", "p90", "mean"):
        df[col] = df[col].astype(float)
    return df


# --- time to resolution («решено») per channel, in the channel's unit -----------------------------------------

def resolution_time_stmt(f: Filters, utc_offset_seconds: int) -> sa.Select:
    """Items resolved in the period (registry «resolution_time»: ``metrics.resolved``, by the date of
    «решено») per channel: count, median and 90th percentile from registration to the resolution in the
    channel's unit (``metrics.answer_in_channel_unit``).

    Columns: channel_id, resolved, median, p90, uncounted."""
    value, joined = answer_in_channel_unit(utc_offset_seconds, m.c.resolved_at)
    metric = METRICS["resolution_time"]
    return (sa.select(m.c.channel_id, sa.func.count().label("resolved"),
                      d.percentile(value, 0.5).label("median"), d.percentile(value, 0.9).label("p90"),
                      d.count_if(value.is_(None)).label("uncounted"))
            .select_from(joined)
            .where(metric.in_basis(f), resolved, *dimension_clauses(f))
            .group_by(m.c.channel_id).order_by(m.c.channel_id))


def resolution_time(engine: sa.Engine, f: Filters, utc_offset_seconds: int) -> pd.DataFrame:
    """Columns: channel_id, resolved, median, p90 (float, the channel's unit), uncounted."""
    df = _rows(engine, resolution_time_stmt(f, utc_offset_seconds))
    for col in ("median", "p90"):
        df[col] = df[col].astype(float)
    df["resolved"] = df["resolved"].astype(int)
    return df


def extended_stmt(f: Filters, as_of: datetime | None = None) -> sa.Select:
    """Per channel: items whose original deadline fell in the period (``metrics`` «extended», basis
    ``deadline``: only an item whose deadline has come can have been extended) and of them extended.

    Columns: channel_id, extension_max, items, extended."""
    metric = METRICS["extended"]
    parts = metric.parts(f, as_of)
    return (sa.select(m.c.channel_id, channels.c.extension_max, parts["extended_base"].label("items"),
                      parts["extended"].label("extended"))
            .join_from(m, channels, channels.c.id == m.c.channel_id)
            .where(metric.in_basis(f), *dimension_clauses(f))
            .group_by(m.c.channel_id, channels.c.extension_max).order_by(m.c.channel_id))


def extended_share(engine: sa.Engine, f: Filters) -> pd.DataFrame:
    """Columns: channel_id, extension_max, items, extended, share (0..1)."""
    df = _rows(engine, extended_stmt(f))
    df["share"] = df["extended"] / df["items"]
    return df


# --- first answer for the hour channels (ИМ, Госпаблики) -----------------------------------------------------

def first_answer_stmt(f: Filters, as_of: datetime) -> sa.Select:
    """Items received in the period on channels with an hour term: the registry's «first answer» measure
    (within the deadline among items whose first answer is given or whose deadline has passed, so items still
    waiting past it count against the share), hours from registration to the first answer (median, 90th
    percentile) and items still waiting past the deadline.

    The first answer is ``first_answer_at``, or the answer if the source gives no first answer.
    Columns: channel_id, term, items, answered, within, decided, median_hours, p90_hours, waiting_late."""
    first_then = sa.case((first_answer_at <= as_of, first_answer_at))
    hours = d.hours_between(_registered, first_then)
    parts = METRICS["first_answer"].parts(f, as_of)
    return (sa.select(m.c.channel_id, channels.c.term, sa.func.count().label("items"),
                      d.count_if(first_then.is_not(None)).label("answered"),
                      parts["first_answer"].label("within"), parts["first_answer_base"].label("decided"),
                      d.percentile(hours, 0.5).label("median_hours"), d.percentile(hours, 0.9).label("p90_hours"),
                      d.count_if(sa.and_(first_then.is_(None), deadline_in_force < as_of)).label("waiting_late"))
            .join_from(m, channels, channels.c.id == m.c.channel_id)
            .where(channels.c.unit.in_(HOUR_UNITS), in_period(f, m.c.received_at), *dimension_clauses(f))
            .group_by(m.c.channel_id, channels.c.term).order_by(m.c.channel_id))


def first_answer(engine: sa.Engine, f: Filters, as_of: datetime) -> pd.DataFrame:
    """Columns: channel_id, term (hours), items, answered, within, decided, median_hours, p90_hours,
    waiting_late, share (within / decided: first answers in time among answered-or-past-deadline)."""
    df = _rows(engine, first_answer_stmt(f, as_of))
    for col in ("median_hours", "p90_hours"):
        df[col] = df[col].astype(float)
    df["share"] = df["within"] / df["decided"].where(df["decided"] > 0)
    return df
