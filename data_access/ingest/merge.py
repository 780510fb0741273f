"""Forward-only merge: a file row that cannot prove it is newer never reverts a status or erases a date.

A row proves it is newer when both it and the stored item carry a «дата изменения» and the row's is later.
Every other row that matches a stored item (no «дата изменения» in the file, or an equal one) is merged
forward only, in the staging table, before it is compared with the store:

- a date moves forward only: an empty one is filled from the file, a later one replaces it, an empty or
  earlier cell in the file leaves the stored date as it is;
- the status moves only to a later stage of an item's life (``STATUS_RANK``); a step back is refused.

Each refused change is a conflict, listed in the report. Rows older by «дата изменения» are skipped whole
(``data_access.ingest.write``).
"""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from data_access.store import schema as s
from data_access.ingest.source_profile import DATE_FIELDS

# The order of an item's life: a status of a lower rank never replaces one of a higher rank without proof.
# «на доработке» is an open item again, as «в работе»: an old export saying so must not reopen an answered item.
STATUS_RANK = {"new": 0, "registered": 1, "in_progress": 2, "rework": 2, "interim": 3, "extended": 3,
               "forwarded": 4, "answered": 5, "rejected": 6, "resolved": 6}


def decided(st: sa.Table) -> sa.ColumnElement[bool]:
    """Both sides carry a «дата изменения» and they differ: the row is newer (updated whole) or older (skipped)."""
    m = s.messages
    return sa.and_(st.c.updated_at.is_not(None), m.c.updated_at.is_not(None), st.c.updated_at != m.c.updated_at)


def _rank(col) -> sa.ColumnElement[int]:
    return sa.case(STATUS_RANK, value=col, else_=-1)


def hold_back(conn: sa.Connection, st: sa.Table, compare: list[str]) -> pd.DataFrame:
    """Merge the unproven stage rows forward (in place); returns the conflicts:
    row_no, field, in_file, in_store (one line per refused change)."""
    m = s.messages
    dates = [c for c in compare if c in DATE_FIELDS]
    unproven = sa.and_(m.c.id == st.c.message_id, sa.not_(decided(st)))
    # a date may be set or move later, never be erased or moved earlier; «дата изменения» itself is kept quietly
    checks = [(c, sa.and_(m.c[c].is_not(None), sa.or_(st.c[c].is_(None), st.c[c] < m.c[c])))
              for c in dates if c != "updated_at"]
    if "status" in compare:
        checks.append(("status", sa.and_(st.c.status != m.c.status, _rank(st.c.status) <= _rank(m.c.status))))
    if not checks:
        return pd.DataFrame(columns=["row_no", "field", "in_file", "in_store"])
    if "updated_at" in dates:  # an empty «дата изменения» would otherwise make a changed, undated item
        conn.execute(sa.update(st).values(updated_at=m.c.updated_at)
                     .where(unproven, st.c.updated_at.is_(None), m.c.updated_at.is_not(None)))
    parts = [sa.select(st.c.row_no, sa.literal(field).label("field"), sa.cast(st.c[field], sa.Text).label("in_file"),
                       sa.cast(m.c[field], sa.Text).label("in_store")).where(unproven, cond)
             for field, cond in checks]
    found = pd.DataFrame(conn.execute(sa.union_all(*parts)).all(), columns=["row_no", "field", "in_file", "in_store"])
    if len(found):  # without conflicts every unproven row already moves forward only: nothing to rewrite
        values = {c: sa.case((st.c[c].is_(None), m.c[c]), (m.c[c].is_(None), st.c[c]), (st.c[c] > m.c[c], st.c[c]),
                             else_=m.c[c]) for c in dates}
        if "status" in compare:
            values["status"] = sa.case((_rank(st.c.status) > _rank(m.c.status), st.c.status), else_=m.c.status)
        conn.execute(sa.update(st).values(values).where(unproven))
    return found.sort_values(["row_no", "field"], kind="stable").reset_index(drop=True)
