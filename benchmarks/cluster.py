"""Several app processes behind Debian's nginx with the shipped site (deploy/nginx-mcu.conf), all on 127.0.0.1:
used by the browser tests (tests/e2e/test_deploy.py, test_cluster.py) and ``python -m benchmarks --concurrent N
--processes P``."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from benchmarks import chromium

SITE = chromium.PROJECT_ROOT / "deploy" / "nginx-mcu.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def site_for_test(work: Path, http_port: int, https_port: int, app_port: int | list[int]) -> Path:
    """deploy/nginx-mcu.conf with test ports, a self-signed certificate and the app's port (or several app
    processes' ports); the rest as shipped. nginx's access log (``work``/access.log) names for every request its
    upstream and the sticky-session cookie."""
    ports = app_port if isinstance(app_port, list) else [app_port]
    cert, key = work / "cert.pem", work / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", str(key),
                    "-out", str(cert), "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    text = SITE.read_text(encoding="utf-8")
    for old, new in (("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
                     ("/etc/ssl/mcu/fullchain.pem", str(cert)), ("/etc/ssl/mcu/privkey.pem", str(key)),
                     ("server 127.0.0.1:8501;", "".join(f"server 127.0.0.1:{p};\n" for p in ports))):
        assert old in text, old  # the shipped file still has what the test replaces
        text = text.replace(old, new)
    site = work / "site.conf"
    site.write_text(text, encoding="utf-8")
    temp = "".join(f"{kind}_temp_path {work / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = work / "nginx.conf"
    main.write_text(f"worker_processes 1;\nuser root;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'};\n"
                    f"events {{ worker_connections 256; }}\n"
                    f"http {{\nlog_format mcu '$request_uri $status upstream=$upstream_addr node=$mcu_node "
                    f"set=$mcu_node_cookie';\naccess_log {work / 'access.log'} mcu;\n{temp}include {site};\n}}\n",
                    encoding="utf-8")
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


@contextmanager
def serve_cluster(store_url: str, work: Path, processes: int, env: dict | None = None):
    """``processes`` app processes on ``store_url`` (a DuckDB file: give it ``?access_mode=read_only``) behind
    nginx with the shipped site; yields (public https base URL, app ports, nginx access log)."""
    if not Path(NGINX).exists() or not shutil.which("openssl"):
        raise RuntimeError("nginx или openssl не найдены: apt-get install nginx-light openssl")
    ports = [chromium.free_port() for _ in range(processes)]
    http_port, https_port = chromium.free_port(), chromium.free_port()
    main = site_for_test(work, http_port, https_port, ports)
    with ExitStack() as stack:
        for port in ports:
            stack.enter_context(chromium.serve(store_url, work / f"app_{port}.log", port=port, env=env))
        proc = subprocess.Popen([NGINX, "-p", str(work), "-c", str(main), "-g", "daemon off;"],
                                stdout=subprocess.DEVNULL, stderr=open(work / "nginx.out", "w"))
        try:
            wait_port(https_port)
            yield f"https://127.0.0.1:{https_port}", ports, work / "access.log"
        finally:
            proc.terminate()
            proc.wait(timeout=15)
