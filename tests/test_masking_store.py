"""Masked copies in the store on both engines: written by the importer (and kept in step on updates), and
filled in for existing stores by the migration's backfill. Expected texts are written here by hand."""
from __future__ import annotations

import importlib
import os

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from data_access.store import engine as eng
from data_access.ingest.importer import import_bytes
from tests.conftest import _drop_pg_database, _prepare_pg_database
from tests.test_import_store import NOW, csv_bytes, row
from tests.test_import_store import fresh as fresh  # a fixture: a migrated store on each engine

TEXT = "Яма у дома — ул. Ленина, д. 5, кв. 12. Звоните +7 913 123-45-67, Иванова Мария Петровна"
MASKED = "Яма у дома — ул. Ленина, д. 5. Звоните [телефон], [ФИО]"
ANSWER = "Уважаемая Мария Петровна! Яму заделали 2025-03-04T06:33:00+07:00."
ANSWER_MASKED = "Уважаемая [ФИО]! Яму заделали 2025-03-04T06:33:00+07:00."


def stored(engine, external_id: str) -> dict:
    with engine.connect() as conn:
        return dict(conn.execute(sa.text(
            "SELECT text, text_masked, answer_text, answer_masked, address, address_masked FROM messages "
            "WHERE external_id = :e"), {"e": external_id}).mappings().one())


def test_the_importer_stores_masked_copies_and_updates_them_with_the_text(fresh):
    import_bytes(fresh, csv_bytes([row("M-1", text=TEXT, updated="01.03.2025 10:00"),
                                   row("M-2", text="", updated="01.03.2025 10:00")]), "a.csv", "generic", now=NOW)
    got = stored(fresh, "M-1")
    assert (got["text"], got["text_masked"]) == (TEXT, MASKED)
    assert got["answer_text"] is None and got["answer_masked"] is None  # the file has no answers: NULL stays NULL
    assert stored(fresh, "M-2")["text_masked"] is None
    newer = "Яма всё ещё там. Пишите: ivanova@mail.ru"
    import_bytes(fresh, csv_bytes([row("M-1", text=newer, updated="02.03.2025 10:00")]), "b.csv", "generic", now=NOW)
    assert stored(fresh, "M-1")["text_masked"] == "Яма всё ещё там. Пишите: [e-mail]"


@pytest.fixture(params=["duckdb", "postgresql"])
def old_store(request, tmp_path):
    """A store at revision 0001 (before masked copies) holding two items."""
    if request.param == "duckdb":
        url = f"duckdb:///{tmp_path / 'old.duckdb'}"
    else:
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/mcu_mask_{os.getpid()}"
        if reason := _prepare_pg_database(url):
            pytest.skip(reason)
    engine = eng.make_engine(url)
    cfg = Config(str(eng.PROJECT_ROOT / "alembic.ini"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        insert = sa.text("INSERT INTO messages (channel_id, kind, external_id, received_at, status, text, "
                         "answer_text, address) VALUES (1, 'message', :e, '2025-03-01T00:00:00Z', 'answered', "
                         ":t, :a, :addr)")
        conn.execute(insert, {"e": "OLD-1", "t": TEXT, "a": ANSWER, "addr": "ул. Мира, д. 7, кв. 3"})
        conn.execute(insert, {"e": "OLD-2", "t": None, "a": None, "addr": None})
    yield engine, cfg
    engine.dispose()
    if request.param == "postgresql":
        _drop_pg_database(url)


def test_the_migration_backfills_existing_items(old_store):
    engine, cfg = old_store
    eng.upgrade_store(engine)
    assert eng.store_revision(engine) == eng.HEAD_REVISION
    assert stored(engine, "OLD-1") == {"text": TEXT, "text_masked": MASKED, "answer_text": ANSWER,
                                       "answer_masked": ANSWER_MASKED, "address": "ул. Мира, д. 7, кв. 3",
                                       "address_masked": "ул. Мира, д. 7"}
    assert stored(engine, "OLD-2")["text_masked"] is None


def test_the_backfill_works_in_batches(old_store):
    engine, _ = old_store
    migration = importlib.import_module("migrations.versions.0003_masked_text")
    with engine.begin() as conn:
        for name in ("text_masked", "answer_masked", "address_masked"):
            conn.execute(sa.text(f"ALTER TABLE messages ADD COLUMN {name} TEXT"))  # names are ours
        assert migration.backfill(conn, batch=1) == 2
    assert stored(engine, "OLD-1")["text_masked"] == MASKED
