"""The importer: exports of the source systems (XLSX, CSV) into the store, all or nothing.

    python -m data_access.importer FILE --profile NAME [--url URL] [--dry-run]

``--profile`` names a source profile (``profiles/<municipality>/sources/NAME.yaml``); the municipality is
the store's own (``store_meta.profile``). One file is one transaction: reference rows, items, events and
the new data version are committed together or not at all. Re-importing a file (or a newer export of the
same items) adds nothing twice: items are matched by (channel, external id) and updated where changed.
The reject report (row, column, value, reason) is written next to the file by the CLI.
"""
from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, UTC
from pathlib import Path

import sqlalchemy as sa

from data_access import engine as eng
from data_access import schema as s
from data_access.dialect import lock_for_import
from data_access.import_audit import AuditEntry, cli_user, fingerprint, record
from data_access.import_map import read_state
from data_access.import_profile import SourceProfile, load_source
from data_access.import_read import read_table
from data_access.import_report import ImportFailed, ImportSummary, report_csv
from data_access.import_rows import find_columns, prepare
from data_access.import_write import write_rows
from data_access.profile import Profile, ProfileError, load_profile
from data_access.reference import read_meta, write_calendar, write_meta, write_reference
from data_access.workcalendar import EPOCH, WorkCalendar

log = logging.getLogger(__name__)

# Threads of one process (sessions of the app) take turns: a DuckDB file has one writer.
_WRITE_LOCK = threading.Lock()
CALENDAR_BEFORE, CALENDAR_AFTER = timedelta(days=60), timedelta(days=400)
EXIT_FAILED, EXIT_BUSY = 1, 3


class StoreBusy(ImportFailed):
    """The DuckDB file is held by another process (the running app)."""


def import_bytes(engine: sa.Engine, data: bytes, file_name: str, source: str | SourceProfile, *,
                 dry_run: bool = False, now: datetime | None = None, who: str = "неизвестно",
                 via: str = "page") -> ImportSummary:
    """Import one file's bytes with a source profile (key or object). Returns the summary with its report.

    Raises ``ImportFailed`` (Russian message) when the file as a whole cannot be imported: nothing is
    written then. ``dry_run`` does everything, then rolls back. Every call, whatever its outcome, writes a
    row of the import audit (``data_access.import_audit``): ``who`` (the signed-in user's e-mail, or
    ``import_audit.cli_user()``), ``via`` (page | cli), the file's size and SHA-256, the counts, the time.
    """
    started_at, started = datetime.now(UTC), time.perf_counter()
    size, digest = fingerprint(data)
    key = source if isinstance(source, str) else source.key

    def audit(result: str, summary: ImportSummary | None = None, message: str | None = None) -> None:
        record(engine, AuditEntry(
            started_at, who, via, file_name, size, digest, key, dry_run, time.perf_counter() - started, result,
            *((summary.rows, summary.added, summary.updated, summary.rejected) if summary else ()),
            message=message))

    try:
        summary = _import_bytes(engine, data, file_name, source, dry_run=dry_run, now=now)
    except (ImportFailed, ProfileError) as exc:
        audit("failed", message=str(exc))
        raise
    except BaseException as exc:
        audit("failed", message=f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}")
        raise
    audit("checked" if dry_run else "ok", summary)
    return summary


def _import_bytes(engine: sa.Engine, data: bytes, file_name: str, source: str | SourceProfile, *,
                  dry_run: bool = False, now: datetime | None = None) -> ImportSummary:
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    raw = read_table(data, file_name)
    with _WRITE_LOCK, engine.connect() as conn:
        trans = conn.begin()
        try:
            lock_for_import(conn)
            meta = read_meta(conn)
            profile = load_profile(meta.get("profile"))
            src = source if isinstance(source, SourceProfile) else load_source(profile, source)
            summary = ImportSummary(file_name, src.name, rows=len(raw.frame), dry_run=dry_run,
                                    encoding=raw.encoding, delimiter=raw.delimiter)
            if raw.frame.empty:
                find_columns(list(raw.frame.columns), src)  # a header without rows must still be the right one
                trans.rollback()
                summary.seconds = time.perf_counter() - started
                return summary
            if not _has_reference(conn):
                write_reference(conn, profile)
                write_meta(conn, {"profile": profile.key})
            prepared = prepare(conn, raw.frame, src, profile, read_state(conn, profile), summary)
            summary.report = prepared.problems.frame()
            note = f"Загрузка файла «{file_name}» (профиль «{src.name}»)"
            counts = write_rows(conn, prepared.stage, prepared.update_columns, note, now) if len(prepared.stage) \
                else {"new": 0, "changed": 0, "same": 0, "older": 0, "status_events": 0}
            summary.added, summary.updated = counts["new"], counts["changed"]
            summary.unchanged, summary.older = counts["same"], counts["older"]
            summary.status_events = counts["status_events"]
            summary.created = {dim: [name for _, name in rows] for dim, rows in prepared.created.items()}
            if len(prepared.stage):
                _ensure_calendar(conn, profile, prepared.stage["received_at"].min(), now)
            if summary.added or summary.updated or summary.created:
                write_meta(conn, {"data_version": uuid.uuid4().hex, "last_import_at": now.isoformat(),
                                  "last_import_file": file_name})
            summary.seconds = time.perf_counter() - started
            if dry_run:
                trans.rollback()
            else:
                trans.commit()
        except BaseException:
            if trans.is_active:
                trans.rollback()
            raise
    log.info("import %s (%s): %s", file_name, summary.source, "; ".join(summary.lines()[1:2]))
    return summary


