"""Writing prepared rows: a staging table, then set-based SQL that adds, updates and records status changes.

All inside the caller's transaction. The staging table is filled by ``bulk_insert`` (DuckDB's DataFrame
scan, PostgreSQL's COPY); each stage row is classified against the store by (channel_id, external_id):
``new``, ``changed``, ``same``, or ``older`` (the store holds a later «дата изменения»); rows that cannot prove
they are newer are merged forward only first (``data_access.ingest.merge``). New ids come from
``messages_id_seq``. ``events`` gets what the item row cannot tell: status changes of existing items, and the
status of a new item where none of its timestamps says it (the rest of its timeline is read from the
timestamps themselves, ``data_access.queries.items.timeline``).
"""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from data_access.store import schema as s
from data_access.store.bulk import bulk_insert
from data_access.store.derived import DERIVED_COLUMNS, derived_values, store_offset
from data_access.ingest.merge import hold_back
from data_access.ingest.parse import TEXT

STAGE = "import_stage"
MESSAGE_COLUMNS = tuple(c.name for c in s.messages.columns if c.name != "id" and c.name not in DERIVED_COLUMNS)
INT_COLUMNS = ("channel_id", "topic_id", "sector_id", "district_id", "executor_id", "h3_cell", "rating",
               "reopened_count")


def stage_table() -> sa.Table:
    cols = [sa.Column(c.name, c.type) for c in s.messages.columns if c.name in MESSAGE_COLUMNS]
    return sa.Table(STAGE, sa.MetaData(), *cols, sa.Column("row_no", sa.Integer),
                    sa.Column("message_id", sa.BigInteger), sa.Column("action", sa.String(10)),
                    prefixes=["TEMPORARY"])


def _frame_for_stage(stage: pd.DataFrame) -> pd.DataFrame:
    df = stage[[*MESSAGE_COLUMNS, "row_no"]].copy()
    for col in INT_COLUMNS:
        values = df[col].astype(float) if df[col].dtype == object else df[col]  # ids or None: via float is 3× faster
        df[col] = pd.array(values, dtype="Int64")
    for col in ("lat", "lon"):
        df[col] = pd.array(df[col], dtype="Float64")  # NaN must arrive as NULL on both engines
    for col in ("kind", "external_id", "status", "address", "text", "answer_text", "address_masked", "text_masked",
                "answer_masked"):
        df[col] = df[col].astype(TEXT)  # Arrow strings with NA: DuckDB scans them without Python objects
    return df


def create_stage(conn: sa.Connection) -> None:
    """The staging table of one import (temporary: dropped with the connection's session at the latest)."""
    stage_table().create(conn)


def stage_rows(conn: sa.Connection, stage: pd.DataFrame) -> None:
    """Append one chunk of prepared rows to the staging table."""
    if len(stage):
        bulk_insert(conn, STAGE, _frame_for_stage(stage.sort_values("received_at", kind="stable")))  # ids in time order


def staged_duplicates(conn: sa.Connection) -> pd.DataFrame:
    """Rows of the file staged twice (the same channel and number in different chunks): all but one are removed,
    the latest by «дата изменения», else the last in the file (as within a chunk). Returns row_no, external_id,
    winner of the removed ones."""
    st = stage_table()
    repeated = sa.select(st.c.channel_id, st.c.external_id).group_by(st.c.channel_id, st.c.external_id) \
        .having(sa.func.count() > 1).limit(1)
    if conn.execute(repeated).first() is None:
        return pd.DataFrame(columns=["row_no", "external_id", "winner"])
    winner = sa.func.first_value(st.c.row_no).over(
        partition_by=[st.c.channel_id, st.c.external_id],
        order_by=[st.c.updated_at.desc().nulls_last(), st.c.row_no.desc()])
    ranked = sa.select(st.c.row_no, st.c.external_id, winner.label("winner")).subquery()
    losers = sa.select(ranked).where(ranked.c.row_no != ranked.c.winner)
    found = pd.DataFrame(conn.execute(losers).all(), columns=["row_no", "external_id", "winner"])
    conn.execute(sa.delete(st).where(st.c.row_no.in_(sa.select(losers.subquery().c.row_no))))
    return found


