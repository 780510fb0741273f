"""Multiply the items of a store for scale benchmarks, inside the database (no rows pass through Python).

    python -m benchmarks.replicate --url URL --times 10

Copy k gets ids shifted by k × (max id) and external ids suffixed «-kN», so uniqueness holds; timestamps and
everything else are the same, so the store keeps its shape at N times the density. The demo generator keeps its
rows in memory (about 2.4 GB per million), which makes this the way to a 10M-row store on a 24 GB machine.
"""
from __future__ import annotations

import argparse
import sys
import time
import uuid

import sqlalchemy as sa

from data_access.store.engine import make_engine
from data_access.store.reference import write_meta
from data_access.store.schema import messages


def replicate(engine: sa.Engine, times: int) -> int:
    """Append ``times - 1`` shifted copies of every item; return the new number of items."""
    cols = [c for c in messages.columns if c.name not in ("id", "external_id")]
    with engine.begin() as conn:
        top = conn.execute(sa.select(sa.func.max(messages.c.id))).scalar() or 0
        base = sa.select(messages).where(messages.c.id <= top).subquery()
        for k in range(1, times):
            copy = sa.select((base.c.id + k * top).label("id"),
                             (base.c.external_id + f"-k{k}").label("external_id"), *[base.c[c.name] for c in cols])
            conn.execute(sa.insert(messages).from_select(["id", "external_id", *[c.name for c in cols]], copy))
        write_meta(conn, {"data_version": uuid.uuid4().hex})
        return conn.execute(sa.select(sa.func.count()).select_from(messages)).scalar()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.replicate")
    ap.add_argument("--url", required=True)
    ap.add_argument("--times", type=int, default=10)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    engine = make_engine(args.url)
    total = replicate(engine, args.times)
    engine.dispose()
    print(f"{total} items after {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
