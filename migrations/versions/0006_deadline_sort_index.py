"""PostgreSQL: a partial index for the list's deadline sort (issue 17, O(1) paging), so that page 500 of the list
ordered by deadline reads as few rows as page 1 instead of sorting every item with a deadline (10M: 2.3–2.7 s on any
page).

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


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, body in PG_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {body}")  # constants of this file


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in PG_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
