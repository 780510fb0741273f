"""Stored per-row keys for the hot queries (issue 17): the local days of the answer and of «от регистрации», the
answer's lateness in seconds (``data_access.store.derived``), with a backfill; PostgreSQL indexes for the list's sorts,
the open items and the answer time.

Revision ID: 0004_derived_keys
Revises: 0003_masked_text
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_derived_keys"
down_revision = "0003_masked_text"
branch_labels = None
depends_on = None

COLUMNS = (("answered_day", sa.Integer), ("registered_day", sa.Integer), ("answer_late_s", sa.Double))
# PostgreSQL only (DuckDB reads by its zone maps). name -> CREATE INDEX body
PG_INDEXES = {
    # the lateness sort of answered items (data_access.queries.items: one keyset stream per kind of row)
    "ix_messages_answer_late": "messages (answer_late_s, id)",
    # open items: «просрочено сейчас» bounds (metrics.overdue_at_arms) and the lateness sort of open items (by deadline)
    "ix_messages_open_deadline": "messages ((coalesce(extended_deadline_at, deadline_at)), id DESC) "
                                 "WHERE answered_at IS NULL",
    # items without a deadline: the last stream of the lateness sort (few or none: the index stays tiny)
    "ix_messages_no_deadline": "messages (id) WHERE deadline_at IS NULL AND extended_deadline_at IS NULL",
    # the rating sort of the list (rows without a rating: ix_messages_unrated). Not an index on the deadline in force
    # for the deadline sort: with it the planner walked all deadlines for «overdue» lists ordered by deadline
    # (rating.overdue_items: 0.3 -> 7 s), filtering out answered items one by one
    "ix_messages_rating": "messages (rating, id)",
    "ix_messages_unrated": "messages (id) WHERE rating IS NULL",
    # the registration sort of the list
    "ix_messages_registered_from": "messages ((coalesce(registered_at, received_at)), id)",
    # an executor's (card, rating) answers by month: the received side has ix_messages_executor_received
    "ix_messages_executor_answered": "messages (executor_id, answered_at)",
    # Сроки's answer time and every answered-basis measure: an index-only scan of the period's answers
    "ix_messages_answered_cover": "messages (answered_at) INCLUDE (channel_id, answered_day, registered_day, "
                                  "registered_at, received_at)",
}


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("messages", sa.Column(name, kind))
    conn = op.get_bind()
    backfill(conn)
    if conn.dialect.name == "postgresql":
        # the backfill wrote a new version of every row: put the table back in time order (and without the dead
        # versions), or the planner's correlation of received_at drops and period lists turn to bitmap scans
        op.execute("CLUSTER messages USING ix_messages_received_at")
        for name, body in PG_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON {body}")  # constants of this file


def backfill(conn: sa.Connection) -> int:
    """Fill the stored keys of every item with the store's municipality offset; returns the rows done."""
    from data_access.store.derived import refresh_derived, store_offset

    offset = store_offset(conn)
    if offset is None:  # an empty store: the first load fills them
        return 0
    return refresh_derived(conn, offset)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in PG_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    for name, _ in COLUMNS:
        op.drop_column("messages", name)
