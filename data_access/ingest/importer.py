"""The importer: exports of the source systems (XLSX, CSV) into the store, all or nothing.

    python -m data_access.ingest.importer FILE --profile NAME [--url URL] [--dry-run]

``--profile`` names a source profile (``profiles/<municipality>/sources/NAME.yaml``); the municipality is
the store's own (``store_meta.profile``). One file is one transaction: reference rows, items, events and
the new data version are committed together or not at all. Re-importing a file (or a newer export of the
same items) adds nothing twice: items are matched by (channel, external id) and updated where changed.
The reject report is written next to the file by the CLI: by reason, and every row (row, column, value, reason).
A row that cannot prove it is newer than the stored item never reverts its status or erases a date
(``import_merge``). Large files are parsed and staged in chunks (``CHUNK_ROWS``). The command exits with 1 when
no row was accepted (the store is then unchanged), 3 when the DuckDB file is held by the running app.
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

import pandas as pd
import sqlalchemy as sa

from data_access.store import engine as eng
from data_access.store import schema as s
from data_access.store.dialect import import_memory, lock_for_import
from data_access.ingest.audit import AuditEntry, cli_user, fingerprint, fingerprint_file, record
from data_access.ingest.mapping import read_state
from data_access.ingest.source_profile import SourceProfile, load_source
from data_access.ingest.read import read_table
from data_access.ingest.source_profile import FIELD_NAMES
from data_access.ingest.report import REJECTED, REPORT_COLUMNS, ImportFailed, ImportSummary, aggregate, report_csv
from data_access.ingest.rows import find_columns, prepare
from data_access.ingest.write import create_stage, merge_stage, stage_rows, staged_duplicates
from data_access.domain.profile import Profile, ProfileError, load_profile
from data_access.store.vocabulary import STATUSES
from data_access.store.reference import read_meta, write_calendar, write_meta, write_reference
from data_access.domain.workcalendar import EPOCH, WorkCalendar

log = logging.getLogger(__name__)

# Threads of one process (sessions of the app) take turns: a DuckDB file has one writer.
_WRITE_LOCK = threading.Lock()
CALENDAR_BEFORE, CALENDAR_AFTER = timedelta(days=60), timedelta(days=400)
EXIT_FAILED, EXIT_BUSY = 1, 3
CHUNK_ROWS = 50_000  # rows parsed at a time: a smaller chunk, a smaller peak (a million-row file: docs/benchmarks.md)


class StoreBusy(ImportFailed):
    """The DuckDB file is held by another process (the running app)."""


def import_bytes(engine: sa.Engine, data: bytes, file_name: str, source: str | SourceProfile, *,
                 dry_run: bool = False, now: datetime | None = None, who: str = "неизвестно",
                 via: str = "page") -> ImportSummary:
    """Import one file's bytes with a source profile (key or object). Returns the summary with its report.

    Raises ``ImportFailed`` (Russian message) when the file as a whole cannot be imported: nothing is
    written then. ``dry_run`` does everything, then rolls back. Every call, whatever its outcome, writes a
    row of the import audit (``data_access.ingest.audit``): ``who`` (the signed-in user's e-mail, or
    ``import_audit.cli_user()``), ``via`` (page | cli), the file's size and SHA-256, the counts, the time.
    """
    return _audited(engine, lambda: read_table(data, file_name), fingerprint(data), file_name, source,
                    dry_run=dry_run, now=now, who=who, via=via)


def import_file(engine: sa.Engine, path: Path, source: str | SourceProfile, *, dry_run: bool = False,
                now: datetime | None = None, who: str = "неизвестно", via: str = "cli") -> ImportSummary:
    """``import_bytes`` of a file on disk, whose bytes live only while it is read: a million-row CSV's
    200 MB are let go before its rows are parsed and staged (the command line and the benchmark use it)."""
    path = Path(path)
    return _audited(engine, lambda: read_table(path.read_bytes(), path.name), fingerprint_file(path), path.name,
                    source, dry_run=dry_run, now=now, who=who, via=via)


def _audited(engine: sa.Engine, read, size_digest: tuple[int, str], file_name: str, source: str | SourceProfile, *,
             dry_run: bool, now: datetime | None, who: str, via: str) -> ImportSummary:
    started_at, started = datetime.now(UTC), time.perf_counter()
    size, digest = size_digest
    key = source if isinstance(source, str) else source.key

    def audit(result: str, summary: ImportSummary | None = None, message: str | None = None) -> None:
        record(engine, AuditEntry(
            started_at, who, via, file_name, size, digest, key, dry_run, time.perf_counter() - started, result,
            *((summary.rows, summary.added, summary.updated, summary.rejected) if summary else ()),
            message=message))

    try:
        summary = _import_bytes(engine, read, file_name, source, dry_run=dry_run, now=now)
    except (ImportFailed, ProfileError) as exc:
        audit("failed", message=str(exc))
        raise
    except BaseException as exc:
        audit("failed", message=f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}")
        raise
    audit("checked" if dry_run else "ok", summary)
    return summary


def _import_bytes(engine: sa.Engine, read, file_name: str, source: str | SourceProfile, *,
                  dry_run: bool = False, now: datetime | None = None) -> ImportSummary:
    """The import itself; ``read()`` gives the file's ``RawTable``."""
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    raw = read()
    with _WRITE_LOCK, engine.connect() as conn, import_memory(conn):
        trans = conn.begin()
        try:
            lock_for_import(conn)
            meta = read_meta(conn)
            profile = load_profile(meta.get("profile"))
            src = source if isinstance(source, SourceProfile) else load_source(profile, source)
            summary = ImportSummary(file_name, src.name, rows=len(raw) + len(raw.skipped), dry_run=dry_run,
                                    encoding=raw.encoding, delimiter=raw.delimiter,
                                    removed_controls=raw.removed_controls)
            if raw.skipped:
                line, _, reason = raw.skipped[0]
                summary.ragged = (f"строк с неверным числом полей: {len(raw.skipped)} (первая: "
                                  f"{reason.split(':')[0]}) — не загружены")
            find_columns(raw.columns, src)  # the right header (also of a file without rows), before anything else
            if not len(raw):
                summary.rejected = len(raw.skipped)
                summary.report = pd.DataFrame(list(raw.skipped), columns=["Строка", "Значение", "Причина"]).assign(
                    Столбец="", **{"Что сделано": REJECTED})[REPORT_COLUMNS]
                trans.rollback()
                summary.seconds = time.perf_counter() - started
                return summary
            if not _has_reference(conn):
                write_reference(conn, profile)
                write_meta(conn, {"profile": profile.key})
            state = read_state(conn, profile)
            reports, supplied, first_received = [], set(), None
            create_stage(conn)
            for start, chunk in raw.chunks(CHUNK_ROWS):  # a million rows are parsed a chunk at a time
                prepared = prepare(conn, raw, src, profile, state, summary, now=now, chunk=chunk, start=start)
                del chunk
                reports.append(prepared.problems.frame())
                stage_rows(conn, prepared.stage)
                supplied.update(prepared.update_columns)
                if len(prepared.stage):
                    low = prepared.stage["received_at"].min()
                    first_received = low if first_received is None or low < first_received else first_received
                del prepared
            reports.append(_duplicates_report(staged_duplicates(conn), raw, summary))
            note = f"Загрузка файла «{file_name}» (профиль «{src.name}»)"
            counts = merge_stage(conn, tuple(sorted(supplied)), note, now, profile.utc_offset_seconds())
            summary.added, summary.updated = counts["new"], counts["changed"]
            summary.unchanged, summary.older = counts["same"], counts["older"]
            summary.status_events = counts["status_events"]
            reports.append(_conflicts_report(counts["conflicts"], profile, summary))
            summary.report = _concat_reports(reports)
            summary.unknown = {dim: dict(sorted(c.items(), key=lambda kv: -kv[1])) for dim, c in summary.unknown.items()}
            summary.created = {dim: [name for _, name in rows] for dim, rows in state.created.items()}
            if first_received is not None:
                _ensure_calendar(conn, profile, first_received, now)
            if summary.added or summary.updated or summary.created:
                write_meta(conn, {"data_version": uuid.uuid4().hex, "last_import_at": now.isoformat(),
                                  "last_import_file": file_name})
            summary.seconds = time.perf_counter() - started
            if dry_run or not summary.accepted:  # a file with no accepted row leaves the store as it was
                trans.rollback()
            else:
                trans.commit()
        except BaseException:
            if trans.is_active:
                trans.rollback()
            raise
    log.info("import %s (%s): %s", file_name, summary.source, "; ".join(summary.lines()[1:2]))
    return summary


