"""Time every query-layer function the pages call, and the bare SQL of each in the engine itself.

    python -m benchmarks --rows 1000000 [--url URL] [--json PATH] [--repeat 7] [--only overview]
    python -m benchmarks --script-time [--rows N | --url URL] [--repeat 7]   script time per page (benchmarks/script_time.py)
    python -m benchmarks --browser [--rows N | --url URL] [--json PATH]      every page in Chromium (benchmarks/browser.py)
    python -m benchmarks --concurrent 20 [--rows N | --url URL | --app URL]  sessions at once (benchmarks/concurrent.py)

Without --url the store is a temporary DuckDB file; with a PostgreSQL URL the database is filled
(replacing what is there). «bare» runs the compiled SQL through the driver's own cursor with no
SQLAlchemy and no DataFrame, so the difference is the overhead of our layer.
"""
from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import benchmarks.cases as case_pkg
from benchmarks.cases import BenchContext, Case
from data_access.demo.generator import create_demo_store
from data_access.store.engine import make_engine, safe_url
from data_access.metrics.filters import Filters
from data_access.domain.profile import load_profile
from data_access.store.reference import read_reference
from data_access.store.scope import EVERYTHING, Scope

UNTIL = date(2026, 11, 15)


def all_cases(ctx: BenchContext, only: str | None) -> list[Case]:
    out = []
    for mod in pkgutil.iter_modules(case_pkg.__path__):
        if only and mod.name != only:
            continue
        out += importlib.import_module(f"benchmarks.cases.{mod.name}").cases(ctx)
    return out


def _median_ms(fn, repeat: int) -> float:
    fn()  # warm-up: caches of the engine, compiled statement cache
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def bare_runner(engine, stmt):
    """Run the statement's SQL with literal parameters through the raw driver connection."""
    sql = str(stmt.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    raw = engine.raw_connection()
    # psycopg reads "%%" as "%" only when parameters are passed; the SQL above is compiled for that style
    params = () if engine.dialect.name == "postgresql" else None

    def run():
        cur = raw.cursor()
        cur.execute(sql, params) if params is not None else cur.execute(sql)
        cur.fetchall()
        cur.close()
    return run, raw


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--url", default=None, help="store URL (default: a temporary DuckDB file)")
    ap.add_argument("--json", default=None, help="write results as JSON rows to this path")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--only", default=None, help="one case module (overview, heatmap, ...)")
    ap.add_argument("--reuse", action="store_true", help="do not regenerate: the store at --url already holds the data")
    ap.add_argument("--scope-sector", default=None,
                    help="time the pages of a sector lead: every query scoped to this sector (its name)")
    ap.add_argument("--script-time", action="store_true",
                    help="server script time of every page with warm caches (AppTest, no browser)")
    ap.add_argument("--browser", action="store_true", help="time every page in headless Chromium, cold and warm")
    ap.add_argument("--concurrent", type=int, default=None, metavar="N",
                    help="N browser sessions at once, 4 pages each with different filters")
    ap.add_argument("--processes", type=int, default=1,
                    help="--concurrent: this many app processes behind nginx (deploy/nginx-mcu.conf)")
    ap.add_argument("--app", default=None, help="--concurrent: an app already running at this base URL (nginx)")
    ap.add_argument("--timeout", type=int, default=180, help="browser: seconds a page may take before an error")
    args = ap.parse_args(argv)
    if args.script_time:
        from benchmarks import script_time
        return script_time.main(args)
    if args.browser:
        from benchmarks import browser
        return browser.main(args)
    if args.concurrent:
        from benchmarks import concurrent
        return concurrent.main(args)
    profile = load_profile("krasnoyarsk")
    now = datetime(2026, 11, 15, 14, 0, tzinfo=profile.tz)
    tmp = None
    url = args.url
    if url is None:
        tmp = tempfile.TemporaryDirectory()
        url = f"duckdb:///{Path(tmp.name) / 'bench.duckdb'}"
    if not args.reuse:
        summary = create_demo_store(url, args.rows, seed=1, until=UNTIL, profile=profile, replace=True, now=now)
        print(f"store {safe_url(url)}: {summary['rows']} rows, generated in {summary['generate_s']} s, "
              f"loaded in {summary['load_s']} s", file=sys.stderr)
    engine = make_engine(url)
    scope = EVERYTHING
    if args.scope_sector:
        sectors = {name: key for key, name in read_reference(engine).names("sectors").items()}
        scope = Scope(sectors=(sectors[args.scope_sector],))
    ctx = BenchContext(profile, now, Filters(UNTIL - timedelta(days=29), UNTIL, tz=profile.timezone, scope=scope))
    results = []
    for case in all_cases(ctx, args.only):
        median = _median_ms(lambda c=case: c.run(engine), args.repeat)
        bare = None
        if case.stmt is not None:
            run, raw = bare_runner(engine, case.stmt())
            bare = _median_ms(run, args.repeat)
            raw.close()
        row = {"function": case.name, "rows": args.rows, "engine": engine.dialect.name,
               "median_ms": round(median, 1), "bare_ms": None if bare is None else round(bare, 1)}
        results.append(row)
        print(f"{case.name:<48} {row['median_ms']:>9.1f} ms   bare {row['bare_ms'] if bare is not None else '—':>8}",
              flush=True)
    engine.dispose()
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
