"""The importer's command line: the report next to the file, a busy DuckDB store, concurrent PostgreSQL imports."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access.store import engine as eng
from tests.conftest import _drop_pg_database, _prepare_pg_database

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data_access.ingest.importer", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})


def export(path: Path, first: int, last: int, status: str) -> Path:
    """A generic-profile CSV with items first..last-1 (cp1251, «;»)."""
    n = last - first
    frame = pd.DataFrame({"Номер": [f"C-{i}" for i in range(first, last)], "Канал": "pos",
                          "Поступило": "01.03.2025 10:00", "Статус": status, "Тема": "Отопление",
                          "Текст": ["т"] * n})
    path.write_bytes(frame.to_csv(sep=";", index=False).encode("cp1251"))
    return path


def new_duckdb(tmp_path: Path) -> str:
    url = f"duckdb:///{tmp_path / 'cli.duckdb'}"
    engine = eng.make_engine(url)
    eng.upgrade_store(engine)
    engine.dispose()
    return url


def messages(url: str) -> tuple[int, int]:
    engine = eng.make_engine(url)
    with engine.connect() as conn:
        got = conn.execute(sa.text("SELECT count(*), count(DISTINCT external_id) FROM messages")).one()
    engine.dispose()
    return tuple(got)


def test_cli_imports_and_writes_the_report_next_to_the_file(tmp_path):
    url = new_duckdb(tmp_path)
    file = export(tmp_path / "выгрузка.csv", 0, 5, "в работе")
    file.write_bytes(file.read_bytes() + "C-9;pos;когда-то;в работе;Отопление;т\r\n".encode("cp1251"))
    res = cli(str(file), "--profile", "generic", "--url", url)
    assert res.returncode == 0, res.stderr
    assert "добавлено: 5; обновлено: 0; без изменений: 0; отклонено: 1" in res.stdout
    report = pd.read_csv(tmp_path / "выгрузка_отчёт_загрузки_все_строки.csv", sep=";", encoding="utf-8-sig")
    assert report[["Строка", "Значение"]].values.tolist() == [[7, "когда-то"]]
    by_reason = pd.read_csv(tmp_path / "выгрузка_отчёт_загрузки.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert by_reason[["Строк", "Первые строки", "Примеры значений"]].values.tolist() == [["1", "7", "«когда-то»"]]
    dry = cli(str(file), "--profile", "generic", "--url", url, "--dry-run")
    assert dry.returncode == 0 and "Проверка без записи" in dry.stdout and "без изменений: 5" in dry.stdout
    missing = cli(str(tmp_path / "нет.csv"), "--profile", "generic", "--url", url)
    assert missing.returncode == 1 and "не прочитан" in missing.stderr
    assert messages(url) == (5, 5)


def test_cli_on_a_duckdb_store_held_by_the_app_says_what_to_do(tmp_path):
    url = new_duckdb(tmp_path)
    path = eng.duckdb_path(url)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "c.execute('SELECT count(*) FROM messages'); print('ready', flush=True); time.sleep(120)",
                               str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        res = cli(str(export(tmp_path / "a.csv", 0, 3, "новое")), "--profile", "generic", "--url", url)
    finally:
        holder.kill()
        holder.wait()
    assert res.returncode == 3
    assert "открыто другим процессом" in res.stderr and "Загрузка данных" in res.stderr
    assert "остановите приложение" in res.stderr and "Traceback" not in res.stderr
    assert messages(url) == (0, 0)


def test_two_concurrent_imports_of_overlapping_files_on_postgresql(tmp_path):
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/mcu_imp_cli_{os.getpid()}"
    reason = _prepare_pg_database(url)
    if reason:
        pytest.skip(reason)
    try:
        engine = eng.make_engine(url)
        eng.upgrade_store(engine)
        a = export(tmp_path / "a.csv", 0, 6000, "новое")
        b = export(tmp_path / "b.csv", 3000, 9000, "в работе")
        stop, seen, errors = threading.Event(), [], []

        def read_while_importing():  # the app keeps reading: never blocked, never an error, never a half import
            while not stop.is_set():
                try:
                    with engine.connect() as conn:
                        seen.append(conn.execute(sa.text("SELECT count(*) FROM messages")).scalar())
                except Exception as exc:
                    errors.append(exc)

        reader = threading.Thread(target=read_while_importing)
        reader.start()
        procs = [subprocess.Popen([sys.executable, "-m", "data_access.ingest.importer", str(f), "--profile", "generic",
                                   "--url", url], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for f in (a, b)]
        outs = [p.communicate(timeout=300) for p in procs]
        stop.set()
        reader.join()
        assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
        assert not errors
        assert set(seen) <= {0, 6000, 9000}  # each file commits whole
        assert messages(url) == (9000, 9000)
        added = sum(int(o[0].split("добавлено: ")[1].split(";")[0].replace("\u00a0", "")) for o in outs)
        assert added == 9000
        with engine.connect() as conn:
            statuses = dict(conn.execute(sa.text("SELECT status, count(*) FROM messages GROUP BY status")).all())
            dup = conn.execute(sa.text("SELECT count(*) FROM (SELECT message_id, event_at, status, count(*) "
                                       "FROM events GROUP BY 1, 2, 3 HAVING count(*) > 1) d")).scalar()
        # the 3000 shared items end in the status of whichever import committed last
        assert statuses in ({"new": 3000, "in_progress": 6000}, {"new": 6000, "in_progress": 3000})
        assert dup == 0
        engine.dispose()
    finally:
        _drop_pg_database(url)
