"""The items list: drill-down conditions, text search and keyset pagination in SQL, and one item's card.

Paging is by KEYSET, never OFFSET over full rows: a page is «the next ``size`` rows after the cursor»,
where the cursor is the (sort key, id) of the last row shown. Each sort key is made non-NULL (NULLs
become a sentinel that sorts last) so that the comparison is a plain ``key < k OR (key = k AND id < i)``
on both engines. Jumping to page N without knowing its cursor is a *seek*: a narrow query reading only
(sort key, id) that skips the rows between the nearest known cursor and page N (``seek_stmt``). Then
the page itself is again a keyset query. Next/previous reuse the cursors remembered per page.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, UTC
from collections.abc import Iterator, Mapping

import h3
import pandas as pd
import sqlalchemy as sa

from data_access.store import dialect as d
from data_access.metrics.filters import Filters, dimension_clauses, in_period
from data_access.metrics.registry import (
    AGE_BUCKETS, METRICS, age_condition, answered_late, answered_on_time, deadline_columns, deadline_in_force,
    has_deadline, no_deadline_columns, overdue_at, registered_from, resolved, reworked,
)
from data_access.store.personal_columns import shown
from data_access.store.scope import Scope, scope_clauses
from data_access.store.schema import TIMESTAMP_EVENTS, events, messages as m

H3_RESOLUTION = 9  # resolution of messages.h3_cell
FAR_PAST = datetime(1900, 1, 1, tzinfo=UTC)
FAR_FUTURE = datetime(2999, 1, 1, tzinfo=UTC)
NO_DEADLINE_SECONDS = 1e12  # the lateness sort key of items without a deadline: always last

Cursor = tuple  # (sort key value, id) of the last row before a page


@dataclass(frozen=True)
class Drill:
    """Drill-down conditions that are not filter-bar fields (components.common.drilldown.EXTRA_KEYS)."""

    overdue: bool = False          # overdue now
    age: str | None = None         # key of AGE_BUCKETS; implies overdue now
    on_time: bool | None = None    # answered on time (True) / late (False)
    cell: str | None = None        # H3 cell (hex) at resolution <= 9
    rating: int | None = None      # citizen rating 1..5
    rated: bool = False            # answers with a citizen's rating (the base of «Оценки 4–5», metrics «rated_good»)
    reworked: bool = False         # answer later sent back for rework
    answered: bool = False         # answered (the period applies to the answer date)
    due_soon: bool = False         # open, not overdue, due before the end of the next working day
    extended: bool = False         # the deadline was extended (period on the original deadline, as metrics «extended»)
    resolved: bool = False         # resolved («решено», metrics.resolved; period on the resolution date)

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> tuple[Drill, list[str]]:
        """Read URL parameters; returns the conditions and the names of parameters ignored as invalid."""
        values, bad = {}, []

        def flag(key, allowed=("0", "1")):
            raw = params.get(key)
            if raw is None:
                return None
            if raw not in allowed:
                bad.append(key)
                return None
            return raw == "1"
        values["overdue"] = bool(flag("overdue", ("1",)))
        values["reworked"] = bool(flag("reworked", ("1",)))
        values["rated"] = bool(flag("rated", ("1",)))
        values["answered"] = bool(flag("answered", ("1",)))
        values["due_soon"] = bool(flag("due_soon", ("1",)))
        values["extended"] = bool(flag("extended", ("1",)))
        values["resolved"] = bool(flag("resolved", ("1",)))
        values["on_time"] = flag("on_time")
        if (age := params.get("age")) is not None:
            values["age"] = age if age in AGE_BUCKETS else bad.append("age")
        if (rating := params.get("rating")) is not None:
            values["rating"] = int(rating) if rating in ("1", "2", "3", "4", "5") else bad.append("rating")
        if (cell := params.get("cell")) is not None:
            ok = h3.is_valid_cell(cell) and h3.get_resolution(cell) <= H3_RESOLUTION
            values["cell"] = cell if ok else bad.append("cell")
        return cls(**values), bad

    def to_params(self) -> dict[str, str]:
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or value is False and f.name not in ("on_time",):
                continue
            out[f.name] = ("1" if value else "0") if isinstance(value, bool) else str(value)
        return out

    @property
    def state_now(self) -> bool:
        """Conditions on the state at «now»: the period does not apply (as the «Просрочено сейчас» card)."""
        return self.overdue or self.age is not None or self.due_soon

    @property
    def on_answers(self) -> bool:
        """Conditions on answers: the period applies to the answer date (as the on-time share)."""
        return self.on_time is not None or self.rating is not None or self.rated or self.reworked or self.answered


def cell_range(cell: str) -> tuple[int, int]:
    """Smallest and largest resolution-9 H3 integer inside ``cell``: its descendants form this range."""
    res = h3.get_resolution(cell)
    value = h3.str_to_int(cell)
    value = (value & ~(0xF << 52)) | (H3_RESOLUTION << 52)
    lo = hi = value
    for digit in range(res + 1, H3_RESOLUTION + 1):
        shift = (15 - digit) * 3
        lo &= ~(0b111 << shift)
        hi = (hi & ~(0b111 << shift)) | (0b110 << shift)
    return lo, hi


def drill_clauses(drill: Drill, as_of: datetime, due_soon_horizon: datetime | None = None) -> list:
    """The meaning of every drill-down condition, in SQL: the one place.

    ``due_soon_horizon`` (``data_access.queries.sla.due_soon_horizon``) is needed only for ``due_soon``.
    """
    out = []
    if drill.overdue or drill.age is not None:
        out.append(overdue_at(as_of))
    if drill.due_soon:
        if due_soon_horizon is None:
            raise ValueError("due_soon needs the horizon (sla.due_soon_horizon)")
        from data_access.queries.sla import due_soon_condition  # the one definition lives with the SLA queries

        out.append(due_soon_condition(as_of, due_soon_horizon))
    if drill.answered:
        out.append(m.c.answered_at.is_not(None))
    if drill.extended:
        out.append(METRICS["extended"].num(as_of))
    if drill.resolved:
        out.append(resolved)
    if drill.age is not None:
        out.append(age_condition(drill.age, as_of))
    if drill.on_time is not None:
        out.append(m.c.answered_at.is_not(None))
        out.append(answered_on_time if drill.on_time else answered_late)
    if drill.rating is not None:
        out.append(m.c.rating == drill.rating)
    if drill.rated:
        out.append(m.c.answered_at.is_not(None))
        out.append(METRICS["rated_good"].den(m))
    if drill.reworked:
        out.append(reworked)
    if drill.cell is not None:
        lo, hi = cell_range(drill.cell)
        out.append(m.c.h3_cell.between(lo, hi))
    return out


def fold_text(expr):
    """Lower case with ё → е: the same folding is applied to the search words in Python."""
    return sa.func.replace(sa.func.lower(expr), "ё", "е")


def fold_words(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


SORTS = {  # key: (Russian label, descending by default)
    "received": ("дата поступления", True),
    "registered": ("дата регистрации", True),
    "deadline": ("срок", False),
    "overdue": ("просрочка", True),
    "rating": ("оценка", False),
}


@dataclass(frozen=True)
class ItemQuery:
    """What the list shows: the shared filter, drill-down conditions, search words, the order."""

    filters: Filters
    as_of: datetime
    drill: Drill = field(default_factory=Drill)
    search: str = ""
    sort: str = "received"
    descending: bool = True
    due_soon_horizon: datetime | None = None  # sla.due_soon_horizon(as_of), when drill.due_soon
    personal_data: bool = False  # texts as stored; else the masked copies are shown AND searched

    def period_column(self):
        """The column the period applies to, or None (see ``Drill``)."""
        if self.drill.state_now:
            return None
        if self.drill.extended:  # the «extended» measure puts an item in the period by its original deadline
            return METRICS["extended"].basis_column()
        if self.drill.resolved:  # «resolution_time» puts an item in the period by the date of «решено»
            return METRICS["resolution_time"].basis_column()
        return m.c.answered_at if self.drill.on_answers else m.c.received_at


def item_conditions(q: ItemQuery) -> list:
    """All WHERE clauses of the list: filter bar, period on the right column, drill-down, search."""
    out = list(dimension_clauses(q.filters))
    if (column := q.period_column()) is not None:
        out.append(in_period(q.filters, column))
    out += drill_clauses(q.drill, q.as_of, q.due_soon_horizon)
    if words := fold_words(q.search):
        out.append(fold_text(shown("text", q.personal_data)).contains(words, autoescape=True))
    return out


def overdue_seconds(as_of: datetime):
    """Seconds past the deadline in force: at the answer, or at ``as_of`` if not answered (negative: early)."""
    return d.epoch_seconds(sa.func.coalesce(m.c.answered_at, as_of)) - d.epoch_seconds(deadline_in_force)


def sort_key(q: ItemQuery):
    """The non-NULL sort expression of the query; NULLs get a sentinel that sorts last either way."""
    desc = q.descending
    if q.sort == "received":
        return m.c.received_at
    if q.sort == "registered":
        return registered_from
    if q.sort == "deadline":
        return sa.func.coalesce(deadline_in_force, FAR_PAST if desc else FAR_FUTURE)
    if q.sort == "overdue":
        # double-precision seconds: fast on both engines (NUMERIC EXTRACT(EPOCH) made PostgreSQL 8× slower,
        # timestamp + interval made DuckDB 8× slower)
        late = (d.epoch_seconds(sa.func.coalesce(m.c.answered_at, q.as_of))
                - d.epoch_seconds(deadline_in_force))
        return sa.func.coalesce(late, -NO_DEADLINE_SECONDS if desc else NO_DEADLINE_SECONDS)
    if q.sort == "rating":
        return sa.func.coalesce(m.c.rating, 0 if desc else 6)
    raise ValueError(f"unknown sort {q.sort!r}")


def _after(q: ItemQuery, key, cursor: Cursor | None) -> list:
    if cursor is None:
        return []
    k, i = cursor
    if q.descending:
        return [key <= k, sa.or_(key < k, m.c.id < i)]
    return [key >= k, sa.or_(key > k, m.c.id > i)]


def _ordered(q: ItemQuery, stmt: sa.Select, key) -> sa.Select:
    if q.descending:
        return stmt.order_by(key.desc(), m.c.id.desc())
    return stmt.order_by(key.asc(), m.c.id.asc())


@dataclass(frozen=True)
class _Stream:
    """Rows of one kind (``where``) whose sort key (``key``) an index can give in order (``order``)."""

    where: tuple
    key: object
    order: tuple  # (expression, in the list's direction?) — see _order_terms
    bound: tuple = ()  # extra, index-friendly conditions implied by the cursor (never narrower than it)


def _streams(q: ItemQuery, cursor: Cursor | None) -> list[_Stream]:
    """The list as disjoint streams, each read in key order from its own index.

    Dates of receipt and registration: one stream. Deadline and rating: the rows with a value (by an index on it),
    then those without (the sentinel of ``sort_key``, by id). Lateness depends on «now» for open items, so one
    index cannot hold it: answered items with a deadline are ordered by their stored lateness (``answer_late_s``,
    data_access.store.derived), open items with a deadline by their deadline (``now − deadline``: a later deadline is
    less late), items without a deadline carry the sentinel and come last. The page is the first rows of the
    merge of the streams' first rows — so page 500 reads as few rows as page 1 (O(1) paging)."""
    key = sort_key(q)
    desc = q.descending
    no_deadline = no_deadline_columns  # plain column conditions: DuckDB's scan, PostgreSQL's partial index
    if q.sort == "deadline":  # NULL last either way: items with a deadline, then those without by id
        last = sa.cast(sa.literal(FAR_PAST if desc else FAR_FUTURE, m.c.received_at.type), m.c.received_at.type)
        # the predicate in plain columns: PostgreSQL's partial index of this sort (migration 0006) matches it alone
        return [_Stream((deadline_columns,), deadline_in_force, ((deadline_in_force, True), (m.c.id, True))),
                _Stream(no_deadline, last, ((m.c.id, True),))]
    if q.sort == "rating":
        last = sa.cast(sa.literal(0 if desc else 6), m.c.rating.type)
        return [_Stream((m.c.rating.is_not(None),), m.c.rating, ((m.c.rating, True), (m.c.id, True))),
                _Stream((m.c.rating.is_(None),), last, ((m.c.id, True),))]
    if q.sort != "overdue":
        return [_Stream((), key, ((key, True), (m.c.id, True)))]
    sentinel = sa.cast(sa.literal(-NO_DEADLINE_SECONDS if desc else NO_DEADLINE_SECONDS), sa.Double)
    now = sa.cast(sa.literal(q.as_of, m.c.received_at.type), m.c.received_at.type)  # typed even as a literal
    open_key = d.epoch_seconds(now) - d.epoch_seconds(deadline_in_force)
    bound = ()
    if cursor is not None and abs(float(cursor[0])) < 1e9:  # 31 years: else no bound, the exact filter decides
        # open rows after the cursor, as a range of deadlines an index scan can start at (1 s of slack for rounding)
        edge = q.as_of - timedelta(seconds=float(cursor[0]) + (1 if desc else -1))
        bound = (deadline_in_force >= edge,) if desc else (deadline_in_force <= edge,)
    return [
        # answered with a deadline <=> a stored lateness (data_access.store.derived): one plain column condition
        _Stream((m.c.answer_late_s.is_not(None),), m.c.answer_late_s, ((m.c.answer_late_s, True), (m.c.id, True))),
        # key descending = deadline ascending, ties by id in the list's direction
        _Stream((m.c.answered_at.is_(None), has_deadline), open_key, ((deadline_in_force, False), (m.c.id, True)),
                bound),
        _Stream(no_deadline, sentinel, ((m.c.id, True),)),
    ]


