"""Import speed: a 100k-row ПОС-like CSV (Windows-1251, «;», 3 date columns, coordinates) into a fresh store.

    python -m benchmarks.import_speed [--rows 100000] [--runs 5] [--json PATH] [--scratch-url URL] [--isolated]
    python -m benchmarks.import_speed --rows 1000000 --runs 1 --isolated     # the million-row check

Three imports per run, each timed on its own (``import_bytes``: reading the bytes, parsing, mapping,
places, deadlines, writing and the commit):

- ``first``: the file into a new store (every row added) — the importer's target is ≥ 50 000 rows/s on DuckDB;
- ``same``: the same file again (every row unchanged);
- ``newer``: a newer export of the same items, a fifth of them with a new status (updated, with events).

``--isolated`` runs every import in a process of its own, as the command line does (``import_file``: the file's
bytes live only while it is read),
and reports its CPU time (all threads: on a shared machine the wall time says more about the neighbours) and
that process's peak memory (VmHWM: interpreter, file bytes, parsing and DuckDB together) — the
figure the «1 GB for a million rows» target is about. Without it, all imports share this process.

Each run starts with a new store and a 20-row warm-up (modules, boundaries and the calendar load once per
process, as in the running app); the median of the runs is reported. DuckDB by default (a temporary file);
``--scratch-url`` runs the same on a PostgreSQL database that is EMPTIED before each run — give it a
database of its own.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data_access.store import engine as eng
from data_access.ingest.importer import import_bytes, import_file

SCENARIOS = ("first", "same", "newer")


def pos_export(n: int, changed_share: float = 0.0) -> bytes:
    """A ПОС-like export of ``n`` items; ``changed_share`` of them answered (a newer export of the same items)."""
    rng = np.random.default_rng(3)
    recv = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 300 * 86_400, n), unit="s")
    fmt = "%d.%m.%Y %H:%M"
    status = rng.choice(["В работе", "Ответ направлен", "Решено", "Зарегистрировано"], n)
    answered = np.where(rng.random(n) < 0.7, (recv + pd.Timedelta(days=5)).strftime(fmt), "")
    if changed_share:  # its own generator: every other cell stays as in the first export
        moved = (np.random.default_rng(4).random(n) < changed_share / 0.25) & (status == "В работе")
        status = np.where(moved, "Ответ направлен", status)
        answered = np.where(moved, (recv + pd.Timedelta(days=6)).strftime(fmt), answered)
    frame = pd.DataFrame({
        "Номер сообщения": [f"ПОС-{i:07d}" for i in range(n)], "Тип": rng.choice(["Сообщение", "Обращение"], n),
        "Дата создания": recv.strftime(fmt), "Дата регистрации": (recv + pd.Timedelta(hours=2)).strftime(fmt),
        "Дата ответа": answered, "Статус": status,
        "Категория": rng.choice(["ЖКХ", "Дороги"], n),
        "Подкатегория": rng.choice(["Нет отопления", "Ямы и выбоины на дороге", "Вывоз ТКО"], n),
        "Ответственный": rng.choice(["ДЖКХ", "ДДИТ", "Администрация Советского района"], n),
        "Адрес": "ул. Ленина, д. " + pd.Series(rng.integers(1, 200, n)).astype(str),
        "Широта": np.round(55.98 + rng.random(n) * 0.1, 6).astype(str),
        "Долгота": np.round(92.8 + rng.random(n) * 0.2, 6).astype(str),
        "Текст сообщения": "Текст обращения гражданина номер " + pd.Series(range(n)).astype(str),
        "Оценка": rng.choice(["", "5", "4", "1"], n)})
    return frame.to_csv(sep=";", index=False).encode("cp1251")


def _empty_postgres(url: str) -> None:
    engine = eng.make_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def _timed(engine, data: bytes, name: str) -> tuple[float, object]:
    started = time.perf_counter()
    summary = import_bytes(engine, data, name, "pos")
    return time.perf_counter() - started, summary


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM), MB."""
    with open("/proc/self/status", encoding="ascii") as f:
        line = next(x for x in f if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def _child(path: str, url: str) -> int:
    """One import of ``path`` in this process; prints seconds, counts and peak memory as JSON."""
    engine = eng.make_engine(url)
    started, cpu = time.perf_counter(), time.process_time()
    s = import_file(engine, Path(path), "pos")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "added": s.added, "unchanged": s.unchanged, "updated": s.updated,
                      "rejected": s.rejected, "peak_mb": _peak_mb(), "report_rows": len(s.report)}))
    return 0


