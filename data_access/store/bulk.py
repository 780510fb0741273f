"""Bulk loading of DataFrames into the store: DuckDB's own scan of a DataFrame, PostgreSQL's COPY."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow as pa
import sqlalchemy as sa
from pyarrow import csv as pacsv

CHUNK_ROWS = 100_000


def bulk_insert(conn: sa.Connection, table: str, df: pd.DataFrame) -> None:
    """Append ``df`` (columns named as in the table) to ``table`` inside the caller's transaction."""
    if df.empty:
        return
    raw = conn.connection.driver_connection
    columns = ", ".join(df.columns)
    if conn.dialect.name == "duckdb":
        # DuckDB finds the frame by this local's name (its replacement scan). Not ``register``: a registered frame
        # stays referenced by the connection until the transaction ends, and with it every Arrow buffer of every
        # chunk staged in that transaction (a million-row import held its whole file's cells to the commit).
        bulk_frame = df  # noqa: F841 (read by DuckDB)
        raw.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM bulk_frame")  # names are ours
        return
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur:
            with cur.copy(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:
                for start in range(0, len(df), CHUNK_ROWS):
                    copy.write(csv_for_copy(df.iloc[start:start + CHUNK_ROWS]))
        return
    conn.execute(sa.table(table, *[sa.column(c) for c in df.columns]).insert(),
                 df.astype(object).where(df.notna(), None).to_dict("records"))


def _arrow_column(values: pd.Series) -> pa.Array:
    """Aware datetimes as ISO text in UTC (numpy formats them 20× faster than a CSV writer); the rest as is."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        stamps = values.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]")
        return pa.array(np.datetime_as_string(stamps, unit="us", timezone="UTC"), mask=np.isnat(stamps))
    return pa.Array.from_pandas(values)


def csv_for_copy(df: pd.DataFrame) -> bytes:
    """The rows as PostgreSQL's COPY … (FORMAT csv) reads them: NULL as an unquoted empty field, every
    string quoted (so an empty string stays one), timestamps with their «Z». Arrow's writer, not pandas'."""
    table = pa.table([_arrow_column(df[c]) for c in df.columns], names=list(df.columns))
    out = io.BytesIO()
    pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=False))
    return out.getvalue()


def advance_sequence(conn: sa.Connection, sequence: str, last_value: int) -> None:
    """Make ``sequence`` continue after ``last_value`` (rows were loaded with explicit ids)."""
    if last_value <= 0:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT setval(:seq, :v)"), {"seq": sequence, "v": last_value})
    else:  # DuckDB has no setval: draw the values once
        conn.execute(sa.text(f"SELECT max(nextval('{sequence}')) FROM range(:n)"), {"n": last_value})
