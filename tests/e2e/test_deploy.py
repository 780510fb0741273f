"""The deployment in a browser: Debian's nginx with deploy/nginx-mcu.conf (TLS, WebSocket upgrade) in front of the
app on 127.0.0.1, sign-in through a local OpenID provider — all on 127.0.0.1 ports started here."""
from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from data_access.profile import PROJECT_ROOT
from tests.e2e.conftest import LOAD_TIMEOUT_MS, SCREENSHOTS, _free_port, assert_no_errors, stop
from tests.e2e.oidc import sign_in, start_app_with_roles
from tests.roles_env import USERS

pytestmark = pytest.mark.e2e
SITE = PROJECT_ROOT / "deploy" / "nginx-mcu.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def site_for_test(work: Path, http_port: int, https_port: int, app_port: int) -> Path:
    """deploy/nginx-mcu.conf with test ports, a self-signed certificate and the app's port; the rest as shipped."""
    cert, key = work / "cert.pem", work / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", str(key),
                    "-out", str(cert), "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    text = SITE.read_text(encoding="utf-8")
    for old, new in (("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
                     ("/etc/ssl/mcu/fullchain.pem", str(cert)), ("/etc/ssl/mcu/privkey.pem", str(key)),
                     ("http://127.0.0.1:8501", f"http://127.0.0.1:{app_port}")):
        assert old in text, old  # the shipped file still has what the test replaces
        text = text.replace(old, new)
    site = work / "site.conf"
    site.write_text(text, encoding="utf-8")
    temp = "".join(f"{kind}_temp_path {work / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = work / "nginx.conf"
    main.write_text(f"worker_processes 1;\nuser root;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'};\n"
                    f"events {{ worker_connections 256; }}\n"
                    f"http {{\naccess_log {work / 'access.log'};\n{temp}include {site};\n}}\n", encoding="utf-8")
    return main


def wait_port(port: int, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


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