def _order_terms(q: ItemQuery, order: tuple) -> list:
    """ORDER BY of a stream: (expression, True if in the list's direction, False if opposite)."""
    return [expr.desc() if q.descending == along else expr.asc() for expr, along in order]


def _after_parts(q: ItemQuery, key, cursor: Cursor | None) -> list[list]:
    """``_after`` as two disjoint AND-only parts (past the key; the same key, past the id): no OR per row, so
    DuckDB filters in the scan and PostgreSQL starts an index range at the cursor for each."""
    if cursor is None:
        return [[]]
    k, i = cursor
    if q.descending:
        return [[key < k], [key == k, m.c.id < i]]
    return [[key > k], [key == k, m.c.id > i]]


def _stream_selects(q: ItemQuery, stream: _Stream, cursor: Cursor | None, limit: int, extra: list) -> list:
    return [sa.select(m.c.id.label("pid"), stream.key.label("sort_key"))
            .where(*extra, *stream.where, *stream.bound, *part)
            .order_by(*_order_terms(q, stream.order)).limit(limit)
            for part in _after_parts(q, stream.key, cursor)]


def _picked(q: ItemQuery, cursor: Cursor | None, limit: int, offset: int = 0) -> sa.Subquery:
    """(pid, sort_key) of the ``limit`` rows after ``cursor`` (skipping ``offset`` first), in the list's order."""
    conditions = item_conditions(q)
    streams = _streams(q, cursor)
    if len(streams) == 1:
        key = streams[0].key
        stmt = sa.select(m.c.id.label("pid"), key.label("sort_key")).where(*conditions, *_after(q, key, cursor))
        return _ordered(q, stmt, key).limit(limit).offset(offset or None).subquery()
    parts = [sa.select(sel.subquery()) for s in streams for sel in _stream_selects(q, s, cursor, limit + offset,
                                                                                  conditions)]
    merged = sa.union_all(*parts).subquery()
    order = (merged.c.sort_key.desc(), merged.c.pid.desc()) if q.descending else (merged.c.sort_key, merged.c.pid)
    return sa.select(merged).order_by(*order).limit(limit).offset(offset or None).subquery()


