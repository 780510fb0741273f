"""Queries of the satisfaction page: citizen ratings of answers, their coverage, rework and repeat complaints.

Ratings belong to answers: every figure here counts answers given in the period (by ``answered_at``),
except repeat complaints, which count items received in the period.
"""
from __future__ import annotations

from datetime import timedelta

import pandas as pd
import sqlalchemy as sa

from data_access.store import dialect as d
from data_access.metrics.filters import Filters, dimension_clauses, in_period
from data_access.metrics.registry import compare_filters, good_rating, rated, reworked
from data_access.store.personal_columns import shown
from data_access.store.schema import districts, messages as m, topics

RATING_COUNTS = ("answered", "rated", "rated_good", "rating_sum", "r1", "r2", "r3", "r4", "r5")
# Breakdown dimensions: code -> column of messages.
DIMENSIONS = {"sector": m.c.sector_id, "district": m.c.district_id, "executor": m.c.executor_id,
              "channel": m.c.channel_id, "topic": m.c.topic_id}


def _frame(engine: sa.Engine, stmt: sa.Select) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def _rating_columns(answered, prefix: str = "") -> list:
    cols = [d.count_if(answered).label(prefix + "answered"),
            d.count_if(sa.and_(answered, rated)).label(prefix + "rated"),
            d.count_if(sa.and_(answered, good_rating())).label(prefix + "rated_good"),
            sa.func.coalesce(sa.func.sum(sa.case((answered, m.c.rating))), 0).label(prefix + "rating_sum")]
    cols += [d.count_if(sa.and_(answered, m.c.rating == k)).label(f"{prefix}r{k}") for k in range(1, 6)]
    return cols


def summary_stmt(f: Filters) -> sa.Select:
    """One row: answers given in the period and in the previous equal period (``prev_*``), rated ones, rated 4–5,
    the sum of ratings (for the mean), the count of each rating 1..5, and answers sent back for rework."""
    prev = compare_filters(f, "previous")
    cols = []
    for prefix, flt in (("", f), ("prev_", prev)):
        answered = in_period(flt, m.c.answered_at)
        cols += _rating_columns(answered, prefix)
        cols.append(d.count_if(sa.and_(answered, reworked)).label(prefix + "reworked"))
    return sa.select(*cols).where(m.c.answered_at >= prev.bounds()[0], m.c.answered_at < f.bounds()[1],
                                  *dimension_clauses(f))


def summary(engine: sa.Engine, f: Filters) -> dict:
    """The ``summary_stmt`` figures as a dict of ints."""
    return {k: int(v or 0) for k, v in _frame(engine, summary_stmt(f)).iloc[0].items()}


def weekly_stmt(f: Filters, utc_offset_seconds: int) -> sa.Select:
    """Per local week (Monday, as a day number) of the answer: answers, rated, rated 4–5, sum of ratings,
    answers sent back for rework."""
    week = d.week_start_day(m.c.answered_day).label("week_day")  # stored local day (data_access.store.derived)
    return (sa.select(week, sa.func.count().label("answered"),
                      d.count_if(rated).label("rated"),
                      d.count_if(good_rating()).label("rated_good"),
                      sa.func.coalesce(sa.func.sum(m.c.rating), 0).label("rating_sum"),
                      d.count_if(reworked).label("reworked"))
            .where(in_period(f, m.c.answered_at), *dimension_clauses(f))
            .group_by(week).order_by(week))


def weekly(engine: sa.Engine, f: Filters, utc_offset_seconds: int) -> pd.DataFrame:
    """Columns: week (date of the Monday), answered, rated, rated_good, rating_sum, reworked."""
    df = _frame(engine, weekly_stmt(f, utc_offset_seconds))
    df.insert(0, "week", pd.to_datetime(df.pop("week_day").astype("int64"), unit="D").dt.date)
    return df.astype({c: "int64" for c in df.columns if c != "week"})


def breakdown_stmt(f: Filters) -> sa.Select:
    """Answers given in the period by each of ``DIMENSIONS`` (GROUPING SETS, one scan): per dimension and key
    the answers, rated, rated 4–5, sum of ratings and counts of each rating. Rows with no key are left out."""
    answered = in_period(f, m.c.answered_at)
    cols = list(DIMENSIONS.values())
    flags = [sa.func.grouping(c).label(f"g_{name}") for name, c in DIMENSIONS.items()]
    inner = (sa.select(*cols, *flags, *_rating_columns(sa.true()))
             .where(answered, *dimension_clauses(f))
             .group_by(sa.func.grouping_sets(*[sa.tuple_(c) for c in cols])).subquery())
    dim = sa.case(*[(inner.c[f"g_{name}"] == 0, name) for name in DIMENSIONS])
    key = sa.case(*[(inner.c[f"g_{name}"] == 0, inner.c[c.name]) for name, c in DIMENSIONS.items()])
    return (sa.select(dim.label("dimension"), key.label("key"), *[inner.c[c] for c in RATING_COUNTS])
            .where(key.is_not(None)).order_by("dimension", "key"))


