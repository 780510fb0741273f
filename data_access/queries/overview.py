"""Queries of the overview page: headline figures, weekly volume by channel, top topics."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from data_access.store import dialect as d
from data_access.metrics.filters import Filters, dimension_clauses, in_period
from data_access.metrics.registry import compare_filters, period_scans
from data_access.store.schema import channels, messages as m, topics

# Registry measures of the headline (data_access.metrics.registry); each gives ``<key>`` and, for shares and medians,
# ``<key>_base`` — for the period and (``prev_``) the previous equal period.
HEADLINE_METRICS = ("items", "items_located", "answered", "on_time", "no_deadline", "overdue", "median_answer_days",
                    "rated_good")


def headline_stmt(f: Filters, as_of: datetime) -> sa.Select:
    """The headline figures for the period, the previous equal period and the same dates a year earlier.

    Columns ``<part>``, ``prev_<part>`` and ``yoy_<part>`` (growth against the season) of ``HEADLINE_METRICS``
    (see ``metrics.period_columns``): overdue is taken at ``as_of`` for the current period and at their end for
    the comparison periods. Each period's receipts, answers and rows open at its moment are read by a scan of
    their own (``metrics.period_scans``): one scan bounded by an OR of all of them read every row group of a
    10M-row DuckDB store (595 ms).
    """
    return period_scans(HEADLINE_METRICS, f, as_of, ("previous", "year"), clauses=dimension_clauses(f))


def headline(engine: sa.Engine, f: Filters, as_of: datetime) -> dict:
    """Headline figures as a dict (see ``headline_stmt``); shares are left to the caller. Aliases kept for
    callers: ``rated`` (= ``rated_good_base``)."""
    with engine.connect() as conn:
        row = conn.execute(headline_stmt(f, as_of)).mappings().one()
    out = {k: (float(v) if v is not None else None) if "median" in k and not k.endswith("_base") else int(v or 0)
           for k, v in row.items()}
    for p in ("", "prev_", "yoy_"):
        out[p + "rated"] = out[p + "rated_good_base"]
    return out


def weekly_volume_stmt(f: Filters, utc_offset_seconds: int) -> sa.Select:
    """Items received per week (Monday, local) and channel within the period."""
    week = d.week_start_day(d.local_day(m.c.received_at, utc_offset_seconds)).label("week_day")
    inner = (sa.select(week, m.c.channel_id, sa.func.count().label("items"))
             .where(in_period(f, m.c.received_at), *dimension_clauses(f))
             .group_by(week, m.c.channel_id).subquery())
    return (sa.select(inner.c.week_day, channels.c.name.label("channel"), inner.c["items"])
            .join_from(inner, channels, channels.c.id == inner.c.channel_id)
            .order_by(inner.c.week_day, channels.c.id))


def weekly_volume_by_channel(engine: sa.Engine, f: Filters, utc_offset_seconds: int) -> pd.DataFrame:
    """Columns: week (date of the Monday), channel (name), items."""
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(weekly_volume_stmt(f, utc_offset_seconds)).all(),
                          columns=["week_day", "channel", "items"])
    df.insert(0, "week", pd.to_datetime(df.pop("week_day").astype("int64"), unit="D").dt.date)
    return df


def top_topics_stmt(f: Filters, limit: int) -> sa.Select:
    """Topics with most items received in the period, with their count in the previous equal period."""
    prev = compare_filters(f, "previous")
    cur = d.count_if(in_period(f, m.c.received_at)).label("items")
    before = d.count_if(in_period(prev, m.c.received_at)).label("prev_items")
    start = prev.bounds()[0]
    end = f.bounds()[1]
    inner = (sa.select(m.c.topic_id, cur, before)
             .where(m.c.received_at >= start, m.c.received_at < end, *dimension_clauses(f))
             .group_by(m.c.topic_id).subquery())
    return (sa.select(topics.c.id.label("topic_id"), topics.c.name.label("topic"), inner.c["items"], inner.c.prev_items)
            .join_from(inner, topics, topics.c.id == inner.c.topic_id)
            .where(inner.c["items"] > 0)
            .order_by(inner.c["items"].desc(), topics.c.name, topics.c.id).limit(limit))


def top_topics(engine: sa.Engine, f: Filters, limit: int = 10) -> pd.DataFrame:
    """Columns: topic_id, topic, items, prev_items (previous equal period). Links use the id: two topics of
    different blocks may share a name («Прочее»)."""
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(top_topics_stmt(f, limit)).all(),
                            columns=["topic_id", "topic", "items", "prev_items"])