EXPORT_EXTRA = ("registered_at", "sector_id", "address", "answer_text", "reopened_count")


def page_stmt(q: ItemQuery, cursor: Cursor | None, size: int, *, full: bool = False) -> sa.Select:
    """The ``size`` rows after ``cursor`` (or the first ones); ``full`` adds whole texts for exports.

    Two steps: the page's (sort key, id) are found over narrow rows (``_picked``: per stream of ``_streams``), then
    only those rows are read whole — a sort that carries texts spills to disk on PostgreSQL. The list shows the
    first 300 characters of the text; ``overdue_days`` is in calendar days (24 h).
    """
    text = shown("text", q.personal_data)
    picked = _picked(q, cursor, size)
    cols = [m.c.id, m.c.external_id, m.c.received_at, m.c.channel_id, m.c.kind, m.c.district_id, m.c.topic_id,
            m.c.executor_id, m.c.status, deadline_in_force.label("deadline_at"), m.c.answered_at,
            (overdue_seconds(q.as_of) / float(d.DAY_SECONDS)).label("overdue_days"), m.c.rating,
            (text if full else sa.func.substr(text, 1, 300)).label("text")]
    if full:
        cols += [shown(c, q.personal_data).label(c) if c in ("address", "answer_text") else m.c[c]
                 for c in EXPORT_EXTRA]
    stmt = sa.select(*cols, picked.c.sort_key).join_from(picked, m, m.c.id == picked.c.pid)
    if q.descending:
        return stmt.order_by(picked.c.sort_key.desc(), m.c.id.desc())
    return stmt.order_by(picked.c.sort_key.asc(), m.c.id.asc())


