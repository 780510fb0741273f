"""PostgreSQL (issue 17): a partial index for the list's deadline sort (O(1) paging), so that page 500 of the list
ordered by deadline reads as few rows as page 1 instead of sorting every item with a deadline (10M: 2.3–2.7 s on any
page); the answers' covering index carries every filter dimension (district, topic, kind, status besides the
sector, executor and channel it had), so the heat map's answers of a period are read from the index alone (10M:
a bitmap heap scan of 0.4 million answers, 0.9 s), and so does the index of receipts.

An index on the deadline in force was tried in 0004 and dropped: the planner walked it for the executor card's
«overdue» list ordered by deadline and filtered out the answered items one by one (0.3 → 7 s). This one is partial,
on plain column conditions (``metrics.registry.deadline_columns``) that only the deadline sort of the list states;
a query that says «has a deadline» as ``coalesce(...) IS NOT NULL`` (``has_deadline``) cannot be proven to match
it, so no other query can take it.

Revision ID: 0006_deadline_sort_index
Revises: 0005_covering_indexes
Create Date: 2026-12-07
"""
from alembic import op

revision = "0006_deadline_sort_index"
down_revision = "0005_covering_indexes"
branch_labels = None
depends_on = None

# name -> CREATE INDEX body (PostgreSQL only: DuckDB reads by its zone maps)
PG_INDEXES = {
    "ix_messages_deadline_sort": "messages ((coalesce(extended_deadline_at, deadline_at)), id) "
                                 "WHERE deadline_at IS NOT NULL OR extended_deadline_at IS NOT NULL",
}


# name -> (CREATE INDEX body now, body before). Both covering indexes carry every filter dimension: with the answers'
# index alone carrying them, the planner read all of it (10M entries, 2–3 s) for a range of receipts instead of the
# range of the receipts' index and the rows.
DIMENSIONS = "district_id, topic_id, sector_id, channel_id, kind, status, executor_id"
PG_REBUILT = {
    "ix_messages_received_at": (f"messages (received_at) INCLUDE ({DIMENSIONS})", "messages (received_at)"),
    "ix_messages_answered_cover": ("messages (answered_at) INCLUDE (channel_id, answered_day, registered_day, "
                                   "registered_at, received_at, deadline_at, extended_deadline_at, rating, sector_id, "
                                   "executor_id, district_id, topic_id, kind, status)",
                                   "messages (answered_at) INCLUDE (channel_id, answered_day, registered_day, "
                                   "registered_at, received_at, deadline_at, extended_deadline_at, rating, sector_id, "
                                   "executor_id)"),
}


def _rebuild(which: int) -> None:
    for name, bodies in PG_REBUILT.items():
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"CREATE INDEX {name} ON {bodies[which]}")  # constants of this file


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, body in PG_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {body}")  # constants of this file
    _rebuild(0)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _rebuild(1)
    for name in PG_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