def _concat_reports(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    report = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return report.sort_values("Строка", kind="stable").reset_index(drop=True)


def _duplicates_report(found: pd.DataFrame, raw, summary: ImportSummary) -> pd.DataFrame:
    """Rows repeated across chunks of a large file, removed from the stage (``import_write.staged_duplicates``)."""
    summary.rejected += len(found)
    return pd.DataFrame({"Строка": found["row_no"].astype(int), "Столбец": "", "Значение": found["external_id"],
                         "Причина": "повтор номера в файле: загружена строка " + found["winner"].astype(str),
                         "Что сделано": REJECTED})[REPORT_COLUMNS]


def _conflicts_report(conflicts: pd.DataFrame | None, profile: Profile, summary: ImportSummary) -> pd.DataFrame:
    """The changes a row without proof of being newer would have made (``import_merge``), for the report."""
    if conflicts is None or conflicts.empty:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    summary.conflicts = int(conflicts["row_no"].nunique())

    def shown(field: str, value) -> str:
        if value is None or pd.isna(value):
            return "пусто"
        if field == "status":
            return STATUSES.get(value, value)
        return pd.Timestamp(value).tz_convert(profile.tz).strftime("%d.%m.%Y %H:%M")

    entries = []
    for row_no, field, in_file, in_store in conflicts.itertuples(index=False):
        what = "статус не откачен" if field == "status" else "дата не стёрта" if pd.isna(in_file) else \
            "дата не перенесена на более раннюю"
        entries.append((int(row_no), FIELD_NAMES[field], f"в файле: {shown(field, in_file)}; в хранилище: "
                        f"{shown(field, in_store)}", f"конфликт: в файле нет более поздней «даты изменения», чем в "
                        f"хранилище, — {what}", "сохранено значение хранилища"))
    return pd.DataFrame(entries, columns=REPORT_COLUMNS)


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
    engine = eng.make_engine(url)  # a malformed address fails here (StoreUnavailable, in Russian)
    path = eng.duckdb_path(url) if eng.is_duckdb(url) else None
    if eng.is_duckdb(url) and path is not None and not path.exists():
        engine.dispose()
        raise ImportFailed(f"Хранилище {path} не найдено. Создайте его: запустите приложение (создаст демо-хранилище) "
                           f"или выполните «alembic upgrade head» с MCU_DATABASE_URL={eng.safe_url(url)}.")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except (sa.exc.DBAPIError, sa.exc.InvalidRequestError) as exc:
        engine.dispose()
        if path is not None and "lock" in str(exc).lower():
            raise StoreBusy(
                f"Хранилище {path} сейчас открыто другим процессом — скорее всего, запущенным приложением: "
                f"файл DuckDB допускает только одного писателя. Загрузите файл на странице «Загрузка данных» "
                f"(раздел «Администрирование», роль admin) или остановите приложение и повторите команду. "
                f"Хранилище не изменено.") from exc
        if path is not None:
            raise ImportFailed(eng.DAMAGED_DUCKDB.format(path=path)) from exc
        raise ImportFailed(f"Хранилище {eng.safe_url(url)} недоступно: {str(exc).splitlines()[0]}") from exc
    problem = eng.revision_problem(eng.store_revision(engine), url)
    if problem:
        engine.dispose()
        raise ImportFailed(problem)
    return engine


def report_path(file: Path) -> Path:
    """The aggregated report (one line per reason) next to the file."""
    return file.with_name(f"{file.stem}_отчёт_загрузки.csv")


def full_report_path(file: Path) -> Path:
    """The full list of the rows with problems next to the file."""
    return file.with_name(f"{file.stem}_отчёт_загрузки_все_строки.csv")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_access.ingest.importer",
                                     description="Загрузить выгрузку источника (XLSX или CSV) в хранилище МЦУ.")
    parser.add_argument("file", type=Path, help="файл XLSX или CSV (кодировка и разделитель определяются сами)")
    parser.add_argument("--profile", required=True, help="профиль источника: файл sources/NAME.yaml профиля муниципалитета")
    parser.add_argument("--url", default=None, help="адрес хранилища (по умолчанию MCU_DATABASE_URL или data/mcu.duckdb)")
    parser.add_argument("--dry-run", action="store_true", help="проверить файл и показать итог, ничего не записывая")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    url = args.url or eng.resolve_url()
    try:
        with args.file.open("rb"):  # a missing or unreadable file is told before the store is opened
            pass
    except OSError as exc:
        print(f"Ошибка: файл {args.file} не прочитан: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    try:
        engine = open_for_import(url)
        try:
            summary = import_file(engine, args.file, args.profile, dry_run=args.dry_run, who=cli_user(), via="cli")
        finally:
            engine.dispose()
    except StoreBusy as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except (ImportFailed, ProfileError, eng.StoreUnavailable) as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except sa.exc.SQLAlchemyError as exc:
        log.debug("import failed", exc_info=True)
        print(f"Ошибка: хранилище не приняло файл, ничего не записано: {str(exc).splitlines()[0][:300]}",
              file=sys.stderr)
        return EXIT_FAILED
    report = report_path(args.file)
    full = full_report_path(args.file)
    report.write_bytes(report_csv(aggregate(summary.report)))
    full.write_bytes(report_csv(summary.report))
    for line in summary.lines():
        print(line)
    print(f"Отчёт о строках с замечаниями ({len(summary.report)}): по причинам — {report}; все строки — {full}")
    print(f"Время: {summary.seconds:.1f} с")
    if not summary.accepted:
        print("Ошибка: в файле нет ни одной принятой строки — хранилище не изменено. Причины — в отчёте.",
              file=sys.stderr)
        return EXIT_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main())
