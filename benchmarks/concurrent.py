"""N people at once: N headless Chromium sessions, each opening 4 pages with its own filters.

    python -m benchmarks --concurrent 20 [--rows N | --url URL | --app http://host:port] [--processes 2] [--json PATH]

Without ``--app`` the app is started here (``streamlit run app.py``) on a demo store of ``--rows`` items reaching
today, or on the store at ``--url`` — one process, or ``--processes P`` behind nginx with the shipped site (a
DuckDB store opened read-only by each); with ``--app`` the sessions go to an app already running (for example
several app processes behind nginx, README «Несколько процессов»). Every session is its own browser context
(its own cookies and websocket); all start together. Meanwhile the server's health endpoint is asked every 0.5 s.
Reported as JSON: per page and over all pages the seconds from navigation to drawn (p50, p95, max), the errors
(an error box on the page, or a page not drawn within ``--timeout`` seconds), the health endpoint's latency.
"""
from __future__ import annotations

import asyncio
import json
import math
import ssl
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

from benchmarks import chromium
from benchmarks.browser import demo_store, loadavg

PROFILE = {"MCU_PROFILE_RUNS": "1"}  # each script run's time in the app's log (components/frame/run_timer.py)
PERIODS = ("7 дней", "30 дней", "90 дней", "С начала года")
PATHS = ("", "overview", "sla", "items", "slices", "rating", "satisfaction")


def session_urls(i: int, districts: list[str]) -> list[str]:
    """The 4 page URLs of session ``i``: pages in a rotation, a period and a district of its own."""
    from urllib.parse import urlencode

    urls = []
    for j in range(4):
        path = PATHS[(i + j) % len(PATHS)]
        params = {"period": PERIODS[(i + j) % len(PERIODS)]}
        if districts and (i + j) % 3:
            params["district"] = districts[(i * 3 + j) % len(districts)]
        urls.append(f"{path}?{urlencode(params)}")
    return urls


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))  # nearest rank
    return round(ordered[k], 2)


def stats(values: list[float]) -> dict:
    return {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
            "max": round(max(values), 2) if values else None,
            "mean": round(statistics.fmean(values), 2) if values else None}


class HealthSampler(threading.Thread):
    """Asks ``/_stcore/health`` every ``every_s`` seconds; keeps each answer's latency (a failure counts as its
    time until the error)."""

    def __init__(self, base: str, every_s: float = 0.5):
        super().__init__(daemon=True)
        self.base, self.every_s = base, every_s
        self.latencies: list[float] = []
        self.failures = 0
        self.stop = threading.Event()
        # the latency is measured, not the certificate: nginx in front of --processes has a self-signed one
        self.tls = ssl._create_unverified_context() if base.startswith("https:") else None

    def run(self) -> None:
        while not self.stop.is_set():
            t = time.perf_counter()
            try:
                ok = urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=30,
                                            context=self.tls).read() == b"ok"
            except OSError:
                ok = False
            self.latencies.append(time.perf_counter() - t)
            self.failures += 0 if ok else 1
            self.stop.wait(self.every_s)


async def one_session(browser, base: str, i: int, urls: list[str], timeout_ms: int, out: list[dict]) -> None:
    context = await browser.new_context(viewport={"width": 1600, "height": 1000}, ignore_https_errors=True)
    try:
        page = await context.new_page()
        for url in urls:
            t = time.perf_counter()
            row = {"session": i, "url": "/" + url, "page": chromium.PAGES.get(url.split("?")[0], url)}
            try:
                await page.goto(f"{base}/{url}", timeout=timeout_ms)
                await chromium.wait_drawn_async(page, timeout_ms)
                row["seconds"] = round(time.perf_counter() - t, 3)
                errors = await page.evaluate(chromium.ERRORS_JS)
                if errors:
                    row["error"] = f"{errors} error box(es) on the page"
            except Exception as exc:  # a timeout or a lost page: an error of this run, reported, not raised
                row["seconds"] = round(time.perf_counter() - t, 3)
                row["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
            out.append(row)
            print(f"{len(out):>4}  session {i:>3}  {row['seconds']:>7.1f} s  {row['page']}"
                  f"{'  ' + row['error'] if 'error' in row else ''}", file=sys.stderr, flush=True)
    finally:
        await context.close()


async def drive(base: str, n: int, districts: list[str], timeout_ms: int) -> list[dict]:
    from playwright.async_api import async_playwright

    out: list[dict] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium.require_chromium(), args=chromium.CHROMIUM_ARGS)
        try:
            await asyncio.gather(*(one_session(browser, base, i, session_urls(i, districts), timeout_ms, out)
                                   for i in range(n)))
        finally:
            await browser.close()
    return out


