"""Headless Chromium (Debian's, through Playwright's Python client) and the app under it, for the browser benchmarks.

The browser tests (tests/e2e/conftest.py) use the same browser path, arguments and «drawn» condition from here.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("MCU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# Drawn: the script has ended, nothing on the page is stale (left over from the previous run) or still loading
# its component (a skeleton stands in for a lazily loaded chart), every plotly
# chart has its SVG with plotly's layout attached, every deck.gl map its canvas sized, and the fonts are loaded.
DRAWN_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.fonts && document.fonts.status !== 'loaded') return false;
  if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
  for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    const plot = c.querySelector('.js-plotly-plot');
    if (!plot || !plot._fullLayout || !plot.querySelector('.main-svg')) return false;
  }
  for (const c of document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')) {
    const canvas = c.querySelector('canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
  }
  return true;
}"""
NEXT_FRAME_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
ERRORS_JS = """() => document.querySelectorAll('[data-testid="stException"], [data-testid="stAlertContentError"]').length
                    + (document.body.innerText.includes('Traceback') ? 1 : 0)"""

# every page of a default (no roles) installation: URL path → title as the app names it
PAGES = {"": "Тепловая карта", "overview": "Обзор", "sla": "Сроки", "workload": "Загрузка блоков",
         "note": "Аналитическая записка", "items": "Обращения", "slices": "Разрезы", "rating": "Рейтинг исполнителей",
         "satisfaction": "Удовлетворенность", "targets": "Целевые показатели", "screen": "Экран заседания"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, timeout_s: float = 90, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"the app at {base} exited with code {proc.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app at {base} did not answer in {timeout_s:.0f} s") from None
            time.sleep(0.3)  # polling interval while the server starts


def app_command(port: int, *args: str) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
            "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false", *args]


@contextmanager
def serve(store_url: str, log_path: Path, *, port: int | None = None, env: dict | None = None,
          args: tuple[str, ...] = ()):
    """``streamlit run app.py`` against ``store_url`` on ``port``; yields (base URL, process)."""
    port = port or free_port()
    full_env = {**os.environ, "MCU_DATABASE_URL": store_url, "PYTHONUNBUFFERED": "1", **(env or {})}
    with open(log_path, "w") as log:
        proc = subprocess.Popen(app_command(port, *args), cwd=PROJECT_ROOT, env=full_env, stdout=log,
                                stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, proc=proc)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def require_chromium() -> str:
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium не найден ({CHROMIUM}): установите пакет chromium (apt-get install chromium)")
    return CHROMIUM


def wait_drawn(page, timeout_ms: int) -> None:
    """Wait until the page is drawn (``DRAWN_JS``), twice a frame apart: widgets bound to the URL may rerun the
    script once more right after the first run."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    for _ in range(2):
        page.wait_for_function(DRAWN_JS, timeout=timeout_ms)
        page.evaluate(NEXT_FRAME_JS)
    page.wait_for_function(DRAWN_JS, timeout=timeout_ms)


async def wait_drawn_async(page, timeout_ms: int) -> None:
    await page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    for _ in range(2):
        await page.wait_for_function(DRAWN_JS, timeout=timeout_ms)
        await page.evaluate(NEXT_FRAME_JS)
    await page.wait_for_function(DRAWN_JS, timeout=timeout_ms)
