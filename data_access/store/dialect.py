"""Dialect differences in one place: epochs, durations, local days and weeks, percentiles.

Local days are computed with integer arithmetic on the epoch and the municipality's fixed UTC offset
(Russian zones keep one offset all year). It is the same SQL on DuckDB and PostgreSQL, and on DuckDB
it avoids the ICU time-zone extension, which cannot be downloaded at run time and is 15× slower.
"""
from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

DAY_SECONDS = 86_400


class epoch_seconds(FunctionElement):
    """Seconds since 1970-01-01 UTC of a TIMESTAMP WITH TIME ZONE, as DOUBLE PRECISION on both engines.

    On PostgreSQL ``date_part`` rather than ``EXTRACT``: EXTRACT returns NUMERIC, several times slower in
    per-row arithmetic over millions of rows (durations, local days, sort keys)."""

    type = sa.Float()
    inherit_cache = True
    name = "epoch_seconds"


@compiles(epoch_seconds, "duckdb")
def _epoch_duckdb(element, compiler, **kw):
    return f"epoch({compiler.process(element.clauses, **kw)})"


@compiles(epoch_seconds)
def _epoch_default(element, compiler, **kw):
    return f"date_part('epoch', {compiler.process(element.clauses, **kw)})"


class in_open_span(FunctionElement):
    """``moment`` in [received, answered) — open at that moment — as the range test that PostgreSQL's GiST index
    ``ix_messages_open_span`` (migration 0008) answers: items received before a moment long ago and answered after
    it, found without reading every answer since (10M rows, a year back: 2.1 → 0.2 s). TRUE on DuckDB: a caller
    states the same condition in plain columns too (``metrics.registry.open_at_arms``), which PostgreSQL may also
    read by its B-tree when that is cheaper. ``greatest`` makes an answer dated before its receipt an empty range,
    open at no moment, as the plain condition says."""

    type = sa.Boolean()
    inherit_cache = True
    name = "in_open_span"


@compiles(in_open_span, "postgresql")
def _open_span_pg(element, compiler, **kw):
    received, answered, moment = (compiler.process(c, **kw) for c in element.clauses)
    return f"tstzrange({received}, greatest({received}, {answered}), '[)') @> CAST({moment} AS TIMESTAMPTZ)"


@compiles(in_open_span)
def _open_span_default(element, compiler, **kw):
    return "TRUE"


def hours_between(start: ColumnElement, end: ColumnElement) -> ColumnElement:
    """Hours from ``start`` to ``end`` (float; NULL if either is NULL)."""
    return (epoch_seconds(end) - epoch_seconds(start)) / 3600.0


def days_between(start: ColumnElement, end: ColumnElement) -> ColumnElement:
    """Calendar days (24 h) from ``start`` to ``end`` (float)."""
    return (epoch_seconds(end) - epoch_seconds(start)) / float(DAY_SECONDS)


def local_day(ts: ColumnElement, utc_offset_seconds: int) -> ColumnElement:
    """The local calendar day of an instant, as an integer: days since 1970-01-01."""
    return sa.cast(sa.func.floor((epoch_seconds(ts) + utc_offset_seconds) / DAY_SECONDS), sa.Integer)


def week_start_day(day_num: ColumnElement) -> ColumnElement:
    """The Monday of the week of an integer day number (1970-01-01 was a Thursday)."""
    return day_num - (day_num + 3) % 7


def percentile(expr: ColumnElement, q: float) -> ColumnElement:
    """Continuous percentile (0..1) of ``expr``, NULLs ignored: ``percentile_cont(q) WITHIN GROUP``."""
    return sa.func.percentile_cont(q).within_group(expr)


def count_if(condition: ColumnElement) -> ColumnElement:
    """``count(*) FILTER (WHERE condition)`` — both engines support the FILTER clause."""
    return sa.func.count().filter(condition)


