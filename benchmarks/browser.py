"""Every page timed in headless Chromium: navigation → app idle (script not running, every chart drawn).

    python -m benchmarks --browser [--rows 1000000 | --url URL] [--json PATH]

Starts ``streamlit run app.py`` (with ``MCU_PROFILE_RUNS=1``, so the server logs each script run's wall and CPU
time) on a store — a new demo store of ``--rows`` items reaching today, or the existing store at ``--url`` — and
opens each page three times, each in a new session: «cold» is the page's first opening since the app started (its
queries not cached yet), in a new browser context (empty browser cache); «warm» the second, again in a new
context; «warm_tab» the third, in a new tab of the warm opening's context — the browser has the app's scripts in
its cache, as a returning user's browser does. Reports, per page and opening, the seconds until drawn and the
server's script runs meanwhile (their wall and CPU milliseconds).
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks import chromium
from components.frame import run_timer


def demo_store(rows: int, folder: Path) -> str:
    from data_access.demo.generator import create_demo_store
    from data_access.domain.profile import load_profile

    profile = load_profile("krasnoyarsk")
    url = f"duckdb:///{folder / 'browser.duckdb'}"
    summary = create_demo_store(url, rows, seed=1, profile=profile, now=datetime.now(profile.tz))
    print(f"store: {summary['rows']} rows in {summary['generate_s'] + summary['load_s']:.0f} s", file=sys.stderr)
    return url


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def open_timed(context, url: str, timeout_ms: int) -> tuple[float, int]:
    """Seconds from navigation to drawn in a new tab of ``context``, and the number of error boxes on the page."""
    page = context.new_page()
    try:
        t = time.perf_counter()
        page.goto(url)
        chromium.wait_drawn(page, timeout_ms)
        seconds = time.perf_counter() - t
        return seconds, page.evaluate(chromium.ERRORS_JS)
    finally:
        page.close()


def runs_since(log_path: Path, seen: int) -> tuple[list[dict], int]:
    runs = run_timer.parse(log_path.read_text(encoding="utf-8", errors="replace"))
    return runs[seen:], len(runs)


def summary_of(runs: list[dict]) -> dict:
    return {"script_runs": len(runs), "script_wall_ms": round(sum(r["wall_ms"] for r in runs), 1),
            "script_cpu_ms": round(sum(r["cpu_ms"] for r in runs), 1),
            "process_cpu_ms": round(sum(r["process_cpu_ms"] for r in runs), 1)}


def measure(base: str, log_path: Path, paths: list[str], timeout_ms: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    seen = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium.require_chromium(), args=chromium.CHROMIUM_ARGS)
        try:
            for path in paths:
                row: dict = {"page": chromium.PAGES.get(path, path), "path": "/" + path}
                contexts = []
                try:
                    for kind in ("cold", "warm", "warm_tab"):
                        if kind != "warm_tab":
                            contexts.append(browser.new_context(viewport={"width": 1920, "height": 1080}))
                        seconds, errors = open_timed(contexts[-1], f"{base}/{path}", timeout_ms)
                        time.sleep(0.3)  # the server writes its run's log line right after the last message
                        runs, seen = runs_since(log_path, seen)
                        row[kind] = {"idle_s": round(seconds, 2), "errors": errors, **summary_of(runs)}
                finally:
                    for context in contexts:
                        context.close()
                rows.append(row)
                cold, warm, tab = row["cold"], row["warm"], row["warm_tab"]
                print(f"{row['page']:<22} cold {cold['idle_s']:>6.2f} s (CPU {cold['process_cpu_ms']:>6.0f} ms)   "
                      f"warm {warm['idle_s']:>6.2f} s (CPU {warm['process_cpu_ms']:>6.0f} ms, thread "
                      f"{warm['script_cpu_ms']:>6.0f} ms, wall {warm['script_wall_ms']:>6.0f} ms)   "
                      f"warm tab {tab['idle_s']:>6.2f} s", file=sys.stderr, flush=True)
        finally:
            browser.close()
    return rows


def main(args) -> int:
    tmp = tempfile.TemporaryDirectory(prefix="mcu_browser_")
    work = Path(tmp.name)
    try:
        url = args.url or demo_store(args.rows, work)
        paths = [p for p in chromium.PAGES if not args.only or chromium.PAGES[p] == args.only or p == args.only]
        log_path = work / "app.log"
        before = loadavg()
        with chromium.serve(url, log_path, env={"MCU_PROFILE_RUNS": os.environ.get("MCU_PROFILE_RUNS") or "1"}) as (base, _):
            rows = measure(base, log_path, paths, args.timeout * 1000)
        result = {"kind": "browser", "rows": None if args.url else args.rows, "store": "url" if args.url else "demo",
                  "when": datetime.now().isoformat(timespec="seconds"), "loadavg_before": before,
                  "loadavg_after": loadavg(), "cpus": os.cpu_count(), "pages": rows}
        text = json.dumps(result, ensure_ascii=False, indent=1)
        if args.json:
            Path(args.json).write_text(text, encoding="utf-8")
        print(text)
        return 1 if any(r[k]["errors"] for r in rows for k in ("cold", "warm", "warm_tab")) else 0
    finally:
        tmp.cleanup()