def run(base: str, n: int, districts: list[str], timeout_s: int) -> dict:
    health = HealthSampler(base)
    health.start()
    t = time.perf_counter()
    try:
        rows = asyncio.run(drive(base, n, districts, timeout_s * 1000))
    finally:
        health.stop.set()
        health.join(timeout=35)
    by_page: dict[str, list[float]] = {}
    for r in rows:
        if "error" not in r:
            by_page.setdefault(r["page"], []).append(r["seconds"])
    return {"sessions": n, "pages_opened": len(rows), "wall_s": round(time.perf_counter() - t, 1),
            "all_pages": stats([r["seconds"] for r in rows if "error" not in r]),
            "per_page": {page: stats(v) for page, v in sorted(by_page.items())},
            "errors": [r for r in rows if "error" in r],
            "health": {**stats(health.latencies), "failures": health.failures}}


def server_runs(logs: list[Path]) -> dict:
    """The script runs the app processes logged meanwhile (``MCU_PROFILE_RUNS=1``): wall and CPU seconds per run —
    which part of a page's time the server spent on it, and which part went to waiting (here or in the browser)."""
    from components.frame import run_timer

    runs = [r for log in logs if log.exists() for r in run_timer.parse(log.read_text(encoding="utf-8", errors="replace"))]
    return {"runs": len(runs), "wall_s": stats([r["wall_ms"] / 1000 for r in runs]),
            "thread_cpu_s": stats([r["cpu_ms"] / 1000 for r in runs])}


def district_names(url: str | None) -> list[str]:
    from data_access.domain.profile import load_profile

    if url:
        from data_access.store.engine import make_engine
        from data_access.store.reference import read_reference

        engine = make_engine(url)
        try:
            return list(read_reference(engine).districts["name"])
        finally:
            engine.dispose()
    return [d.name for d in load_profile("krasnoyarsk").districts]


def main(args) -> int:
    tmp = tempfile.TemporaryDirectory(prefix="mcu_concurrent_")
    try:
        before = loadavg()
        if args.app:
            target = args.app
            result = run(args.app.rstrip("/"), args.concurrent, district_names(args.url), args.timeout)
        else:
            url = args.url or demo_store(args.rows, Path(tmp.name))
            names = district_names(url)
            if args.processes > 1:
                from benchmarks.cluster import serve_cluster

                if url.startswith("duckdb:") and "access_mode" not in url:
                    url += ("&" if "?" in url else "?") + "access_mode=read_only"  # several processes: readers
                target = f"{args.processes} app processes behind nginx (deploy/nginx-mcu.conf)"
                with serve_cluster(url, Path(tmp.name), args.processes, env=PROFILE) as (base, ports, _):
                    result = run(base, args.concurrent, names, args.timeout)
                result["server"] = server_runs([Path(tmp.name) / f"app_{p}.log" for p in ports])
            else:
                target = "one app process"
                with chromium.serve(url, Path(tmp.name) / "app.log", env=PROFILE) as (base, _):
                    result = run(base, args.concurrent, names, args.timeout)
                result["server"] = server_runs([Path(tmp.name) / "app.log"])
        result = {"kind": "concurrent", "when": datetime.now().isoformat(timespec="seconds"),
                  "target": target, "rows": None if args.url or args.app
                  else args.rows, "loadavg_before": before, "loadavg_after": loadavg(), "cpus": os.cpu_count(),
                  **result}
        text = json.dumps(result, ensure_ascii=False, indent=1)
        if args.json:
            Path(args.json).write_text(text, encoding="utf-8")
        print(text)
        return 1 if result["errors"] else 0
    finally:
        tmp.cleanup()