def items_page(engine: sa.Engine, q: ItemQuery, cursor: Cursor | None, size: int = 50) -> pd.DataFrame:
    """One page of the list: id, external_id, received_at, channel_id, kind, district_id, topic_id, executor_id,
    status, deadline_at, answered_at, overdue_days, rating, text plus ``sort_key`` (the cursor of the next page is the
    last row's)."""
    with engine.connect() as conn:
        result = conn.execute(page_stmt(q, cursor, size))
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def next_cursor(page: pd.DataFrame) -> Cursor | None:
    """The cursor after the last row of ``page`` (None for an empty page)."""
    if page.empty:
        return None
    last = page.iloc[-1]
    key = last["sort_key"]
    if isinstance(key, pd.Timestamp):
        key = key.to_pydatetime()
    elif hasattr(key, "item"):
        key = key.item()
    return key, int(last["id"])


def seek_stmt(q: ItemQuery, cursor: Cursor | None, skip: int) -> sa.Select:
    """(sort key, id) of the ``skip``-th row after ``cursor``: the cursor ``skip`` rows further on.

    Reads only the key and the id (and the filter columns); no texts are touched.
    """
    picked = _picked(q, cursor, 1, skip - 1)
    return sa.select(picked.c.sort_key, picked.c.pid.label("id"))


