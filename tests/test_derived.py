"""The stored per-row keys (data_access.store.derived) equal what the row's own timestamps give — computed here in pandas,
not by the code under test — after the demo load, after imports that add and update rows (a newer export and a
forward-only merge, data_access.ingest.merge), and after migration 0004's backfill of an older store.
"""
from __future__ import annotations

import itertools
import os
import shutil
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from data_access.store import engine as eng
from data_access.ingest.importer import import_bytes
from tests.conftest import _drop_pg_database, _prepare_pg_database

KRASNOYARSK = 7 * 3600
DAY = 86_400
STORED = ["answered_day", "registered_day", "answer_late_s"]


def stored(engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(sa.text(
            "SELECT id, external_id, received_at, registered_at, deadline_at, extended_deadline_at, answered_at, "
            "answered_day, registered_day, answer_late_s FROM messages ORDER BY id")).mappings().all())


def expected_keys(rows: pd.DataFrame, offset: int = KRASNOYARSK) -> pd.DataFrame:
    """Local days by the fixed offset and lateness in seconds, from the timestamps alone (pandas)."""
    def utc(col):
        return pd.to_datetime(rows[col], utc=True)

    def day(ts):
        return np.floor((ts - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds().add(offset) / DAY)
    due = utc("extended_deadline_at").fillna(utc("deadline_at"))
    return pd.DataFrame({"answered_day": day(utc("answered_at")),
                         "registered_day": day(utc("registered_at").fillna(utc("received_at"))),
                         "answer_late_s": (utc("answered_at") - due).dt.total_seconds()}, index=rows.index)


def assert_keys_match(rows: pd.DataFrame, offset: int = KRASNOYARSK) -> None:
    want = expected_keys(rows, offset)
    for col in STORED:
        got = pd.to_numeric(rows[col], errors="coerce").astype("float64")
        assert (got.isna() == want[col].isna()).all(), col
        assert np.allclose(got.dropna(), want[col].dropna(), rtol=0, atol=1e-3), col


def test_after_the_demo_load(store_engine, demo_frames):
    messages, _, _ = demo_frames
    rows = stored(store_engine)
    assert len(rows) == len(messages)
    assert rows["answer_late_s"].notna().sum() > 1000 and rows["answered_day"].isna().sum() > 0  # both kinds present
    assert_keys_match(rows)
    # independent of the store: the generated frame's own timestamps give the same keys
    want = expected_keys(messages.set_index("id"))
    got = rows.set_index("id")
    assert np.allclose(got["answer_late_s"].dropna().astype(float), want.loc[got["answer_late_s"].dropna().index,
                                                                             "answer_late_s"], atol=1e-3)


# --- imports -----------------------------------------------------------------------------------------------------

_counter = itertools.count()
NOW = datetime(2025, 4, 1, 6, 0, tzinfo=UTC)
HEADER = ["Номер", "Канал", "Поступило", "Зарегистрировано", "Срок", "Продлено до", "Ответ дан", "Статус", "Тема",
          "Изменено"]


def csv_bytes(rows) -> bytes:
    return ("\r\n".join([";".join(HEADER)] + [";".join(r) for r in rows]) + "\r\n").encode("utf-8")


@pytest.fixture(params=["duckdb", "postgresql"])
def fresh(request, tmp_path):
    if request.param == "duckdb":
        url = f"duckdb:///{tmp_path / 'derived.duckdb'}"
    else:
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/mcu_derived_{os.getpid()}_{next(_counter)}"
        if reason := _prepare_pg_database(url):
            pytest.skip(reason)
    engine = eng.make_engine(url)
    eng.upgrade_store(engine)
    yield engine
    engine.dispose()
    if request.param == "postgresql":
        _drop_pg_database(url)


def test_after_imports_that_add_and_update_rows(fresh):
    first = csv_bytes([
        # received 23:30 local: the local day is the next UTC day's; answered 2 h after the deadline
        ["D-1", "pos", "02.03.2025 23:30", "03.03.2025 00:10", "05.03.2025 18:00", "", "05.03.2025 20:00",
         "ответ дан", "Ямы на дорогах", "06.03.2025 10:00"],
        # open, no registration date
        ["D-2", "pos", "03.03.2025 09:00", "", "07.03.2025 18:00", "", "", "в работе", "Ямы на дорогах", ""],
        # answered, no deadline in the file (the importer sets it by the rules)
        ["D-3", "pos", "03.03.2025 09:00", "", "", "", "04.03.2025 01:00", "ответ дан", "Ямы на дорогах", ""],
    ])
    s = import_bytes(fresh, first, "d1.csv", "generic", now=NOW)
    assert s.added == 3
    rows = stored(fresh).set_index("external_id")
    assert_keys_match(rows)
    # by hand: D-1 registered 03.03 00:10 local = day 20150; answered 2 h late; D-3 answered 04.03 01:00 local
    assert rows.loc["D-1", "registered_day"] == 20150 and rows.loc["D-1", "answer_late_s"] == 7200
    assert rows.loc["D-2", "registered_day"] == 20150 and pd.isna(rows.loc["D-2", "answer_late_s"])
    assert rows.loc["D-3", "answered_day"] == 20151 and rows.loc["D-3", "answer_late_s"] < 0
    # a newer export answers D-2 and extends D-1's deadline; without «Изменено» D-3 is merged forward only
    newer = csv_bytes([
        ["D-1", "pos", "02.03.2025 23:30", "03.03.2025 00:10", "05.03.2025 18:00", "06.03.2025 18:00",
         "05.03.2025 20:00", "ответ дан", "Ямы на дорогах", "07.03.2025 10:00"],
        ["D-2", "pos", "03.03.2025 09:00", "", "07.03.2025 18:00", "", "08.03.2025 09:00", "ответ дан",
         "Ямы на дорогах", ""],
        ["D-3", "pos", "03.03.2025 09:00", "", "31.03.2025 18:00", "", "", "в работе", "Ямы на дорогах", ""],
        ["D-4", "pos", "04.03.2025 09:00", "", "", "", "", "в работе", "Ямы на дорогах", ""],
    ])
    s = import_bytes(fresh, newer, "d2.csv", "generic", now=NOW)
    assert (s.added, s.updated) == (1, 3)
    rows = stored(fresh).set_index("external_id")
    assert_keys_match(rows)
    assert rows.loc["D-1", "answer_late_s"] == 7200 - DAY            # the extended deadline is the one in force
    assert rows.loc["D-2", "answered_day"] == 20155                  # 08.03.2025 local
    assert rows.loc["D-2", "answer_late_s"] == 15 * 3600             # 15 h after 07.03 18:00
    # forward-only: D-3's answer is kept (not erased by the empty cell), its deadline moves later: 665 h early
    assert rows.loc["D-3", "answered_day"] == 20151 and rows.loc["D-3", "answer_late_s"] == -665 * 3600


# --- migration backfill ------------------------------------------------------------------------------------------

def test_migration_backfills_an_older_store(duckdb_url, tmp_path):
    """A store at 0003 (before the keys) upgraded to head: every row gets its keys."""
    path = tmp_path / "old.duckdb"
    shutil.copy(sa.engine.make_url(duckdb_url).database, path)
    engine = eng.make_engine(f"duckdb:///{path}")
    cfg = Config(str(eng.PROJECT_ROOT / "alembic.ini"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003_masked_text")
    with engine.connect() as conn:
        cols = {r[0] for r in conn.execute(sa.text("SELECT column_name FROM information_schema.columns "
                                                   "WHERE table_name = 'messages'"))}
    assert not set(STORED) & cols
    eng.upgrade_store(engine)
    rows = stored(engine)
    assert rows["answer_late_s"].notna().sum() > 1000
    assert_keys_match(rows)
    engine.dispose()
