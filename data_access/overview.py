"""Queries of the overview page: headline figures, weekly volume by channel, top topics."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from data_access import dialect as d
from data_access.filters import Filters, dimension_clauses, in_period
from data_access.measures import answered_on_time, good_rating, overdue_at
from data_access.schema import channels, messages as m, topics

HEADLINE_FIELDS = ("items", "items_located", "answered", "on_time", "overdue", "median_answer_days",
                   "rated", "rated_good")


def headline_stmt(f: Filters, as_of: datetime) -> sa.Select:
    """One scan computing the headline figures for the period and for the previous equal period.

    Columns ``<field>`` and ``prev_<field>``: items received; of them with a known district; answered in
    the period; answered on time; overdue at the end of the period (``as_of`` for the current one);
    median days from registration to answer (calendar days); rated answers and rated 4–5.
    """
    prev = f.previous()
    prev_end = prev.bounds()[1]
    answer_days = d.days_between(m.c.registered_at, m.c.answered_at)
    cols = []
    for prefix, flt, moment in (("", f, as_of), ("prev_", prev, min(prev_end, as_of))):
        received = in_period(flt, m.c.received_at)
        answered = in_period(flt, m.c.answered_at)
        cols += [
            d.count_if(received).label(prefix + "items"),
            d.count_if(sa.and_(received, m.c.district_id.is_not(None))).label(prefix + "items_located"),
            d.count_if(answered).label(prefix + "answered"),
            d.count_if(sa.and_(answered, answered_on_time)).label(prefix + "on_time"),
            d.count_if(overdue_at(moment)).label(prefix + "overdue"),
            d.percentile(sa.case((answered, answer_days)), 0.5).label(prefix + "median_answer_days"),
            d.count_if(sa.and_(answered, m.c.rating.is_not(None))).label(prefix + "rated"),
            d.count_if(sa.and_(answered, good_rating())).label(prefix + "rated_good"),
        ]
    return sa.select(*cols).where(*dimension_clauses(f))


def headline(engine: sa.Engine, f: Filters, as_of: datetime) -> dict:
    """Headline figures as a dict (see ``headline_stmt``); shares are left to the caller."""
    with engine.connect() as conn:
        row = conn.execute(headline_stmt(f, as_of)).mappings().one()
    return {k: (float(v) if v is not None and "median" in k else int(v or 0) if "median" not in k else None)
            for k, v in row.items()}


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
    prev = f.previous()
    cur = d.count_if(in_period(f, m.c.received_at)).label("items")
    before = d.count_if(in_period(prev, m.c.received_at)).label("prev_items")
    start = prev.bounds()[0]
    end = f.bounds()[1]
    inner = (sa.select(m.c.topic_id, cur, before)
             .where(m.c.received_at >= start, m.c.received_at < end, *dimension_clauses(f))
             .group_by(m.c.topic_id).subquery())
    return (sa.select(topics.c.name.label("topic"), inner.c["items"], inner.c.prev_items)
            .join_from(inner, topics, topics.c.id == inner.c.topic_id)
            .where(inner.c["items"] > 0)
            .order_by(inner.c["items"].desc(), topics.c.name).limit(limit))


def top_topics(engine: sa.Engine, f: Filters, limit: int = 10) -> pd.DataFrame:
    """Columns: topic, items, prev_items (previous equal period)."""
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(top_topics_stmt(f, limit)).all(), columns=["topic", "items", "prev_items"])
