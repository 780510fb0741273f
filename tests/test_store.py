"""The store's life: migrations on both engines, first start, an existing store left alone, clear errors."""
from datetime import datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from data_access.store import engine as eng
from data_access.store.schema import metadata
from data_access.store.opening import open_store
from tests.conftest import _drop_pg_database, _prepare_pg_database


def schema_drift(engine) -> list:
    """Differences between the migrated database and schema.py, ignoring the PostgreSQL-only indexes."""
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    return [d for d in diffs if not (isinstance(d, tuple) and d[0] in ("remove_index", "add_index"))]


def columns_in_database(engine) -> dict[str, dict[str, bool]]:
    """{table: {column: nullable}} from information_schema (DuckDB's reflection of duckdb-engine is incomplete)."""
    sql = sa.text("SELECT table_name, column_name, is_nullable FROM information_schema.columns "
                  "WHERE table_schema IN ('main', 'public')")
    out: dict[str, dict[str, bool]] = {}
    with engine.connect() as conn:
        for table, column, nullable in conn.execute(sql):
            out.setdefault(table, {})[column] = nullable == "YES"
    return out


def test_migrations_build_the_schema_on_duckdb(tmp_path):
    engine = eng.make_engine(f"duckdb:///{tmp_path / 'm.duckdb'}")
    eng.upgrade_store(engine)
    assert eng.store_revision(engine) == eng.HEAD_REVISION
    found = columns_in_database(engine)
    for table in metadata.sorted_tables:
        want = {c.name: bool(c.nullable) and not c.primary_key for c in table.columns}
        assert found[table.name] == want, table.name
    engine.dispose()


def test_migrations_build_the_schema_on_postgresql():
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/mcu_test_migrations"
    reason = _prepare_pg_database(url)
    if reason:
        pytest.skip(reason)
    engine = eng.make_engine(url)
    try:
        eng.upgrade_store(engine)
        assert eng.store_revision(engine) == eng.HEAD_REVISION
        assert schema_drift(engine) == []
        indexes = {i["name"] for i in sa.inspect(engine).get_indexes("messages")}
        assert {"ix_messages_received_at", "ix_messages_district_received"} <= indexes
    finally:
        engine.dispose()
        _drop_pg_database(url)


def test_first_start_creates_a_demo_store_and_never_touches_an_existing_one(tmp_path, profile):
    url = f"duckdb:///{tmp_path / 'first.duckdb'}"
    store = open_store(url, demo_rows=1500, now=datetime(2026, 11, 1, 12, tzinfo=profile.tz))
    assert store.is_demo and store.profile.key == "krasnoyarsk"
    version = store.meta["data_version"]
    with store.engine.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM messages")).scalar()
    store.engine.dispose()
    assert count == 1500
    again = open_store(url, demo_rows=99)
    with again.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM messages")).scalar() == 1500
    assert again.meta["data_version"] == version
    again.engine.dispose()


def test_a_configured_store_that_is_missing_is_explained_not_invented(tmp_path):
    path = tmp_path / "real.duckdb"
    with pytest.raises(eng.StoreUnavailable, match="не найден.*alembic upgrade head.*Работа с реальными данными"):
        open_store(f"duckdb:///{path}", create_demo_if_missing=False)
    assert not path.exists()


def test_an_empty_database_is_explained_not_filled(tmp_path):
    url = f"duckdb:///{tmp_path / 'empty.duckdb'}"
    sa.create_engine(url).dispose()
    engine = eng.make_engine(url)
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))
    engine.dispose()
    with pytest.raises(eng.StoreUnavailable, match="пустое.*alembic upgrade head"):
        open_store(url)


def test_unreachable_server_message_hides_the_password():
    with pytest.raises(eng.StoreUnavailable) as err:
        open_store("postgresql://mcu:topsecret@127.0.0.1:1/mcu")
    assert "topsecret" not in str(err.value)
    assert "Хранилище данных недоступно: postgresql+psycopg://mcu:***@127.0.0.1:1/mcu" in str(err.value) or \
        "Хранилище данных недоступно: postgresql://mcu:***@127.0.0.1:1/mcu" in str(err.value)


def test_url_resolution(monkeypatch):
    monkeypatch.delenv("MCU_DATABASE_URL", raising=False)
    assert eng.resolve_url() == eng.DEFAULT_URL
    assert eng.resolve_url({"database_url": "postgresql://a@b/c"}) == "postgresql://a@b/c"
    monkeypatch.setenv("MCU_DATABASE_URL", "duckdb:///x.duckdb")
    assert eng.resolve_url({"database_url": "postgresql://a@b/c"}) == "duckdb:///x.duckdb"
