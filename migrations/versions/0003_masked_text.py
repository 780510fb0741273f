"""Masked copies of citizens' texts: text_masked, answer_masked, address_masked, with a backfill.

Users who may not see personal data (152-ФЗ) read and search these columns; the masking runs once, here and
at every load (``data_access.ingest.masker``), never at a render.

Revision ID: 0003_masked_text
Revises: 0002_import_audit
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_masked_text"
down_revision = "0002_import_audit"
branch_labels = None
depends_on = None

COLUMNS = ("text_masked", "answer_masked", "address_masked")
BATCH = 20_000


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("messages", sa.Column(name, sa.Text))
    backfill(op.get_bind())


def backfill(conn: sa.Connection, batch: int = BATCH) -> int:
    """Mask the texts of every stored item, in id order, ``batch`` rows at a time; returns the rows done."""
    import pandas as pd

    from data_access.store.bulk import bulk_insert
    from data_access.ingest.masker import MASKED_COLUMNS, masked_copies

    m = sa.table("messages", sa.column("id"), *[sa.column(c) for c in (*MASKED_COLUMNS, *MASKED_COLUMNS.values())])
    stage = sa.Table("masked_stage", sa.MetaData(), sa.Column("id", sa.BigInteger),
                     *[sa.Column(c, sa.Text) for c in MASKED_COLUMNS.values()], prefixes=["TEMPORARY"])
    stage.create(conn)
    done, last = 0, None
    while True:
        query = sa.select(m.c.id, *[m.c[c] for c in MASKED_COLUMNS]).order_by(m.c.id).limit(batch)
        if last is not None:
            query = query.where(m.c.id > last)
        rows = pd.DataFrame(conn.execute(query).all(), columns=["id", *MASKED_COLUMNS])
        if rows.empty:
            break
        last = int(rows["id"].iloc[-1])
        masked = masked_copies(rows)[["id", *MASKED_COLUMNS.values()]]
        conn.execute(stage.delete())
        bulk_insert(conn, "masked_stage", masked.astype({c: object for c in MASKED_COLUMNS.values()}))
        conn.execute(sa.update(m).values({c: stage.c[c] for c in MASKED_COLUMNS.values()})
                     .where(m.c.id == stage.c.id))
        done += len(rows)
    stage.drop(conn)
    return done


def downgrade() -> None:
    for name in COLUMNS:
        op.drop_column("messages", name)
