"""PostgreSQL (issue 17): the answers' covering index carries ``reopened_count`` too, so the rating's answers of two
periods (reworked, on substance: ``metrics.registry.reworked``, ``substantive``) are read from the index alone. Without
it the planner took ``ix_messages_executor_answered`` and, with no skip scan, walked all of it for a range of answers
(10M rows: every entry, 1.3 s warm), or a bitmap heap scan for a channel (1.2 s).

Revision ID: 0007_answers_cover_reopened
Revises: 0006_deadline_sort_index
Create Date: 2026-12-07
"""
from alembic import op

revision = "0007_answers_cover_reopened"
down_revision = "0006_deadline_sort_index"
branch_labels = None
depends_on = None

_BEFORE = ("messages (answered_at) INCLUDE (channel_id, answered_day, registered_day, registered_at, received_at, "
           "deadline_at, extended_deadline_at, rating, sector_id, executor_id, district_id, topic_id, kind, status)")
# name -> (CREATE INDEX body now, body before)
PG_REBUILT = {
    "ix_messages_answered_cover": (_BEFORE.removesuffix(")") + ", reopened_count)", _BEFORE),
}


def _rebuild(which: int) -> None:
    for name, bodies in PG_REBUILT.items():
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"CREATE INDEX {name} ON {bodies[which]}")  # constants of this file


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rebuild(0)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rebuild(1)
