"""Keyset paging under concurrent inserts: every item present at the start is returned exactly once.

Runs on a scratch store of its own (a copy of the DuckDB test store; a small PostgreSQL database), because
it writes rows the figure tests must not see.
"""
from __future__ import annotations

import shutil
from datetime import date, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access.demo.generator import create_demo_store
from data_access.store.engine import make_engine
from data_access.metrics.filters import Filters
from data_access.queries.items import ItemQuery, count_items, items_page, next_cursor
from data_access.store.schema import messages
from tests.conftest import DEMO_SEED, DEMO_UNTIL, PG_URL, _drop_pg_database, _prepare_pg_database

F = Filters(date(2026, 10, 1), date(2026, 11, 15), tz="Asia/Krasnoyarsk")


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def scratch_engine(request, tmp_path_factory, profile, demo_now):
    if request.param == "duckdb":
        source = request.getfixturevalue("duckdb_url").removeprefix("duckdb:///")
        target = tmp_path_factory.mktemp("scratch") / "keyset.duckdb"
        shutil.copy(source, target)
        engine = make_engine(f"duckdb:///{target}")
        yield engine
        engine.dispose()
        return
    url = sa.engine.make_url(PG_URL).set(database=f"mcu_keyset_{sa.engine.make_url(PG_URL).database}")
    url = url.render_as_string(hide_password=False)
    if reason := _prepare_pg_database(url):
        pytest.skip(reason)
    create_demo_store(url, 5000, DEMO_SEED, DEMO_UNTIL, profile, now=demo_now)
    engine = make_engine(url)
    yield engine
    engine.dispose()
    _drop_pg_database(url)


def _insert_items(engine, template: dict, received: list, tag: str) -> list[int]:
    """New items that fall into the filter, received at the given instants (some before, some after the cursor)."""
    rows = [{**template, "external_id": f"{tag}-{i}", "received_at": ts, "registered_at": ts, "rating": i % 6 or None}
            for i, ts in enumerate(received)]
    with engine.begin() as conn:
        return [conn.execute(sa.insert(messages).values(**row).returning(messages.c.id)).scalar_one() for row in rows]


@pytest.mark.parametrize("sort", ["received", "rating", "deadline"])
def test_every_item_exactly_once_under_concurrent_inserts(scratch_engine, demo_now, sort):
    q = ItemQuery(F, demo_now, sort=sort)
    with scratch_engine.connect() as conn:
        before = {int(i) for i in conn.execute(sa.select(messages.c.id).where(
            messages.c.received_at >= F.bounds()[0], messages.c.received_at < F.bounds()[1])).scalars()}
        template = dict(conn.execute(sa.select(messages).where(messages.c.id == min(before))).mappings().one())
    template.pop("id")
    assert count_items(scratch_engine, q) == len(before) > 150
    size, seen, cursor, inserted, page_no = 37, [], None, [], 0
    while True:
        page = items_page(scratch_engine, q, cursor, size)
        seen += page["id"].astype(int).tolist()
        if len(page) < size:
            break
        cursor = next_cursor(page)
        page_no += 1
        # between two page requests, someone else loads items all over the period: newer, older and equal keys
        last_ts = pd.Timestamp(page["received_at"].iloc[-1]).to_pydatetime()
        spread = [last_ts, last_ts + timedelta(minutes=1), last_ts - timedelta(minutes=1),
                  F.bounds()[0] + timedelta(hours=page_no), F.bounds()[1] - timedelta(hours=page_no)]
        inserted += _insert_items(scratch_engine, template, spread, f"KS-{sort}-{page_no}")
    assert len(seen) == len(set(seen)), "an item was returned twice"
    assert before <= set(seen), f"{len(before - set(seen))} items present from the start were skipped"
    assert set(seen) - before <= set(inserted)
    assert page_no > 5 and inserted