def seek_cursor(engine: sa.Engine, q: ItemQuery, cursor: Cursor | None, skip: int) -> Cursor | None:
    """The cursor ``skip`` rows after ``cursor`` (None if there are fewer rows)."""
    if skip <= 0:
        return cursor
    with engine.connect() as conn:
        row = conn.execute(seek_stmt(q, cursor, skip)).first()
    if row is None:
        return None
    key = row[0]
    return (key, int(row[1]))


def count_stmt(q: ItemQuery) -> sa.Select:
    return sa.select(sa.func.count()).select_from(m).where(*item_conditions(q))


def count_items(engine: sa.Engine, q: ItemQuery) -> int:
    """How many items match the query."""
    with engine.connect() as conn:
        return int(conn.execute(count_stmt(q)).scalar_one())


def export_batches(engine: sa.Engine, q: ItemQuery, cap: int, batch: int = 5_000) -> Iterator[pd.DataFrame]:
    """The first ``cap`` matching items with whole texts, as keyset batches of ``batch`` rows each."""
    cursor, sent = None, 0
    while sent < cap:
        with engine.connect() as conn:
            result = conn.execute(page_stmt(q, cursor, min(batch, cap - sent), full=True))
            df = pd.DataFrame(result.all(), columns=list(result.keys()))
        if df.empty:
            return
        cursor = next_cursor(df)
        sent += len(df)
        yield df.drop(columns="sort_key")


