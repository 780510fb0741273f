"""Bulk loading of DataFrames into the store: DuckDB's own scan of a DataFrame, PostgreSQL's COPY."""
from __future__ import annotations

import io

import pandas as pd
import sqlalchemy as sa

CHUNK_ROWS = 100_000


def bulk_insert(conn: sa.Connection, table: str, df: pd.DataFrame) -> None:
    """Append ``df`` (columns named as in the table) to ``table`` inside the caller's transaction."""
    if df.empty:
        return
    raw = conn.connection.driver_connection
    columns = ", ".join(df.columns)
    if conn.dialect.name == "duckdb":
        raw.register("bulk_frame", df)
        try:
            raw.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM bulk_frame")  # names are ours
        finally:
            raw.unregister("bulk_frame")
        return
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur:
            with cur.copy(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:
                for start in range(0, len(df), CHUNK_ROWS):
                    buf = io.StringIO()
                    df.iloc[start:start + CHUNK_ROWS].to_csv(buf, header=False, index=False)
                    copy.write(buf.getvalue())
        return
    conn.execute(sa.table(table, *[sa.column(c) for c in df.columns]).insert(),
                 df.astype(object).where(df.notna(), None).to_dict("records"))


def advance_sequence(conn: sa.Connection, sequence: str, last_value: int) -> None:
    """Make ``sequence`` continue after ``last_value`` (rows were loaded with explicit ids)."""
    if last_value <= 0:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT setval(:seq, :v)"), {"seq": sequence, "v": last_value})
    else:  # DuckDB has no setval: draw the values once
        conn.execute(sa.text(f"SELECT max(nextval('{sequence}')) FROM range(:n)"), {"n": last_value})
