"""Configuration and store faults: each one its own Russian message, never a traceback or a silent fallback.

A secrets file that does not parse, a schema newer than the app, a malformed store address, a damaged DuckDB
file, a store that goes away while the app runs — for the app (``open_store``, ``data_access.store.cached``, AppTest)
and for the importer's command line.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from data_access.store import cached
from data_access.store import engine as eng
from data_access.store.config import ConfigError, check_secrets_files
from data_access.store.opening import open_store
from tests.conftest import _drop_pg_database, _prepare_pg_database
from tests.test_import_cli import cli, export, new_duckdb

ROOT = Path(__file__).resolve().parent.parent


def test_a_secrets_file_that_does_not_parse_names_the_file_and_line(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text('database_url = "duckdb:///x.duckdb"\n', encoding="utf-8")
    bad = tmp_path / "secrets.toml"
    bad.write_text('# настройки\n\ndatabase_url = "postgresql://u@h/db\nother = 1\n', encoding="utf-8")
    check_secrets_files([str(tmp_path / "нет.toml"), str(good)])  # missing and valid files pass
    with pytest.raises(ConfigError) as err:
        check_secrets_files([str(good), str(bad)])
    assert str(err.value).startswith(f"Файл настроек {bad} не разобран: ошибка в строке 3, столбец")
    assert "хранилище по умолчанию" in str(err.value)
    bad.write_bytes("database_url = \"ü\"\n".encode("cp1252") + b"x = 1\n")
    with pytest.raises(ConfigError, match=r"не в кодировке UTF-8 \(строка 1\)"):
        check_secrets_files([str(bad)])
    bad.write_text("database_url = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="database_url — не строка"):
        check_secrets_files([str(bad)])


def test_the_app_stops_on_a_broken_secrets_file_instead_of_falling_back(tmp_path, monkeypatch):
    broken = tmp_path / "secrets.toml"
    broken.write_text('database_url = "duckdb:///somewhere.duckdb\n', encoding="utf-8")
    monkeypatch.delenv("MCU_DATABASE_URL", raising=False)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    from streamlit import config

    saved = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(broken)])
    try:
        at.run()
    finally:
        config.set_option("secrets.files", saved)
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [at.error[0].value]
    assert at.error[0].value.startswith(f"Файл настроек {broken} не разобран: ошибка в строке 1")


def test_a_store_newer_than_the_app_says_update_the_app(tmp_path):
    url = new_duckdb(tmp_path)
    engine = eng.make_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(eng.StoreUnavailable) as err:
        open_store(url, create_demo_if_missing=False)
    assert "новее этого приложения (версия 9999_future" in str(err.value) and "обновите приложение" in str(err.value)
    assert "устарела" not in str(err.value) and "alembic" not in str(err.value)
    res = cli(str(export(tmp_path / "a.csv", 0, 2, "новое")), "--profile", "generic", "--url", url)
    assert res.returncode == 1 and "обновите приложение" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("url, fault", [
    ("postgresql://mcu@db.local:port/mcu", "порт — не число"),
    ("duckdb//data/mcu.duckdb", "не поддерживается"),
    ("mysql://mcu:секрет@db.local/mcu", "не поддерживается"),
    ("postgresql+nosuchdriver://mcu@db.local/mcu", "нет драйвера"),
])
def test_a_malformed_store_url_gets_its_own_message(url, fault):
    with pytest.raises(eng.StoreUnavailable) as err:
        open_store(url, create_demo_if_missing=False)
    assert str(err.value).startswith("Адрес хранилища «") and fault in str(err.value)
    assert "duckdb:///путь/к/файлу.duckdb" in str(err.value) and "секрет" not in str(err.value)
    res = cli(str(ROOT / "data" / "examples" / "generic.csv"), "--profile", "generic", "--url", url)
    assert res.returncode == 1 and res.stderr.startswith("Ошибка: Адрес хранилища") and "Traceback" not in res.stderr


def test_a_damaged_duckdb_file_gets_its_own_message(tmp_path):
    path = tmp_path / "damaged.duckdb"
    path.write_bytes(b"this is not a database" * 500)
    url = f"duckdb:///{path}"
    with pytest.raises(eng.StoreUnavailable) as err:
        open_store(url, create_demo_if_missing=False)
    assert str(err.value).startswith(f"Файл хранилища {path} повреждён или это не файл DuckDB")
    res = cli(str(export(tmp_path / "a.csv", 0, 2, "новое")), "--profile", "generic", "--url", url)
    assert res.returncode == 1 and "повреждён" in res.stderr and "Traceback" not in res.stderr
    assert path.read_bytes() == b"this is not a database" * 500


def _clear_caches():
    cached._open.clear()
    cached._version.clear()


def test_a_duckdb_store_removed_while_running(tmp_path, monkeypatch, duckdb_url):
    path = tmp_path / "copy.duckdb"
    shutil.copy(eng.duckdb_path(duckdb_url), path)
    monkeypatch.setenv("MCU_DATABASE_URL", f"duckdb:///{path}")
    _clear_caches()
    try:
        assert cached.get_store().url == f"duckdb:///{path}"
        os.remove(path)
        with pytest.raises(eng.StoreUnavailable) as err:
            cached.get_store()
        assert str(err.value).startswith(f"Файл хранилища {path} удалён или перемещён, пока приложение работало")
        assert not path.exists()  # no empty store was created in its place
    finally:
        _clear_caches()


def test_a_postgresql_store_dropped_while_running(monkeypatch):
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/mcu_gone_{os.getpid()}"
    reason = _prepare_pg_database(url)
    if reason:
        pytest.skip(reason)
    engine = eng.make_engine(url)
    eng.upgrade_store(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO store_meta (key, value) VALUES ('profile', 'krasnoyarsk')"))
    engine.dispose()
    monkeypatch.setenv("MCU_DATABASE_URL", url)
    _clear_caches()
    try:
        cached.current_version()
        _drop_pg_database(url)
        cached._version.clear()
        with pytest.raises(eng.StoreUnavailable) as err:
            cached.current_version()
        assert "перестало отвечать, пока приложение работало" in str(err.value)
    finally:
        _clear_caches()
        _drop_pg_database(url)