CITIZEN_TEXTS = ("text", "answer_text", "address")


def item_stmt(item_id: int, scope: Scope, personal_data: bool = False) -> sa.Select:
    plain = [c for c in m.c if c.name not in CITIZEN_TEXTS and not c.name.endswith("_masked")]
    texts = [shown(c, personal_data).label(c) for c in CITIZEN_TEXTS]
    return (sa.select(*plain, *texts, deadline_in_force.label("deadline_in_force"))
            .where(m.c.id == item_id, *scope_clauses(scope, m)))


def item_detail(engine: sa.Engine, item_id: int, scope: Scope, personal_data: bool = False) -> dict | None:
    """The columns of one item plus ``deadline_in_force``; None if there is no such item inside ``scope`` (the
    user's, ``Filters.scope``: an item of another block is not read at all). Text, answer_text and address as the
    user may see them (the masked copies without ``personal_data``)."""
    with engine.connect() as conn:
        row = conn.execute(item_stmt(item_id, scope, personal_data)).mappings().first()
    return dict(row) if row else None


TIMELINE_COLUMNS = ["event_at", "status", "note"]


def events_stmt(item_id: int) -> sa.Select:
    return (sa.select(events.c.event_at, events.c.status, events.c.note)
            .where(events.c.message_id == item_id).order_by(events.c.event_at, events.c.id))


def timeline(item: dict, stored: pd.DataFrame) -> pd.DataFrame:
    """The status history of one item: its timestamps as events, merged with the stored events.

    ``events`` keeps only what the row cannot tell (status changes seen by imports, returns for rework,
    extensions). A stored event with the status and instant of a timestamp is that timestamp: shown once.
    """
    stored = stored[TIMELINE_COLUMNS].copy()
    stored["event_at"] = pd.to_datetime(stored["event_at"], utc=True)
    own = pd.DataFrame([(item[col], status, note) for col, status, note in TIMESTAMP_EVENTS
                        if item.get(col) is not None], columns=TIMELINE_COLUMNS)
    own["event_at"] = pd.to_datetime(own["event_at"], utc=True)
    said = pd.MultiIndex.from_frame(stored[["event_at", "status"]])
    own = own[~pd.MultiIndex.from_frame(own[["event_at", "status"]]).isin(said)]
    both = pd.concat([own.assign(order=0), stored.assign(order=1)], ignore_index=True) if len(stored) \
        else own.assign(order=0)
    return both.sort_values(["event_at", "order"], kind="stable")[TIMELINE_COLUMNS].reset_index(drop=True)


def item_events(engine: sa.Engine, item_id: int, scope: Scope) -> pd.DataFrame:
    """The status timeline of one item: event_at, status, note (``timeline``); empty if there is no such item
    inside ``scope``."""
    with engine.connect() as conn:
        item = conn.execute(sa.select(*[m.c[col] for col, _, _ in TIMESTAMP_EVENTS])
                            .where(m.c.id == item_id, *scope_clauses(scope, m))).mappings().first()
        if not item:
            return pd.DataFrame(columns=TIMELINE_COLUMNS)
        stored = pd.DataFrame(conn.execute(events_stmt(item_id)).all(), columns=TIMELINE_COLUMNS)
    return timeline(dict(item), stored)
