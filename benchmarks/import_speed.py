"""Import speed: a 100k-row ПОС-like CSV (Windows-1251, «;», 3 date columns, coordinates) into a fresh DuckDB store.

    python -m benchmarks.import_speed [--rows 100000] [--runs 3] [--json PATH]

The target of the importer is at least 50 000 rows/s. Each run imports into a new store after a 20-row warm-up
(modules, boundaries and the calendar load once); the median of the runs is reported.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from data_access import engine as eng
from data_access.importer import import_bytes


def pos_export(n: int) -> bytes:
    rng = np.random.default_rng(3)
    recv = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 300 * 86_400, n), unit="s")
    fmt = "%d.%m.%Y %H:%M"
    frame = pd.DataFrame({
        "Номер сообщения": [f"ПОС-{i:07d}" for i in range(n)], "Тип": rng.choice(["Сообщение", "Обращение"], n),
        "Дата создания": recv.strftime(fmt), "Дата регистрации": (recv + pd.Timedelta(hours=2)).strftime(fmt),
        "Дата ответа": np.where(rng.random(n) < 0.7, (recv + pd.Timedelta(days=5)).strftime(fmt), ""),
        "Статус": rng.choice(["В работе", "Ответ направлен", "Решено", "Зарегистрировано"], n),
        "Категория": rng.choice(["ЖКХ", "Дороги"], n),
        "Подкатегория": rng.choice(["Нет отопления", "Ямы и выбоины на дороге", "Вывоз ТКО"], n),
        "Ответственный": rng.choice(["ДЖКХ", "ДДИТ", "Администрация Советского района"], n),
        "Адрес": "ул. Ленина, д. " + pd.Series(rng.integers(1, 200, n)).astype(str),
        "Широта": np.round(55.98 + rng.random(n) * 0.1, 6).astype(str),
        "Долгота": np.round(92.8 + rng.random(n) * 0.2, 6).astype(str),
        "Текст сообщения": "Текст обращения гражданина номер " + pd.Series(range(n)).astype(str),
        "Оценка": rng.choice(["", "5", "4", "1"], n)})
    return frame.to_csv(sep=";", index=False).encode("cp1251")


def measure(rows: int, runs: int) -> list[float]:
    """Rows per second of each run."""
    data = pos_export(rows)
    warm = b"\n".join(data.split(b"\n")[:21]) + b"\n"
    rates = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            engine = eng.make_engine(f"duckdb:///{Path(tmp) / f'speed_{run}.duckdb'}")
            eng.upgrade_store(engine)
            import_bytes(engine, warm, "warm.csv", "pos")
            started = time.perf_counter()
            summary = import_bytes(engine, data, "pos.csv", "pos")
            seconds = time.perf_counter() - started
            engine.dispose()
            if summary.added + summary.unchanged != rows or summary.rejected:
                raise RuntimeError(f"unexpected import result: {summary}")
            rates.append(rows / seconds)
            print(f"run {run}: {seconds:.2f} s, {rows / seconds:,.0f} rows/s (load {os.getloadavg()[0]:.1f})")
    return rates


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.import_speed")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    rates = measure(args.rows, args.runs)
    median = statistics.median(rates)
    print(f"median: {median:,.0f} rows/s")
    if args.json:
        Path(args.json).write_text(json.dumps([{"function": "importer.import_bytes", "rows": args.rows,
                                                "engine": "duckdb", "rows_per_s": round(median)}]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
