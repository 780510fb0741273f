"""The initial store: reference tables, messages, events, the work calendar and store metadata.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)

INDEXES = [
    ("ix_messages_received_at", "messages", ["received_at"]),
    ("ix_messages_answered_at", "messages", ["answered_at"]),
    ("ix_messages_district_received", "messages", ["district_id", "received_at"]),
    ("ix_messages_sector_received", "messages", ["sector_id", "received_at"]),
    ("ix_messages_topic_received", "messages", ["topic_id", "received_at"]),
    ("ix_messages_executor_received", "messages", ["executor_id", "received_at"]),
    ("ix_messages_channel_received", "messages", ["channel_id", "received_at"]),
    ("ix_messages_status", "messages", ["status"]),
    ("ix_messages_h3_cell", "messages", ["h3_cell"]),
    ("ix_events_message_at", "events", ["message_id", "event_at"]),
]


def upgrade() -> None:
    op.create_table(
        "districts",
        sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("population", sa.Integer, nullable=False),
        sa.Column("area_km2", sa.Float),
    )
    op.create_table(
        "sectors",
        sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
    )
    op.create_table(
        "topics",
        sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("sector_id", sa.SmallInteger, sa.ForeignKey("sectors.id"), nullable=False),
        sa.UniqueConstraint("sector_id", "name", name="uq_topics_sector_name"),
    )
    op.create_table(
        "channels",
        sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("term", sa.Integer, nullable=False),
        sa.Column("extension_max", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "executors",
        sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(300), nullable=False, unique=True),
        sa.Column("sector_id", sa.SmallInteger, sa.ForeignKey("sectors.id")),
        sa.Column("district_id", sa.SmallInteger, sa.ForeignKey("districts.id")),
    )
    op.execute(sa.schema.CreateSequence(sa.Sequence("messages_id_seq")))
    op.create_table(
        "messages",
        sa.Column("id", sa.BigInteger, primary_key=True, server_default=sa.text("nextval('messages_id_seq')")),
        sa.Column("channel_id", sa.SmallInteger, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("external_id", sa.String(100), nullable=False),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("registered_at", TS),
        sa.Column("deadline_at", TS),
        sa.Column("extended_deadline_at", TS),
        sa.Column("first_answer_at", TS),
        sa.Column("answered_at", TS),
        sa.Column("resolved_at", TS),
        sa.Column("updated_at", TS),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("topic_id", sa.SmallInteger),
        sa.Column("sector_id", sa.SmallInteger),
        sa.Column("district_id", sa.SmallInteger),
        sa.Column("executor_id", sa.SmallInteger),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("h3_cell", sa.BigInteger),
        sa.Column("address", sa.String(300)),
        sa.Column("text", sa.Text),
        sa.Column("answer_text", sa.Text),
        sa.Column("rating", sa.SmallInteger),
        sa.Column("reopened_count", sa.SmallInteger, nullable=False, server_default="0"),
        sa.Column("fast_track", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("channel_id", "external_id", name="uq_messages_channel_external"),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="ck_messages_rating"),
    )
    op.execute(sa.schema.CreateSequence(sa.Sequence("events_id_seq")))
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger, primary_key=True, server_default=sa.text("nextval('events_id_seq')")),
        sa.Column("message_id", sa.BigInteger, nullable=False),
        sa.Column("event_at", TS, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_table(
        "work_calendar",
        sa.Column("day_num", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("local_date", sa.Date, nullable=False),
        sa.Column("is_working", sa.Boolean, nullable=False),
        sa.Column("work_index", sa.Integer, nullable=False),
    )
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        for name, table, columns in INDEXES:
            op.create_index(name, table, columns)


def downgrade() -> None:
    for table in ("store_meta", "work_calendar", "events", "messages", "executors", "channels", "topics",
                  "sectors", "districts"):
        op.drop_table(table)
    op.execute(sa.schema.DropSequence(sa.Sequence("events_id_seq")))
    op.execute(sa.schema.DropSequence(sa.Sequence("messages_id_seq")))
