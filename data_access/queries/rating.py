"""Queries of the rating page: per-executor (or sector, district) counts for the period and the previous one,
and the executor card: monthly trend, worst topics, overdue items.

The ranking itself is pure arithmetic over these counts: ``data_access.metrics.rating_method``.
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import sqlalchemy as sa

from data_access.store import dialect as d
from data_access.metrics.arms import summed_arms
from data_access.metrics.filters import Filters, dimension_clauses, in_period
from data_access.metrics.registry import (
    answer_hours, answered_late, answered_on_time, compare_filters, deadline_in_force, good_rating, has_deadline, open_at,
    overdue_at, period_end_moment, rated, reworked, substantive, term_used,
)
from data_access.store.schema import districts, messages as m, topics

# The unit being rated -> the column of messages that names it (and the Filters field that narrows to it).
GROUPS = {"executor": m.c.executor_id, "sector": m.c.sector_id, "district": m.c.district_id}
FILTER_FIELD = {"executor": "executors", "sector": "sectors", "district": "districts"}
COUNTS = ("items", "answered", "on_time", "on_time_base", "substantive", "rated", "rated_good", "reworked", "open_now",
          "overdue_now")
EXCLUDED = ("rejected", "forwarded")  # statuses of answers not on substance (the default rule)


MEDIANS = ("median_answer_hours", "median_term_used")


def _answers(prefix: str, is_substantive) -> dict:
    """Over the answers of one period: their counts and medians (hours to answer, share of the deadline used)."""
    return {prefix + "answered": sa.func.count(),
            prefix + "on_time": d.count_if(answered_on_time),
            prefix + "on_time_base": d.count_if(has_deadline),
            prefix + "substantive": d.count_if(is_substantive),
            prefix + "rated": d.count_if(rated),
            prefix + "rated_good": d.count_if(good_rating()),
            prefix + "reworked": d.count_if(reworked),
            prefix + "median_answer_hours": sa.cast(d.percentile(answer_hours(), 0.5), sa.Double),
            prefix + "median_term_used": sa.cast(d.percentile(term_used(), 0.5), sa.Double)}


def rating_table_stmt(f: Filters, as_of: datetime, group: str = "executor",
                      excluded_statuses: tuple[str, ...] = EXCLUDED, max_reopened: int = 0) -> sa.Select:
    """Per unit of ``group`` the counts of the period and (``prev_*``) of the previous equal period.

    items — received in the period; answered, on_time, on_time_base (answers with a deadline), substantive, rated,
    rated_good, reworked — answers given in the period; open_now, overdue_now — open / past the deadline at the
    end of the period (``as_of`` only while the period is still running: a closed period's rating does not
    change with the time of viewing); median_answer_hours — hours from registration (receipt, if none) to answer;
    median_term_used — median share of the deadline in force used (``metrics.term_used``). Units with no key
    (no executor, no district) are left out.

    The counts are added over arms (``metrics.arms``): receipts of each period, answers of each period (with their
    medians), and the rows that can be open at either period's end — never answered, or answered after the earlier
    end — each arm read by its own range and counted with the registry's conditions. As one aggregate over every
    row that could count, PostgreSQL at 10M rows read 0.96M rows through a heap bitmap and aggregated them on one
    core (6 s cold, 3.9 s warm).
    """
    key = GROUPS[group]
    prev = compare_filters(f, "previous")
    is_substantive = substantive(tuple(excluded_statuses), max_reopened)
    moments = {"": period_end_moment(f, as_of), "prev_": period_end_moment(prev, as_of)}
    where = (key.is_not(None), *dimension_clauses(f))
    periods = {"": f, "prev_": prev}
    state = {}
    for prefix, moment in moments.items():
        state[prefix + "open_now"] = d.count_if(open_at(moment))
        state[prefix + "overdue_now"] = d.count_if(overdue_at(moment))
    arms = []
    for prefix, p in periods.items():
        arms.append(({prefix + "items": sa.func.count()}, (in_period(p, m.c.received_at), *where)))
        arms.append((_answers(prefix, is_substantive), (in_period(p, m.c.answered_at), *where)))
    arms.append((state, (m.c.answered_at.is_(None), *where)))
    arms.append((state, (m.c.answered_at > min(moments.values()), *where)))
    counts = summed_arms([key], tuple(p + c for p in periods for c in COUNTS), arms,
                         values=tuple(p + c for p in periods for c in MEDIANS))
    cols = [counts.c[p + c] for p in ("", "prev_") for c in (*COUNTS, *MEDIANS)]
    return sa.select(counts.c[key.name].label("key"), *cols).order_by(counts.c[key.name])


def rating_table(engine: sa.Engine, f: Filters, as_of: datetime, group: str = "executor",
                 excluded_statuses: tuple[str, ...] = EXCLUDED, max_reopened: int = 0) -> pd.DataFrame:
    """Columns: key, the ``COUNTS``, median_answer_hours, median_term_used and the same with ``prev_`` (see
    ``rating_table_stmt``)."""
    stmt = rating_table_stmt(f, as_of, group, excluded_statuses, max_reopened)
    with engine.connect() as conn:
        result = conn.execute(stmt)
        df = pd.DataFrame(result.all(), columns=list(result.keys()))
    for col in df.columns:
        if col == "key" or col.removeprefix("prev_") in COUNTS:
            df[col] = df[col].astype("int64")
        else:
            df[col] = df[col].astype("float64")
    return df


def month_starts(last_day: date, months: int) -> list[date]:
    """First days of the ``months`` calendar months ending with the month of ``last_day``, oldest first."""
    y, mo = last_day.year, last_day.month
    out = []
    for _ in range(months):
        out.append(date(y, mo, 1))
        y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
    return out[::-1]


def _month_bucket(column, bounds: list[datetime]) -> sa.ColumnElement:
    """0-based index of the month that ``column`` falls in (bound parameters, no dialect date functions)."""
    return sa.case(*[(column < b, i) for i, b in enumerate(bounds[1:])], else_=len(bounds) - 2)


def monthly_trend_stmt(f: Filters, months: int = 12,
                       excluded_statuses: tuple[str, ...] = EXCLUDED, max_reopened: int = 0) -> sa.Select:
    """Per local calendar month (the ``months`` months ending with the period's last month): items received,
    answers given, of them on time, on substance, rated, rated 4–5, reworked. Dimension filters of ``f`` apply."""
    starts = month_starts(f.date_to, months)
    last = starts[-1]
    end = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    edges = [Filters(s, s, tz=f.tz).bounds()[0] for s in starts] + [Filters(end, end, tz=f.tz).bounds()[0]]
    lo, hi = edges[0], edges[-1]
    answered = sa.and_(m.c.answered_at >= lo, m.c.answered_at < hi)
    received = sa.and_(m.c.received_at >= lo, m.c.received_at < hi)
    dims = dimension_clauses(f)
    recv = (sa.select(_month_bucket(m.c.received_at, edges).label("month"), sa.func.count().label("items"))
            .where(received, *dims).group_by(sa.literal_column("1")).subquery())
    ans_month = _month_bucket(m.c.answered_at, edges).label("month")
    is_sub = substantive(tuple(excluded_statuses), max_reopened)
    ans = (sa.select(ans_month, sa.func.count().label("answered"),
                     d.count_if(answered_on_time).label("on_time"), d.count_if(has_deadline).label("on_time_base"),
                     d.count_if(is_sub).label("substantive"),
                     d.count_if(rated).label("rated"), d.count_if(good_rating()).label("rated_good"),
                     d.count_if(reworked).label("reworked"))
           .where(answered, *dims).group_by(sa.literal_column("1")).subquery())
    return (sa.select(sa.func.coalesce(recv.c.month, ans.c.month).label("month"),
                      sa.func.coalesce(recv.c["items"], 0).label("items"),
                      *[sa.func.coalesce(ans.c[c], 0).label(c) for c in
                        ("answered", "on_time", "on_time_base", "substantive", "rated", "rated_good", "reworked")])
            .select_from(recv.join(ans, recv.c.month == ans.c.month, full=True)).order_by("month"))


def monthly_trend(engine: sa.Engine, f: Filters, months: int = 12,
                  excluded_statuses: tuple[str, ...] = EXCLUDED, max_reopened: int = 0) -> pd.DataFrame:
    """Columns: month (date of the 1st), items, answered, on_time, on_time_base, substantive, rated, rated_good,
    reworked;
    one row per month, zeros where nothing happened."""
    starts = month_starts(f.date_to, months)
    with engine.connect() as conn:
        result = conn.execute(monthly_trend_stmt(f, months, excluded_statuses, max_reopened))
        got = pd.DataFrame(result.all(), columns=list(result.keys()))
    out = pd.DataFrame({"month": starts, "i": range(months)})
    got = got.astype("int64").rename(columns={"month": "i"})
    out = out.merge(got, on="i", how="left").drop(columns="i").fillna(0)
    return out.astype({c: "int64" for c in out.columns if c != "month"})


def worst_topics_stmt(f: Filters, as_of: datetime, limit: int = 10) -> sa.Select:
    """Topics of ``f`` with most problems: late answers given in the period plus items overdue at ``as_of``."""
    answered = in_period(f, m.c.answered_at)
    start = f.bounds()[0]
    inner = (sa.select(m.c.topic_id,
                       d.count_if(in_period(f, m.c.received_at)).label("items"),
                       d.count_if(answered).label("answered"),
                       d.count_if(sa.and_(answered, answered_late)).label("late"),
                       d.count_if(sa.and_(answered, rated)).label("rated"),
                       d.count_if(sa.and_(answered, good_rating())).label("rated_good"),
                       d.count_if(overdue_at(as_of)).label("overdue_now"))
             .where(m.c.topic_id.is_not(None), sa.or_(m.c.answered_at.is_(None), m.c.answered_at >= start),
                    *dimension_clauses(f))
             .group_by(m.c.topic_id).subquery())
    problems = inner.c.late + inner.c.overdue_now
    return (sa.select(inner.c.topic_id, topics.c.name.label("topic"), inner.c["items"], inner.c.answered,
                      inner.c.late, inner.c.rated, inner.c.rated_good, inner.c.overdue_now)
            .join_from(inner, topics, topics.c.id == inner.c.topic_id)
            .where(problems > 0)
            .order_by(problems.desc(), topics.c.name).limit(limit))


def worst_topics(engine: sa.Engine, f: Filters, as_of: datetime, limit: int = 10) -> pd.DataFrame:
    """Columns: topic_id, topic, items, answered, late (answered after the deadline), rated, rated_good,
    overdue_now; most problems (late + overdue now) first."""
    with engine.connect() as conn:
        result = conn.execute(worst_topics_stmt(f, as_of, limit))
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def _instant(moment: datetime) -> sa.ColumnElement:
    """A bound instant typed as TIMESTAMPTZ (also when the statement is rendered with literal values)."""
    ts = m.c.received_at.type
    return sa.cast(sa.literal(moment, ts), ts)


def overdue_items_stmt(f: Filters, as_of: datetime, limit: int = 50) -> sa.Select:
    """Items of ``f``'s dimensions overdue at ``as_of`` (any receipt date), longest overdue first; no texts."""
    return (sa.select(m.c.id, m.c.external_id, m.c.received_at, deadline_in_force.label("deadline"),
                      d.days_between(deadline_in_force, _instant(as_of)).label("days_overdue"),
                      topics.c.name.label("topic"), districts.c.name.label("district"), m.c.status)
            .select_from(m.outerjoin(topics, topics.c.id == m.c.topic_id)
                         .outerjoin(districts, districts.c.id == m.c.district_id))
            .where(overdue_at(as_of), *dimension_clauses(f))
            .order_by(deadline_in_force, m.c.id).limit(limit))


def overdue_items(engine: sa.Engine, f: Filters, as_of: datetime, limit: int = 50) -> pd.DataFrame:
    """Columns: id, external_id, received_at, deadline, days_overdue (calendar days), topic, district, status."""
    with engine.connect() as conn:
        result = conn.execute(overdue_items_stmt(f, as_of, limit))
        return pd.DataFrame(result.all(), columns=list(result.keys()))

