"""The one filter model of the app: a frozen ``Filters`` value compiled to WHERE clauses.

Every page builds its queries from the same ``Filters``; it is also the cache key of the results.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from data_access.store.schema import messages
from data_access.store.scope import EVERYTHING, Scope, scope_clauses

NO_DISTRICT = 0  # the district filter value for items without a district


@dataclass(frozen=True)
class Filters:
    """Period (local dates, inclusive) and dimension selections; an empty tuple means «все».

    ``tz`` is the municipality's zone: it turns the local dates into instants. ``scope`` is what the user may
    read (``data_access.store.scope``): every clause list built from these filters ANDs it, whatever the selections.
    """

    date_from: date
    date_to: date
    districts: tuple[int, ...] = ()
    sectors: tuple[int, ...] = ()
    topics: tuple[int, ...] = ()
    channels: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    executors: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    tz: str = "UTC"
    scope: Scope = EVERYTHING

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise ValueError("date_to is before date_from")

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def previous(self) -> Filters:
        """The same filter over the equal period just before this one (``metrics.compare_filters``)."""
        from data_access.metrics.registry import compare_filters  # the registry imports this module
        return compare_filters(self, "previous")

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) instants of the period."""
        zone = ZoneInfo(self.tz)
        start = datetime(self.date_from.year, self.date_from.month, self.date_from.day, tzinfo=zone)
        end_day = self.date_to + timedelta(days=1)
        return start, datetime(end_day.year, end_day.month, end_day.day, tzinfo=zone)

    def with_(self, **changes) -> Filters:
        """A copy with some selections replaced (drill-down adds a district, a topic...)."""
        return replace(self, **{k: tuple(v) if isinstance(v, (list, set)) else v for k, v in changes.items()})

    def selections(self) -> dict[str, tuple]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("date_from", "date_to", "tz", "scope")}


def _in(column, values):
    return column.in_(values) if len(values) > 1 else column == values[0]


def dimension_clauses(f: Filters, m: sa.Table = messages) -> list:
    """WHERE clauses of the dimension selections (everything but the period) and of the user's scope, with bound
    parameters. ``m``: the messages table or a select/alias of it with the same columns."""
    out = scope_clauses(f.scope, m)
    if f.districts:
        known = tuple(d for d in f.districts if d != NO_DISTRICT)
        clause = _in(m.c.district_id, known) if known else sa.false()
        out.append(sa.or_(clause, m.c.district_id.is_(None)) if NO_DISTRICT in f.districts else clause)
    for values, column in ((f.sectors, m.c.sector_id), (f.topics, m.c.topic_id), (f.channels, m.c.channel_id),
                           (f.kinds, m.c.kind), (f.executors, m.c.executor_id), (f.statuses, m.c.status)):
        if values:
            out.append(_in(column, values))
    return out


def in_period(f: Filters, column) -> sa.ColumnElement:
    """``column`` falls in the filter's period."""
    start, end = f.bounds()
    return sa.and_(column >= start, column < end)


def where(f: Filters, m: sa.Table = messages, column=None) -> sa.ColumnElement:
    """Dimension clauses plus the period on ``column`` (received_at by default)."""
    column = m.c.received_at if column is None else column
    return sa.and_(in_period(f, column), *dimension_clauses(f, m))