def breakdown(engine: sa.Engine, f: Filters) -> pd.DataFrame:
    """Columns: dimension (sector | district | executor | channel | topic), key (id), and ``RATING_COUNTS``."""
    df = _frame(engine, breakdown_stmt(f))
    return df.astype({c: "int64" for c in ("key", *RATING_COUNTS)})


def _flagged(f: Filters, repeat_days: int, personal_data: bool = False):
    """Items located on the map with a topic, received from ``repeat_days`` before the period to its end, each
    flagged ``is_repeat`` if an earlier item of the same H3 cell and topic came at most ``repeat_days`` before.

    Repeats are found among all items (any channel, executor, status): the dimension filters choose which
    repeats are counted, not which earlier items make them repeats."""
    start, end = f.bounds()
    previous = sa.func.lag(m.c.received_at).over(partition_by=(m.c.h3_cell, m.c.topic_id),
                                                 order_by=(m.c.received_at, m.c.id))
    gap = d.epoch_seconds(m.c.received_at) - d.epoch_seconds(previous)
    is_repeat = sa.case((sa.and_(previous.is_not(None), gap <= repeat_days * d.DAY_SECONDS), 1), else_=0)
    return (sa.select(m.c.id, m.c.received_at, m.c.h3_cell, m.c.topic_id, m.c.district_id, m.c.sector_id,
                      m.c.channel_id, m.c.kind, m.c.executor_id, m.c.status,
                      shown("address", personal_data).label("address"),
                      is_repeat.label("is_repeat"))
            .where(m.c.h3_cell.is_not(None), m.c.topic_id.is_not(None),
                   m.c.received_at >= start - timedelta(days=repeat_days), m.c.received_at < end)
            .subquery("flagged"))


def repeats_weekly_stmt(f: Filters, utc_offset_seconds: int, repeat_days: int = 30) -> sa.Select:
    """Per local week of receipt: items located on the map (with a topic) and of them repeat complaints."""
    x = _flagged(f, repeat_days)
    week = d.week_start_day(d.local_day(x.c.received_at, utc_offset_seconds)).label("week_day")
    return (sa.select(week, sa.func.count().label("located"), sa.func.sum(x.c.is_repeat).label("repeats"))
            .where(in_period(f, x.c.received_at), *dimension_clauses(f, x))
            .group_by(week).order_by(week))


def repeats_weekly(engine: sa.Engine, f: Filters, utc_offset_seconds: int, repeat_days: int = 30) -> pd.DataFrame:
    """Columns: week (date of the Monday), located, repeats."""
    df = _frame(engine, repeats_weekly_stmt(f, utc_offset_seconds, repeat_days))
    df.insert(0, "week", pd.to_datetime(df.pop("week_day").astype("int64"), unit="D").dt.date)
    return df.astype({"located": "int64", "repeats": "int64"})


def repeat_places_stmt(f: Filters, repeat_days: int = 30, limit: int = 15, personal_data: bool = False) -> sa.Select:
    """Places (H3 cell and topic) with most repeat complaints received in the period; with the items there,
    the district and one address of the cell (the smallest, for recognition; masked without ``personal_data``)."""
    x = _flagged(f, repeat_days, personal_data)
    inner = (sa.select(x.c.h3_cell, x.c.topic_id, sa.func.sum(x.c.is_repeat).label("repeats"),
                       sa.func.count().label("items"), sa.func.min(x.c.district_id).label("district_id"),
                       sa.func.min(x.c.address).label("address"))
             .where(in_period(f, x.c.received_at), *dimension_clauses(f, x))
             .group_by(x.c.h3_cell, x.c.topic_id).subquery())
    return (sa.select(inner.c.h3_cell, inner.c.topic_id, topics.c.name.label("topic"), inner.c.district_id,
                      districts.c.name.label("district"), inner.c.address, inner.c.repeats, inner.c["items"])
            .select_from(inner.join(topics, topics.c.id == inner.c.topic_id)
                         .outerjoin(districts, districts.c.id == inner.c.district_id))
            .where(inner.c.repeats > 0)
            .order_by(inner.c.repeats.desc(), inner.c.h3_cell, inner.c.topic_id).limit(limit))


def repeat_places(engine: sa.Engine, f: Filters, repeat_days: int = 30, limit: int = 15,
                  personal_data: bool = False) -> pd.DataFrame:
    """Columns: h3_cell (int), topic_id, topic, district_id, district, address, repeats, items."""
    return _frame(engine, repeat_places_stmt(f, repeat_days, limit, personal_data))