def merge_stage(conn: sa.Connection, update_columns: tuple[str, ...], note: str, now: datetime,
                utc_offset_seconds: int | None = None) -> dict:
    """Merge the staging table into messages and drop it. Returns counts {new, changed, same, older, status_events}
    and ``conflicts`` (``import_merge.hold_back``: changes refused to rows that do not prove they are newer).
    ``utc_offset_seconds``: the municipality's, for the stored local days (default: that of the store's profile)."""
    st = stage_table()
    m = s.messages
    key = sa.and_(m.c.channel_id == st.c.channel_id, m.c.external_id == st.c.external_id)
    conn.execute(sa.update(st).values(message_id=m.c.id).where(key))
    compare = [c for c in update_columns if c in MESSAGE_COLUMNS and c not in ("channel_id", "external_id")]
    conflicts = hold_back(conn, st, compare)  # statuses and dates of unproven rows move forward only
    changed = sa.or_(*[m.c[c].is_distinct_from(st.c[c]) for c in compare]) if compare else sa.false()
    older = sa.and_(st.c.updated_at.is_not(None), m.c.updated_at.is_not(None), st.c.updated_at < m.c.updated_at)
    conn.execute(sa.update(st).values(action=sa.case((older, "older"), (changed, "changed"), else_="same"))
                 .where(m.c.id == st.c.message_id))
    # new items take their ids now, so that their rows and first event need no second join with messages
    conn.execute(sa.update(st).values(action="new", message_id=s.messages_id_seq.next_value())
                 .where(st.c.message_id.is_(None)))

    status_events = 0
    if "status" in compare:
        moved = sa.select(st.c.message_id, sa.func.coalesce(st.c.updated_at, sa.literal(now, s.TS)), st.c.status,
                          sa.literal(note)).select_from(st.join(m, m.c.id == st.c.message_id)) \
            .where(st.c.action == "changed", m.c.status.is_distinct_from(st.c.status))
        status_events = conn.execute(sa.select(sa.func.count()).select_from(moved.subquery())).scalar()
        conn.execute(sa.insert(s.events).from_select(["message_id", "event_at", "status", "note"], moved,
                                                     include_defaults=False))
    # the stored keys (data_access.store.derived) are written with the row, from the values it gets; the store's
    # municipality is known by now (the importer writes it before the first merge)
    offset = utc_offset_seconds if utc_offset_seconds is not None else store_offset(conn)
    if compare:
        keys = {} if offset is None else derived_values(offset, {c: st.c[c] for c in compare})
        conn.execute(sa.update(m).values({**{c: st.c[c] for c in compare}, **keys})
                     .where(m.c.id == st.c.message_id, st.c.action == "changed"))
    # in time order: the indexes (and DuckDB's zone maps) on received_at take the rows as they come
    keys = {} if offset is None else derived_values(offset, {c: st.c[c] for c in MESSAGE_COLUMNS})
    new_rows = sa.select(st.c.message_id, *[st.c[c] for c in MESSAGE_COLUMNS], *keys.values()) \
        .where(st.c.action == "new").order_by(st.c.received_at, st.c.message_id)
    conn.execute(sa.insert(m).from_select(["id", *MESSAGE_COLUMNS, *keys], new_rows))
    _new_item_events(conn, st, note)
    counts = dict(conn.execute(sa.select(st.c.action, sa.func.count()).group_by(st.c.action)).all())
    st.drop(conn)
    return {"new": counts.get("new", 0), "changed": counts.get("changed", 0), "same": counts.get("same", 0),
            "older": counts.get("older", 0), "status_events": status_events, "conflicts": conflicts}


def _new_item_events(conn: sa.Connection, st: sa.Table, note: str) -> None:
    """The current status of each new item that none of its timestamps says (``in_progress`` at «изменено»)."""
    latest = sa.func.coalesce(st.c.updated_at, st.c.resolved_at, st.c.answered_at, st.c.registered_at,
                              st.c.received_at)
    told = [sa.or_(st.c.status != status, st.c[col].is_(None)) for col, status, _ in s.TIMESTAMP_EVENTS]
    conn.execute(sa.insert(s.events).from_select(
        ["message_id", "event_at", "status", "note"],
        sa.select(st.c.message_id, latest, st.c.status, sa.literal(note)).where(st.c.action == "new", *told),
        include_defaults=False))
