"""What keeps a million-row import under its memory figure: staged chunks are not held to the commit, and a file
imported from disk is read once (``import_file``) with the same result and audit row as its bytes."""
from __future__ import annotations

import hashlib

import pandas as pd
import pyarrow as pa
import sqlalchemy as sa

from data_access.store import schema as s
from data_access.store.bulk import bulk_insert
from data_access.ingest.audit import audit_log, fingerprint_file
from data_access.ingest.importer import import_bytes, import_file
from tests.test_import_store import csv_bytes, fresh, items, row  # noqa: F401 — fresh: the store fixture


def test_a_staged_chunk_is_not_held_by_the_open_transaction(tmp_path):
    """DuckDB must own what it staged: the chunk's Arrow cells are freed as soon as the chunk is dropped,
    although the transaction (one per import) is still open."""
    engine = sa.create_engine(f"duckdb:///{tmp_path / 'm.duckdb'}")
    cells = pa.array([f"текст обращения номер {i:08d} " * 4 for i in range(200_000)])  # ~25 MB of Arrow strings
    with engine.connect() as conn:
        trans = conn.begin()
        conn.execute(sa.text("CREATE TEMPORARY TABLE st (t VARCHAR)"))
        before = pa.total_allocated_bytes()
        frame = pd.DataFrame({"t": pd.arrays.ArrowStringArray(cells)})
        del cells
        bulk_insert(conn, "st", frame)
        del frame
        held = pa.total_allocated_bytes() - before
        assert conn.execute(sa.text("SELECT count(*), max(t) FROM st")).one() == \
            (200_000, "текст обращения номер 00199999 " * 4)
        trans.rollback()
    engine.dispose()
    assert held < -20_000_000  # the chunk's buffers are gone (they were allocated before ``before``)


def test_fingerprint_file_is_the_fingerprint_of_its_bytes(tmp_path):
    data = bytes(range(256)) * 9_000 + b"tail"  # more than two read blocks, not a multiple of one
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert fingerprint_file(path) == (len(data), hashlib.sha256(data).hexdigest())
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert fingerprint_file(empty) == (0, hashlib.sha256(b"").hexdigest())


def test_import_file_loads_and_audits_as_its_bytes(fresh, tmp_path):  # noqa: F811
    data = csv_bytes([row("F-1"), row("F-2", received="вчера"), row("F-3", text="Нет света")], encoding="cp1251")
    path = tmp_path / "выгрузка.csv"
    path.write_bytes(data)
    summary = import_file(fresh, path, "generic", who="admin@mcu.test")
    assert (summary.rows, summary.added, summary.rejected, summary.encoding) == (3, 2, 1, "Windows-1251")
    got = items(fresh).sort_values("external_id")
    assert list(got["external_id"]) == ["F-1", "F-3"]
    log = audit_log(fresh).iloc[0]
    assert (log.file_name, log.via, log.result, log.file_size, log.sha256) == \
        ("выгрузка.csv", "cli", "ok", len(data), hashlib.sha256(data).hexdigest())
    again = import_bytes(fresh, data, "выгрузка.csv", "generic")  # the same file as bytes: nothing new
    assert (again.added, again.unchanged, again.rejected) == (0, 2, 1)
    with fresh.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(s.messages)).scalar() == 2
