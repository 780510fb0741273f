"""Server script time of every page with warm caches, without a browser (Streamlit's AppTest, in this process).

    python -m benchmarks --script-time [--url URL | --rows N] [--repeat 7] [--json PATH]

Each page is run once to fill the caches, then ``--repeat`` times; reported per page: the median CPU time of the
process during a run (the script's thread, DuckDB's threads) and its wall time. What the browser and the
websocket add is measured by ``--browser``.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import chromium
from benchmarks.browser import demo_store, loadavg

# the browser benchmark's pages by their scripts (each URL path is its script's name; the start page is the heat map)
PAGES = {f"app_pages/{path or 'heatmap'}.py": title for path, title in chromium.PAGES.items()}
ROOT = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def time_page(page: str, repeat: int) -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page(page)
    at.run()  # the page's queries cached
    if at.exception:
        return {"error": str(at.exception[0].message)[:300]}
    cpu, wall = [], []
    for _ in range(repeat):
        c, w = _cpu(), time.perf_counter()
        at.run()
        cpu.append((_cpu() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return {"cpu_ms": round(statistics.median(cpu), 1), "wall_ms": round(statistics.median(wall), 1),
            "cpu_min_ms": round(min(cpu), 1)}


def main(args) -> int:
    tmp = tempfile.TemporaryDirectory(prefix="mcu_script_")
    try:
        url = args.url or demo_store(args.rows, Path(tmp.name))
        os.environ["MCU_DATABASE_URL"] = url
        os.chdir(ROOT)
        before = loadavg()
        rows = []
        for page, title in PAGES.items():
            if args.only and args.only not in (title, Path(page).stem):
                continue
            row = {"page": title, **time_page(page, args.repeat)}
            rows.append(row)
            print(f"{title:<22} CPU {row.get('cpu_ms', float('nan')):>7.1f} ms  wall {row.get('wall_ms', float('nan')):>7.1f}"
                  f" ms  {row.get('error', '')}", file=sys.stderr, flush=True)
        result = {"kind": "script_time", "loadavg_before": before, "loadavg_after": loadavg(), "repeat": args.repeat,
                  "pages": rows}
        text = json.dumps(result, ensure_ascii=False, indent=1)
        if args.json:
            Path(args.json).write_text(text, encoding="utf-8")
        print(text)
        return 1 if any("error" in r for r in rows) else 0
    finally:
        tmp.cleanup()
