"""PostgreSQL: the answers' covering indexes carry the columns of the answered-basis measures (issue 17), so the
overview's headline, Сроки's «в срок» by month, the executor card's monthly trend and the outflow of «Загрузка
блоков» read the period's answers from the index alone instead of one heap page per answer; a covering index of
the resolution date for «Решено» of «Загрузка блоков» (it read the whole table) and Сроки's time to resolution.

Revision ID: 0005_covering_indexes
Revises: 0004_derived_keys
Create Date: 2026-12-07
"""
from alembic import op

revision = "0005_covering_indexes"
down_revision = "0004_derived_keys"
branch_labels = None
depends_on = None

# name -> (CREATE INDEX body now, body in 0004). DuckDB reads by its zone maps: nothing to do there.
PG_INDEXES = {
    # every answered-basis measure of a period: Сроки's answer time (channel, stored days), «в срок» and «без срока»
    # (deadlines), the median answer time (registration, receipt), the ratings, the groups of «Загрузка блоков»;
    # also the open-at-a-moment rows answered after it (metrics.period_scans)
    "ix_messages_answered_cover": ("messages (answered_at) INCLUDE (channel_id, answered_day, registered_day, "
                                   "registered_at, received_at, deadline_at, extended_deadline_at, rating, sector_id, "
                                   "executor_id)",
                                   "messages (answered_at) INCLUDE (channel_id, answered_day, registered_day, "
                                   "registered_at, received_at)"),
    # an executor's answers by month (rating.monthly_trend): «в срок», substantive, ratings, rework
    "ix_messages_executor_answered": ("messages (executor_id, answered_at) INCLUDE (deadline_at, extended_deadline_at, "
                                      "rating, reopened_count, status)",
                                      "messages (executor_id, answered_at)"),
}

# new in this revision: name -> CREATE INDEX body
PG_NEW_INDEXES = {
    # «Решено» by day and group (workload.backlog_series) and the time to resolution (sla.resolution_time: channel,
    # status, «от регистрации»). Without all of them the planner took this index for the year's 270 thousand
    # resolutions and fetched one heap page each (0.7 → 2.3 s)
    "ix_messages_resolved_cover": "messages (resolved_at) INCLUDE (sector_id, executor_id, channel_id, status, "
                                  "registered_day, registered_at, received_at)",
}


def _rebuild(which: int) -> None:
    for name, bodies in PG_INDEXES.items():
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"CREATE INDEX {name} ON {bodies[which]}")  # constants of this file


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _rebuild(0)
    for name, body in PG_NEW_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {body}")  # constants of this file


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in PG_NEW_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    _rebuild(1)
