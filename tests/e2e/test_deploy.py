"""The deployment in a browser: Debian's nginx with deploy/nginx-mcu.conf (TLS, WebSocket upgrade) in front of the
app on 127.0.0.1, sign-in through a local OpenID provider — all on 127.0.0.1 ports started here."""
from __future__ import annotations

import http.client
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from benchmarks.cluster import NGINX, site_for_test, wait_port  # the shipped site with test ports (also benchmarks)
from tests.e2e.conftest import LOAD_TIMEOUT_MS, SCREENSHOTS, _free_port, assert_no_errors, stop
from tests.e2e.oidc import sign_in, start_app_with_roles
from tests.roles_env import USERS

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory, oidc_provider, e2e_store):
    if not Path(NGINX).exists() or not shutil.which("openssl"):
        reason = "nginx или openssl не найдены: apt-get install nginx-light openssl"
        print(f"\nSKIP deploy test: {reason}")
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("deploy")
    app_port, http_port, https_port = _free_port(), _free_port(), _free_port()
    public = f"https://127.0.0.1:{https_port}"
    main = site_for_test(work, http_port, https_port, app_port)
    with start_app_with_roles(Path(e2e_store.removeprefix("duckdb:///")), oidc_provider, work, "deploy_app.log",
                              port=app_port, public_base=public):
        proc = subprocess.Popen([NGINX, "-p", str(work), "-c", str(main), "-g", "daemon off;"],
                                stdout=subprocess.DEVNULL, stderr=open(work / "nginx.out", "w"))
        try:
            wait_port(https_port)
            yield public, http_port
        finally:
            stop(proc)


def test_plain_http_is_sent_to_https(behind_nginx):
    _, http_port = behind_nginx
    conn = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    conn.request("GET", "/items?x=1", headers={"Host": "mcu.example.ru"})
    response = conn.getresponse()
    assert response.status == 301 and response.getheader("Location") == "https://mcu.example.ru/items?x=1"


def test_sign_in_through_nginx(browser, behind_nginx):
    public, _ = behind_nginx
    page = sign_in(browser, public, USERS["head"], "overview", ignore_https_errors=True)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("руководитель МЦУ")
    expect(page.locator('[data-testid="stMetricValue"]').first).to_be_visible(timeout=LOAD_TIMEOUT_MS)  # the socket works
    assert page.url.startswith(public)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "deploy_overview.png"), full_page=True)
    assert_no_errors(page)
    page.context.close()