# H3 cells are stored as signed BIGINT (always positive: bit 63 is 0). Layout: bits 52–55 the resolution,
# then 15 digits of 3 bits from bit 44 down; digits finer than the resolution are all 7 (binary 111).
H3_RESOLUTION_SHIFT = 52
_H3_KEEP = 0x7FFF_FFFF_FFFF_FFFF & ~(0xF << H3_RESOLUTION_SHIFT)


def h3_parent(cell: ColumnElement, resolution: int) -> ColumnElement:
    """The H3 parent (BIGINT) of a BIGINT ``cell`` at a coarser ``resolution`` (0..15), by bit arithmetic.

    Equals ``h3.str_to_int(h3.cell_to_parent(h3.int_to_str(cell), resolution))`` for cells at ``resolution``
    or finer; same SQL on DuckDB and PostgreSQL (``&``, ``|`` on BIGINT).
    """
    if not 0 <= int(resolution) <= 15:
        raise ValueError(f"H3 resolution must be 0..15, got {resolution}")
    fill = (int(resolution) << H3_RESOLUTION_SHIFT) | ((1 << 3 * (15 - int(resolution))) - 1)
    big = lambda v: sa.cast(sa.literal(v, sa.BigInteger), sa.BigInteger)  # typed in both engines
    return cell.bitwise_and(big(_H3_KEEP)).bitwise_or(big(fill))


class most_frequent(FunctionElement):
    """The most frequent non-NULL value of a group (``mode``); ties are broken by the engine."""

    inherit_cache = True
    name = "most_frequent"

    @property
    def type(self):
        return self.clauses.clauses[0].type


@compiles(most_frequent, "duckdb")
def _mode_duckdb(element, compiler, **kw):
    return f"mode({compiler.process(element.clauses, **kw)})"


@compiles(most_frequent)
def _mode_default(element, compiler, **kw):
    return f"mode() WITHIN GROUP (ORDER BY {compiler.process(element.clauses, **kw)})"


def month_index(day_num: ColumnElement) -> ColumnElement:
    """The month of an integer day number as ``year * 12 + month - 1`` (date arithmetic on both engines)."""
    day = sa.cast(sa.literal("1970-01-01"), sa.Date) + day_num
    return sa.cast(sa.extract("year", day) * 12 + sa.extract("month", day) - 1, sa.Integer)


def lock_for_import(conn: sa.Connection) -> None:
    """Make concurrent importers take turns, inside the caller's transaction; readers are never blocked.

    PostgreSQL: SHARE ROW EXCLUSIVE on messages conflicts with itself and with writers, not with SELECT,
    so a second importer waits until the first commits and then sees its rows. DuckDB: a store file has
    one writing process anyway; the importer serializes the threads of that process itself.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("LOCK TABLE messages IN SHARE ROW EXCLUSIVE MODE"))


DUCKDB_IMPORT_MEMORY = "384MB"  # DuckDB's buffer for an import: the stage and the merge spill to disk beyond it


@contextmanager
def import_memory(conn: sa.Connection):
    """Cap DuckDB's memory while an import runs (it otherwise takes what a million-row merge wants, gigabytes),
    and give the previous limit back. PostgreSQL's memory is the server's: nothing to do.

    DuckDB's progress bar is off meanwhile: on by default, it drew itself into the command's (or the app's) output
    during every statement longer than two seconds of a large import, a thread rendering it all along."""
    if conn.dialect.name != "duckdb":
        yield
        return
    raw = conn.connection.driver_connection
    before, bar = raw.execute("SELECT current_setting('memory_limit'), current_setting('enable_progress_bar')"
                              ).fetchone()
    raw.execute(f"SET memory_limit = '{DUCKDB_IMPORT_MEMORY}'")  # a constant of ours, not user input
    raw.execute("SET enable_progress_bar = false")
    try:
        yield
    finally:
        raw.execute(f"SET memory_limit = '{before}'")  # the value DuckDB itself reported
        raw.execute(f"SET enable_progress_bar = {'true' if bar else 'false'}")
