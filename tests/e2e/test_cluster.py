"""Two app processes behind Debian's nginx with the shipped site (deploy/nginx-mcu.conf): a browser session stays on
one process — its page, its websocket, every later request — and both processes serve pages. The processes share
one DuckDB store opened read-only (``?access_mode=read_only``), as README «Несколько процессов приложения» says."""
from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from playwright.sync_api import expect

from benchmarks.cluster import NGINX, serve_cluster
from tests.e2e.conftest import assert_no_errors, settle, wait_until

pytestmark = pytest.mark.e2e
LINE = re.compile(r"^(?P<uri>\S+) (?P<status>\d+) upstream=(?P<upstream>\S*) node=(?P<node>\S*) set=")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, e2e_store):
    if not Path(NGINX).exists() or not shutil.which("openssl"):
        reason = "nginx или openssl не найдены: apt-get install nginx-light openssl"
        print(f"\nSKIP cluster test: {reason}")
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("cluster")
    store = work / "shared.duckdb"  # a copy: the other browser tests' app holds e2e_store open for writing
    shutil.copy(e2e_store.removeprefix("duckdb:///"), store)
    with serve_cluster(f"duckdb:///{store}?access_mode=read_only", work, processes=2) as running:
        yield running


def requests_by_node(access_log: Path) -> dict[str, list[tuple[str, str]]]:
    """nginx's log: sticky key (the cookie's value; the first request's own, which becomes the cookie) ->
    [(request URI, upstream port)]."""
    out = defaultdict(list)
    for line in access_log.read_text().splitlines():
        if (m := LINE.match(line)) and m["node"] not in ("", "-") and m["upstream"] not in ("", "-"):
            out[m["node"]].append((m["uri"], m["upstream"].rsplit(":", 1)[-1]))
    return out


def test_a_session_stays_on_one_process_and_both_serve(browser, cluster):
    public, ports, access_log = cluster
    seen_ports: set[str] = set()
    opened = 0
    while seen_ports != {str(p) for p in ports}:  # new browsers until both processes have served one
        assert opened < 16, f"16 new browsers all on processes {seen_ports}: the cookie does not spread sessions"
        context = browser.new_context(ignore_https_errors=True, viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        page.goto(f"{public}/overview")
        settle(page)
        expect(page.locator('[data-testid="stMetricValue"]').first).to_be_visible()  # the websocket works
        assert_no_errors(page)
        page.goto(f"{public}/sla")  # a second page of the same browser: a new websocket, the same process
        settle(page)
        assert_no_errors(page)
        node = next(c["value"] for c in context.cookies() if c["name"] == "mcu_node")
        context.close()
        opened += 1
        # nginx logs a websocket when it closes: both pages' sockets, once the browser has gone
        wait_until(lambda n=node: sum(uri.startswith("/_stcore/stream") for uri, _ in requests_by_node(access_log)[n])
                   >= 2, "both websockets of the browser in nginx's log")
        requests = requests_by_node(access_log)[node]
        assert any(uri.startswith("/overview") for uri, _ in requests), requests  # the first page, before its cookie
        upstreams = {port for _, port in requests}
        assert len(upstreams) == 1, f"one browser's requests went to several processes: {requests}"
        seen_ports |= upstreams
