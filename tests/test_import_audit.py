"""The import audit: every import — page or command line, loaded, checked or failed — leaves one row."""
from __future__ import annotations

import getpass
import hashlib
import shutil

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from components.admin.audit_table import audit_frame
from data_access.store import engine as eng
from data_access.ingest.audit import audit_log
from data_access.ingest.report import ImportFailed
from data_access.ingest.importer import import_bytes
from tests.roles_env import with_roles
from tests.test_app import ROOT
from tests.test_import_cli import cli, export, new_duckdb
from tests.test_import_store import csv_bytes, fresh, row  # noqa: F401 — fresh: the store fixture


def test_each_import_writes_one_row(fresh):  # noqa: F811
    good = csv_bytes([row("A-1"), row("A-2"), row("A-3", received="вчера")])
    bad = "Номер;Что-то\r\n1;2\r\n".encode()
    summary = import_bytes(fresh, good, "пос.csv", "generic", who="admin@mcu.test")
    import_bytes(fresh, good, "пос.csv", "generic", dry_run=True, who="admin@mcu.test")
    with pytest.raises(ImportFailed) as failed:
        import_bytes(fresh, bad, "чужой.csv", "generic", who="other@mcu.test", via="cli")
    log = audit_log(fresh)
    assert len(log) == 3
    failed_row, checked, loaded = (log.iloc[i] for i in range(3))  # newest first
    assert (loaded.user_name, loaded.via, loaded.file_name, loaded.source, loaded.result, bool(loaded.dry_run)) == \
        ("admin@mcu.test", "page", "пос.csv", "generic", "ok", False)
    assert (loaded.file_size, loaded.sha256) == (len(good), hashlib.sha256(good).hexdigest())
    assert (loaded.rows_read, loaded.added, loaded.updated, loaded.rejected) == (3, 2, 0, 1)
    assert (summary.added, summary.rejected) == (2, 1)
    assert (checked.result, bool(checked.dry_run), checked.added, checked.updated) == ("checked", True, 0, 0)
    assert (failed_row.result, failed_row.via, failed_row.user_name) == ("failed", "cli", "other@mcu.test")
    assert failed_row.message == str(failed.value) and pd.isna(failed_row.added)
    assert failed_row.sha256 == hashlib.sha256(bad).hexdigest() and loaded.seconds > 0


def test_command_line_imports_are_audited_with_the_login(tmp_path):
    url = new_duckdb(tmp_path)
    file = export(tmp_path / "выгрузка.csv", 0, 4, "в работе")
    assert cli(str(file), "--profile", "generic", "--url", url).returncode == 0
    engine = eng.make_engine(url)
    log = audit_log(engine)
    engine.dispose()
    assert log[["user_name", "via", "file_name", "added", "result"]].values.tolist() == \
        [[f"cli:{getpass.getuser()}", "cli", "выгрузка.csv", 4, "ok"]]


def test_audit_table_for_the_page():
    log = pd.DataFrame({"id": [1], "started_at": [pd.Timestamp("2026-11-30 17:05:00", tz="UTC")],
                        "user_name": ["a@b.ru"], "via": ["page"], "file_name": ["<b>x</b>.csv"], "file_size": [2048],
                        "sha256": ["ab" * 32], "source": ["pos"], "dry_run": [False], "rows_read": [10],
                        "added": [7], "updated": [1], "rejected": [2], "seconds": [1.234], "result": ["ok"],
                        "message": [None]})
    frame = audit_frame(log, "Asia/Krasnoyarsk")
    assert frame.iloc[0][["Когда", "Откуда", "Файл", "Размер, КБ", "Итог", "Время, с"]].tolist() == \
        ["01.12.2026 00:05:00", "страница", "<b>x</b>.csv", 2.0, "загружен", 1.23]
    assert audit_frame(log.iloc[:0], "UTC").empty


def test_admin_sees_the_audit_page_others_do_not(monkeypatch, duckdb_url, tmp_path):
    target = tmp_path / "audit.duckdb"
    shutil.copy(duckdb_url.removeprefix("duckdb:///"), target)
    url = f"duckdb:///{target}"
    engine = eng.make_engine(url)
    import_bytes(engine, csv_bytes([row("AUD-1")]), "журнал.csv", "generic", who="admin@mcu.test")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM import_audit")).scalar() == 1
    engine.dispose()
    monkeypatch.setenv("MCU_DATABASE_URL", url)
    monkeypatch.chdir(ROOT)
    at = with_roles(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), "admin")
    at.run()
    at.switch_page("app_pages/audit.py")
    at.run()
    assert not at.exception and at.title[0].value == "Журнал загрузок"
    shown = at.dataframe[0].value
    assert shown[["Кто", "Файл", "Добавлено", "Итог"]].values.tolist() == [["admin@mcu.test", "журнал.csv", 1,
                                                                           "загружен"]]
    head = with_roles(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), "head")
    head.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not registered for head
        head.switch_page("app_pages/audit.py")
