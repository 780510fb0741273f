"""The import audit: one row per import of a file (page or command line), successful or not.

Revision ID: 0002_import_audit
Revises: 0001
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_import_audit"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.execute(sa.schema.CreateSequence(sa.Sequence("import_audit_id_seq")))
    op.create_table(
        "import_audit",
        sa.Column("id", sa.BigInteger, primary_key=True, server_default=sa.text("nextval('import_audit_id_seq')")),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("user_name", sa.String(320), nullable=False),
        sa.Column("via", sa.String(20), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("file_size", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("dry_run", sa.Boolean, nullable=False),
        sa.Column("rows_read", sa.Integer),
        sa.Column("added", sa.Integer),
        sa.Column("updated", sa.Integer),
        sa.Column("rejected", sa.Integer),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("message", sa.Text),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_import_audit_started_at", "import_audit", ["started_at"])


def downgrade() -> None:
    op.drop_table("import_audit")
    op.execute(sa.schema.DropSequence(sa.Sequence("import_audit_id_seq")))
