"""The import audit: who loaded which file, when, and what came of it — one row per import, page or CLI.

The row is written in its own short transaction after the import's transaction ended (committed or rolled
back), so a failed import is recorded too. A failure to write the row is logged, never hides the import's
own result or error.
"""
from __future__ import annotations

import getpass
import hashlib
import logging
from dataclasses import asdict, dataclass
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from data_access.store.schema import import_audit

log = logging.getLogger(__name__)

RESULTS = {"ok": "загружен", "checked": "проверен (без записи)", "failed": "ошибка"}
VIA = {"page": "страница", "cli": "командная строка"}


@dataclass(frozen=True)
class AuditEntry:
    started_at: datetime
    user_name: str
    via: str                 # page | cli
    file_name: str
    file_size: int           # bytes
    sha256: str
    source: str              # the source profile's key
    dry_run: bool
    seconds: float
    result: str              # ok | checked | failed
    rows_read: int | None = None
    added: int | None = None
    updated: int | None = None
    rejected: int | None = None
    message: str | None = None


def fingerprint(data: bytes) -> tuple[int, str]:
    """(size in bytes, SHA-256 hex) of a file's contents."""
    return len(data), hashlib.sha256(data).hexdigest()


def fingerprint_file(path) -> tuple[int, str]:
    """``fingerprint`` of a file on disk, read in blocks (a large file is not held twice)."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def cli_user() -> str:
    """Who runs the command line: «cli:<login>» (the login of the operating system)."""
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:
        return "cli:неизвестно"


def record(engine: sa.Engine, entry: AuditEntry) -> bool:
    """Write one audit row; False (and a log line) if the store did not take it."""
    values = asdict(entry)
    values["file_name"] = values["file_name"][:500]
    values["user_name"] = values["user_name"][:320]
    values["source"] = values["source"][:100]
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(import_audit).values(**values))
        return True
    except Exception:
        log.exception("import audit row for %s not written", entry.file_name)
        return False


def audit_log_stmt(limit: int) -> sa.Select:
    a = import_audit
    return (sa.select(a.c.id, a.c.started_at, a.c.user_name, a.c.via, a.c.file_name, a.c.file_size, a.c.sha256,
                      a.c.source, a.c.dry_run, a.c.rows_read, a.c.added, a.c.updated, a.c.rejected, a.c.seconds,
                      a.c.result, a.c.message)
            .order_by(a.c.started_at.desc(), a.c.id.desc()).limit(limit))


def audit_log(engine: sa.Engine, limit: int = 500) -> pd.DataFrame:
    """The newest ``limit`` audit rows, newest first (columns as in the table; started_at as UTC instants)."""
    with engine.connect() as conn:
        result = conn.execute(audit_log_stmt(limit))
        return pd.DataFrame(result.all(), columns=list(result.keys()))
