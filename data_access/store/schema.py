"""The store schema (SQLAlchemy Core). Alembic migrations in ``migrations/`` create and upgrade it.

All instants are stored timezone-aware (TIMESTAMP WITH TIME ZONE). Durations and local days are
computed in SQL by ``data_access.store.dialect``.
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

TS = sa.DateTime(timezone=True)

districts = sa.Table(
    "districts", metadata,
    sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("population", sa.Integer, nullable=False),
    sa.Column("area_km2", sa.Float),
)

sectors = sa.Table(
    "sectors", metadata,
    sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("code", sa.String(40), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
)

topics = sa.Table(
    "topics", metadata,
    sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("sector_id", sa.SmallInteger, sa.ForeignKey("sectors.id"), nullable=False),
    sa.UniqueConstraint("sector_id", "name", name="uq_topics_sector_name"),
)

channels = sa.Table(
    "channels", metadata,
    sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("code", sa.String(40), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("unit", sa.String(20), nullable=False),  # work_days | calendar_days | work_hours | hours
    sa.Column("term", sa.Integer, nullable=False),
    sa.Column("extension_max", sa.Integer, nullable=False, server_default="0"),
)

executors = sa.Table(
    "executors", metadata,
    sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(300), nullable=False, unique=True),
    sa.Column("sector_id", sa.SmallInteger, sa.ForeignKey("sectors.id")),
    sa.Column("district_id", sa.SmallInteger, sa.ForeignKey("districts.id")),
)

messages_id_seq = sa.Sequence("messages_id_seq")

# Reference columns of messages carry no FOREIGN KEY: DuckDB checks them row by row on bulk loads and
# forbids updating referenced rows; the loaders resolve every reference against the tables instead.
messages = sa.Table(
    "messages", metadata,
    sa.Column("id", sa.BigInteger, messages_id_seq, primary_key=True, server_default=messages_id_seq.next_value()),
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
    sa.Column("h3_cell", sa.BigInteger),  # H3 cell at resolution 9 as a 64-bit integer; parents in SQL
    sa.Column("address", sa.String(300)),
    sa.Column("text", sa.Text),
    sa.Column("answer_text", sa.Text),
    sa.Column("rating", sa.SmallInteger),
    sa.Column("reopened_count", sa.SmallInteger, nullable=False, server_default="0"),
    sa.Column("fast_track", sa.Boolean, nullable=False, server_default=sa.false()),
    # Masked copies (data_access.ingest.masker, at load time): what users without access to personal data read and search.
    sa.Column("text_masked", sa.Text),
    sa.Column("answer_masked", sa.Text),
    sa.Column("address_masked", sa.Text),
    # Derived from the row's timestamps at every load (data_access.store.derived): local days of the answer and of
    # «от регистрации», the answer's lateness in seconds — read by Сроки and the list's lateness sort.
    sa.Column("answered_day", sa.Integer),
    sa.Column("registered_day", sa.Integer),
    sa.Column("answer_late_s", sa.Double),
    sa.UniqueConstraint("channel_id", "external_id", name="uq_messages_channel_external"),
    sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="ck_messages_rating"),
)

# The part of an item's history its own row tells: (timestamp column, status, note). ``events`` holds the
# rest (see data_access.queries.items.timeline).
TIMESTAMP_EVENTS = (("received_at", "new", "Поступило"), ("registered_at", "registered", "Зарегистрировано"),
                    ("answered_at", "answered", "Ответ дан"), ("resolved_at", "resolved", "Проблема решена"))
events_id_seq = sa.Sequence("events_id_seq")

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.BigInteger, events_id_seq, primary_key=True, server_default=events_id_seq.next_value()),
    sa.Column("message_id", sa.BigInteger, nullable=False),
    sa.Column("event_at", TS, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("note", sa.Text),
)

work_calendar = sa.Table(
    "work_calendar", metadata,
    sa.Column("day_num", sa.Integer, primary_key=True, autoincrement=False),  # days since 1970-01-01 (local)
    sa.Column("local_date", sa.Date, nullable=False),
    sa.Column("is_working", sa.Boolean, nullable=False),
    sa.Column("work_index", sa.Integer, nullable=False),  # running count of working days
)

store_meta = sa.Table(
    "store_meta", metadata,
    sa.Column("key", sa.String(60), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

import_audit_id_seq = sa.Sequence("import_audit_id_seq")

# Who loaded which file and what came of it (data_access.ingest.audit); written by every import.
import_audit = sa.Table(
    "import_audit", metadata,
    sa.Column("id", sa.BigInteger, import_audit_id_seq, primary_key=True,
              server_default=import_audit_id_seq.next_value()),
    sa.Column("started_at", TS, nullable=False),
    sa.Column("user_name", sa.String(320), nullable=False),   # e-mail of the signed-in user, or «cli:<login>»
    sa.Column("via", sa.String(20), nullable=False),          # page | cli
    sa.Column("file_name", sa.String(500), nullable=False),
    sa.Column("file_size", sa.BigInteger, nullable=False),    # bytes
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("source", sa.String(100), nullable=False),      # the source profile's key
    sa.Column("dry_run", sa.Boolean, nullable=False),
    sa.Column("rows_read", sa.Integer),
    sa.Column("added", sa.Integer),
    sa.Column("updated", sa.Integer),
    sa.Column("rejected", sa.Integer),
    sa.Column("seconds", sa.Float, nullable=False),
    sa.Column("result", sa.String(20), nullable=False),      # ok | checked | failed
    sa.Column("message", sa.Text),                            # the Russian error of a failed import
)

# Indexes for the filters (PostgreSQL only) are created by the migrations: migrations/versions/.
