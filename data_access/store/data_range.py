"""How far the store's data reaches: the newest item, for pages that must open on a period with data."""
from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from data_access.store.schema import messages as m


def latest_received_stmt() -> sa.Select:
    """The newest receipt instant of any item (NULL on an empty store); one index/min-max lookup."""
    return sa.select(sa.func.max(m.c.received_at))


def latest_received(engine: sa.Engine) -> datetime | None:
    """The newest ``received_at`` in the store as an aware UTC datetime, or None when the store has no items."""
    with engine.connect() as conn:
        value = conn.execute(latest_received_stmt()).scalar()
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