def _has_reference(conn: sa.Connection) -> bool:
    return conn.execute(sa.select(s.channels.c.id).limit(1)).first() is not None


def _ensure_calendar(conn: sa.Connection, profile: Profile, first_received, now: datetime) -> None:
    """Make ``work_calendar`` cover the imported items (from 60 days before the first to 400 days after now)."""
    first = first_received.tz_convert(profile.tz).date() - CALENDAR_BEFORE
    last = now.astimezone(profile.tz).date() + CALENDAR_AFTER
    have = conn.execute(sa.select(sa.func.min(s.work_calendar.c.day_num), sa.func.max(s.work_calendar.c.day_num))).one()
    if have[0] is not None:
        lo, hi = EPOCH + timedelta(days=int(have[0])), EPOCH + timedelta(days=int(have[1]))
        if lo <= first and hi >= last:
            return
        first, last = min(first, lo), max(last, hi)
    write_calendar(conn, WorkCalendar.for_profile(profile), first, last)


def open_for_import(url: str) -> sa.Engine:
    """An engine on an existing, migrated store; Russian errors for a missing, busy or empty store."""
    path = eng.duckdb_path(url) if eng.is_duckdb(url) else None
    if eng.is_duckdb(url) and path is not None and not path.exists():
        raise ImportFailed(f"Хранилище {path} не найдено. Создайте его: запустите приложение (создаст демо-хранилище) "
                           f"или выполните «alembic upgrade head» с MCU_DATABASE_URL={eng.safe_url(url)}.")
    engine = eng.make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        if path is not None and "lock" in str(exc).lower():
            raise StoreBusy(
                f"Хранилище {path} сейчас открыто другим процессом — скорее всего, запущенным приложением: "
                f"файл DuckDB допускает только одного писателя. Загрузите файл на странице «Загрузка данных» "
                f"(раздел «Администрирование», роль admin) или остановите приложение и повторите команду. "
                f"Хранилище не изменено.") from exc
        raise ImportFailed(f"Хранилище {eng.safe_url(url)} недоступно: {str(exc).splitlines()[0]}") from exc
    if eng.store_revision(engine) is None:
        engine.dispose()
        raise ImportFailed(f"В хранилище {eng.safe_url(url)} нет схемы: выполните «alembic upgrade head».")
    return engine


def report_path(file: Path) -> Path:
    return file.with_name(f"{file.stem}_отчёт_загрузки.csv")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_access.importer",
                                     description="Загрузить выгрузку источника (XLSX или CSV) в хранилище МЦУ.")
    parser.add_argument("file", type=Path, help="файл XLSX или CSV (UTF-8 или Windows-1251, разделитель «;» или «,»)")
    parser.add_argument("--profile", required=True, help="профиль источника: файл sources/NAME.yaml профиля муниципалитета")
    parser.add_argument("--url", default=None, help="адрес хранилища (по умолчанию MCU_DATABASE_URL или data/mcu.duckdb)")
    parser.add_argument("--dry-run", action="store_true", help="проверить файл и показать итог, ничего не записывая")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    url = args.url or eng.resolve_url()
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"Ошибка: файл {args.file} не прочитан: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    try:
        engine = open_for_import(url)
        try:
            summary = import_bytes(engine, data, args.file.name, args.profile, dry_run=args.dry_run,
                                   who=cli_user(), via="cli")
        finally:
            engine.dispose()
    except StoreBusy as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except (ImportFailed, ProfileError) as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return EXIT_FAILED
    report = report_path(args.file)
    report.write_bytes(report_csv(summary.report))
    for line in summary.lines():
        print(line)
    print(f"Отчёт о строках с замечаниями ({len(summary.report)}): {report}")
    print(f"Время: {summary.seconds:.1f} с")
    return 0


if __name__ == "__main__":
    sys.exit(main())