def _isolated(path: Path, url: str):
    out = subprocess.run([sys.executable, "-m", "benchmarks.import_speed", "--child", str(path), url],
                         capture_output=True, text=True, check=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    summary = SimpleNamespace(added=got["added"], unchanged=got["unchanged"], updated=got["updated"],
                              rejected=got["rejected"])
    print(f"  {Path(path).name}: {got['seconds']:.1f} s, CPU {got['cpu_seconds']:.1f} s (all threads), "
          f"peak {got['peak_mb']:,.0f} MB, report {got['report_rows']:,} rows", flush=True)
    return got["seconds"], summary, got["peak_mb"]


def measure(rows: int, runs: int, scratch_url: str | None = None, isolated: bool = False
            ) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Rows per second of each run, by scenario; and (``isolated``) the peak memory of each import, MB."""
    data, newer = pos_export(rows), pos_export(rows, changed_share=0.2)
    warm = b"\n".join(data.split(b"\n")[:21]) + b"\n"
    rates: dict[str, list[float]] = {s: [] for s in SCENARIOS}
    peaks: dict[str, list[float]] = {s: [] for s in SCENARIOS}
    with tempfile.TemporaryDirectory() as tmp:
        files = {"pos.csv": Path(tmp) / "pos.csv", "pos_newer.csv": Path(tmp) / "pos_newer.csv"}
        if isolated:
            files["pos.csv"].write_bytes(data)
            files["pos_newer.csv"].write_bytes(newer)
            del data, newer
        for run in range(runs):
            if scratch_url:
                _empty_postgres(scratch_url)
            url = scratch_url or f"duckdb:///{Path(tmp) / f'speed_{run}.duckdb'}"
            engine = eng.make_engine(url)
            eng.upgrade_store(engine)
            import_bytes(engine, warm, "warm.csv", "pos")
            results = []
            for name in ("pos.csv", "pos.csv", "pos_newer.csv"):
                if isolated:
                    engine.dispose()  # a DuckDB file has one writer: the child process
                    results.append(_isolated(files[name], url))
                else:
                    results.append((*_timed(engine, data if name == "pos.csv" else newer, name), None))
            engine.dispose()
            (first, s1, p1), (same, s2, p2), (later, s3, p3) = results
            if s1.added + s1.unchanged != rows or s1.rejected or s2.unchanged != rows or not s3.updated:
                raise RuntimeError(f"unexpected import result: {s1} / {s2} / {s3}")
            for name, seconds, peak in zip(SCENARIOS, (first, same, later), (p1, p2, p3)):
                rates[name].append(rows / seconds)
                if peak is not None:
                    peaks[name].append(peak)
            memory = f", peak {p1:,.0f} / {p2:,.0f} / {p3:,.0f} MB" if isolated else ""
            print(f"run {run}: first {first:.2f} s ({rows / first:,.0f} rows/s), same {same:.2f} s, "
                  f"newer {later:.2f} s ({s3.updated:,} updated){memory} — load {os.getloadavg()[0]:.1f}")
    return rates, peaks


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.import_speed")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", default=None)
    ap.add_argument("--scratch-url", default=None,
                    help="PostgreSQL database to measure on; it is emptied before each run")
    ap.add_argument("--isolated", action="store_true",
                    help="each import in its own process, reporting its peak memory (the 1M-row check)")
    ap.add_argument("--child", nargs=2, metavar=("FILE", "URL"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return _child(*args.child)
    if args.scratch_url and eng.is_duckdb(args.scratch_url):
        ap.error("--scratch-url is for PostgreSQL; DuckDB runs use temporary files")
    rates, peaks = measure(args.rows, args.runs, args.scratch_url, args.isolated)
    engine = "postgresql" if args.scratch_url else "duckdb"
    out = []
    for name in SCENARIOS:
        median = statistics.median(rates[name])
        peak = f", peak memory {max(peaks[name]):,.0f} MB" if peaks[name] else ""
        print(f"{name}: median {median:,.0f} rows/s ({args.rows / median:.2f} s){peak}")
        row = {"function": f"importer.import_bytes.{name}", "rows": args.rows, "engine": engine,
               "rows_per_s": round(median)}
        if peaks[name]:
            row["peak_mb"] = round(max(peaks[name]))
        out.append(row)
    if args.json:
        Path(args.json).write_text(json.dumps(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
