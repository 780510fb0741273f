"""Opt-in timing of each script run, for finding where a page's server time goes (docs/benchmarks.md).

    MCU_PROFILE_RUNS=1            one log line per run: page, wall time, CPU time of the script's thread and of
                                  the whole process (DuckDB's threads, the server sending the messages)
    MCU_PROFILE_RUNS=pyinstrument the same, and a pyinstrument call tree of each run written beside the log
                                  (folder MCU_PROFILE_DIR, default data/profiles/; pyinstrument: requirements-dev)

CPU time is the script thread's own (``time.thread_time``; other sessions and other processes on the machine do
not count in it) and the process's (``getrusage``: also the database's threads and the server thread that sends
the page, but also any other session served meanwhile); both compare before/after on a loaded machine. Unset (the
default), nothing is measured and nothing is imported.
"""
from __future__ import annotations

import logging
import os
import re
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("mcu.runs")
LINE = "script run: page=%s wall_ms=%.1f cpu_ms=%.1f process_cpu_ms=%.1f"
LINE_RE = re.compile(r"script run: page=(?P<page>.*?) wall_ms=(?P<wall>[\d.]+) cpu_ms=(?P<cpu>[\d.]+) "
                     r"process_cpu_ms=(?P<proc>[\d.]+)")


def mode() -> str:
    return os.environ.get("MCU_PROFILE_RUNS", "").strip().lower()


def _process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Run:
    wall: float = field(default_factory=time.perf_counter)
    cpu: float = field(default_factory=time.thread_time)
    process_cpu: float = field(default_factory=lambda: _process_cpu())
    profiler: object = None


def start() -> Run | None:
    """Begin timing this run (None when profiling is off)."""
    how = mode()
    if not how or how in ("0", "no", "false"):
        return None
    run = Run()
    if how == "pyinstrument":
        from pyinstrument import Profiler

        run.profiler = Profiler(interval=0.001, async_mode="disabled")
        run.profiler.start()
    return run


def finish(run: Run | None, page: str) -> None:
    """Log the run's times (and write its call tree); ``page`` is the page's title."""
    if run is None:
        return
    wall_ms = (time.perf_counter() - run.wall) * 1000
    cpu_ms = (time.thread_time() - run.cpu) * 1000
    log.info(LINE, page, wall_ms, cpu_ms, (_process_cpu() - run.process_cpu) * 1000)
    if run.profiler is not None:
        run.profiler.stop()
        folder = Path(os.environ.get("MCU_PROFILE_DIR") or Path(__file__).resolve().parent.parent.parent / "data" / "profiles")
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"\W+", "_", page).strip("_") or "page"
        stamp = time.strftime("%H%M%S") + f"_{int(time.time() * 1000) % 1000:03d}"
        (folder / f"{name}_{stamp}.txt").write_text(
            run.profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")


def parse(text: str) -> list[dict]:
    """The runs logged in ``text`` (a server log): [{page, wall_ms, cpu_ms}] in order."""
    return [{"page": m["page"], "wall_ms": float(m["wall"]), "cpu_ms": float(m["cpu"]), "process_cpu_ms": float(m["proc"])}
            for m in LINE_RE.finditer(text)]
