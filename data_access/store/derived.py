"""Per-row values derived from an item's own timestamps, stored next to them so that hot queries read a column
instead of computing an expression for every row (issue 17, PostgreSQL at scale):

- ``answered_day``, ``registered_day`` — the local days (``dialect.local_day``, days since 1970-01-01) of the
  answer and of «от регистрации» (``metrics.registered_from``): Сроки joins them to ``work_calendar`` for the
  answer time in working days;
- ``answer_late_s`` — seconds from the deadline in force to the answer (``metrics.answer_lateness``; NULL without
  an answer or a deadline): the lateness sort of the list reads it through an index (``data_access.queries.items``).

The definitions are the registry's; this module only stores them. Every writer of ``messages`` writes them with the
row: the demo loader and the importer compute them from their staging table in the same INSERT / UPDATE
(``derived_values(offset, source)``) — updating a row right after writing it would leave PostgreSQL a dead copy
of every row and the table out of time order; migration ``0004_derived_keys`` backfills an older store
(``refresh_derived``). ``tests/test_derived.py`` checks the stored
values against the expressions after each of them.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.visitors import replacement_traverse

from data_access.store import dialect as d
from data_access.metrics.registry import answer_lateness, registered_from
from data_access.store.schema import messages as m, store_meta

DERIVED_COLUMNS = ("answered_day", "registered_day", "answer_late_s")


def derived_values(utc_offset_seconds: int, source: dict | None = None) -> dict[str, sa.ColumnElement]:
    """Column -> the expression it stores, for a municipality at ``utc_offset_seconds``; over ``messages`` or, with
    ``source`` ({messages column name: column or expression}), over the values about to be written (a staging
    table), so that a loader writes a row once with its keys instead of updating it after."""
    out = {"answered_day": d.local_day(m.c.answered_at, utc_offset_seconds),
           "registered_day": d.local_day(registered_from, utc_offset_seconds),
           "answer_late_s": answer_lateness}
    if source is None:
        return out

    def swap(element):
        if isinstance(element, sa.Column) and element.table is m and element.name in source:
            return source[element.name]
        return None
    return {k: replacement_traverse(v, {}, swap) for k, v in out.items()}


def insert_with_keys(conn: sa.Connection, frame, utc_offset_seconds: int) -> None:
    """Append the rows of ``frame`` (columns named as in ``messages``) with their stored keys: through a temporary
    table (``bulk_insert``: DuckDB's scan, PostgreSQL's COPY) and one INSERT … SELECT that computes them."""
    from data_access.store.bulk import bulk_insert

    stage = sa.Table("derived_stage", sa.MetaData(),
                     *[sa.Column(c.name, c.type) for c in m.c if c.name in frame.columns], prefixes=["TEMPORARY"])
    stage.create(conn)
    bulk_insert(conn, "derived_stage", frame)
    keys = derived_values(utc_offset_seconds, {c.name: c for c in stage.c})
    cols = list(frame.columns)
    conn.execute(sa.insert(m).from_select([*cols, *keys], sa.select(*[stage.c[c] for c in cols], *keys.values())))
    stage.drop(conn)


def refresh_derived(conn: sa.Connection, utc_offset_seconds: int, ids: sa.Select | None = None) -> int:
    """Recompute the stored values of the items whose id is in ``ids`` (a one-column SELECT), or of every item;
    inside the caller's transaction. Returns the rows updated."""
    stmt = sa.update(m).values(derived_values(utc_offset_seconds))
    if ids is not None:
        stmt = stmt.where(m.c.id.in_(ids))
    return conn.execute(stmt).rowcount


def store_offset(conn: sa.Connection) -> int | None:
    """The UTC offset of the store's municipality (``store_meta.profile``), None if the store has none yet."""
    from data_access.domain.profile import load_profile

    key = conn.execute(sa.select(store_meta.c.value).where(store_meta.c.key == "profile")).scalar()
    return None if key is None else load_profile(key).utc_offset_seconds()
