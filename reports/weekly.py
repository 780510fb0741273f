"""The weekly note from the command line (for a schedule: cron, a systemd timer):

    python -m reports.weekly --week 2026-W48 [--sector БЛОК | --district РАЙОН] --out DIR [--url URL]

Writes DIR/записка_<неделя>_<охват>.docx and .pdf. Exit codes: 0 — both files; 3 — DOCX only (no LibreOffice
or it failed; the reason is printed); 2 — a wrong week, sector or district (Russian message); 1 — the store
cannot be opened.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from data_access.store import engine as eng
from data_access.metrics.filters import Filters
from data_access.store.opening import open_store
from reports.docx_writer import docx_bytes
from reports.note import build_note
from reports.pdf import PdfUnavailable, docx_to_pdf
from reports.week import WeekError, last_full_week, parse_week

BAD_ARGS, NO_STORE, DOCX_ONLY = 2, 1, 3


class _Parser(argparse.ArgumentParser):
    """argparse in Russian where the user sees it: a wrong call gets one Russian line and exit code 2."""

    def error(self, message: str):
        self.exit(BAD_ARGS, f"Записка не создана: параметры команды заданы неверно ({message}). "
                            f"Справка: {self.prog} --help\n")


def _find(names: dict[int, str], wanted: str, what: str, codes: dict[int, str] | None = None) -> int:
    """The id whose name (or code) is ``wanted`` (case, «ё» and the word «район» not important)."""
    def fold(s: str) -> str:
        return " ".join(str(s).lower().replace("ё", "е").replace(" район", "").split())
    for key, name in names.items():
        if fold(name) == fold(wanted) or (codes and fold(codes.get(key, "")) == fold(wanted)):
            return key
    known = "; ".join(sorted(names.values()))
    raise WeekError(f"{what} «{wanted}» нет в хранилище. Есть: {known}.")


def main(argv: list[str] | None = None) -> int:
    ap = _Parser(prog="python -m reports.weekly", description="Еженедельная аналитическая записка в DOCX и PDF.")
    ap.add_argument("--week", default=None, help="неделя ISO: 2026-W48 (по умолчанию — последняя полная неделя)")
    ap.add_argument("--sector", default=None, help="отраслевой блок (название или код из профиля)")
    ap.add_argument("--district", default=None, help="район (название); вместе с --sector нельзя")
    ap.add_argument("--out", required=True, help="папка для файлов записки")
    ap.add_argument("--url", default=None, help="адрес хранилища (по умолчанию MCU_DATABASE_URL или data/mcu.duckdb)")
    ap.add_argument("--no-pdf", action="store_true", help="только DOCX")
    args = ap.parse_args(argv)
    if args.sector and args.district:
        print("Записка не создана: охват — весь город, один блок (--sector) или один район (--district), не оба сразу.",
              file=sys.stderr)
        return BAD_ARGS
    try:
        store = open_store(args.url or eng.resolve_url(), create_demo_if_missing=False)
    except eng.StoreUnavailable as exc:
        print(f"Записка не создана: {exc}", file=sys.stderr)
        return NO_STORE
    try:
        as_of = datetime.now(store.profile.tz).replace(second=0, microsecond=0)
        week = parse_week(args.week) if args.week else last_full_week(as_of.date())
        if week.monday > as_of.date():
            raise WeekError(f"Неделя {week.code} ещё не началась (сегодня {as_of:%d.%m.%Y}): записку можно составить "
                            "за прошедшую или идущую неделю.")
        from data_access.store.reference import read_reference
        ref = read_reference(store.engine)
        base = Filters(week.monday, week.sunday, tz=store.profile.timezone)
        if args.sector:
            codes = dict(zip(ref.sectors["id"], ref.sectors["code"]))
            base = base.with_(sectors=(_find(ref.names("sectors"), args.sector, "Отраслевого блока", codes),))
        if args.district:
            base = base.with_(districts=(_find(ref.names("districts"), args.district, "Района"),))
        out = Path(args.out)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WeekError(f"папку «{out}» нельзя создать ({exc.strerror}): укажите в --out другую папку.") from exc
        note = build_note(store.engine, store.profile, ref, week, base, as_of)
        if week.sunday >= as_of.date():
            print(f"Неделя {week.code} ещё идёт: состояния (просрочено) — на момент составления.", file=sys.stderr)
        docx = docx_bytes(note)
        try:
            (out / f"{note.file_stem}.docx").write_bytes(docx)
        except OSError as exc:
            raise WeekError(f"в папку «{out}» нельзя записать файл ({exc.strerror}).") from exc
        print(f"DOCX: {out / (note.file_stem + '.docx')}")
        if note.empty:
            print(f"За неделю {week.code} данных нет: записка говорит об этом.", file=sys.stderr)
        if args.no_pdf:
            return 0
        try:
            (out / f"{note.file_stem}.pdf").write_bytes(docx_to_pdf(docx))
        except (PdfUnavailable, OSError) as exc:
            print(str(exc), file=sys.stderr)
            return DOCX_ONLY
        print(f"PDF: {out / (note.file_stem + '.pdf')}")
        return 0
    except WeekError as exc:
        print(f"Записка не создана: {exc}", file=sys.stderr)
        return BAD_ARGS
    finally:
        store.engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
