"""Sign-in end to end: a real local OpenID Connect provider (``oidc-provider-mock`` on 127.0.0.1, started here)
and the app started with roles and ``[auth]`` pointing at it. Import the fixtures into a test module."""
from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from tests.e2e.conftest import LOAD_TIMEOUT_MS, _free_port, serve_app, wait_idle
from tests.roles_env import ROLES, USERS

GUEST = "guest@mcu.test"  # a viewer through the groups claim, not by e-mail


def _toml(value) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def secrets_toml(auth: dict, roles: dict) -> str:
    lines = ["[auth]", *(f"{k} = {_toml(v)}" for k, v in auth.items())]
    for name, grant in roles.items():
        lines += ["", f"[roles.{name}]", *(f"{k} = {_toml(v)}" for k, v in grant.items())]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def oidc_provider():
    """Base URL of a local OpenID provider whose users are those of tests/roles_env.py (one click each)."""
    import werkzeug.serving
    from oidc_provider_mock import User, app

    users = [User(sub=email, claims={"email": email}) for email in USERS.values()]
    users.append(User(sub=GUEST, claims={"email": GUEST, "groups": ["guests"]}))
    server = werkzeug.serving.make_server("127.0.0.1", 0, app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def start_app_with_roles(store_file: Path, oidc: str, work: Path, log_name: str, *, port: int | None = None,
                         public_base: str | None = None):
    """Copy ``store_file`` (the app may write: imports) and serve the app with roles and sign-in through
    ``oidc``; ``public_base``: the address the browser uses (behind a proxy), the app's own by default."""
    store = work / "roles.duckdb"
    shutil.copy(store_file, store)
    port = port or _free_port()
    base = public_base or f"http://127.0.0.1:{port}"
    auth = {"redirect_uri": f"{base}/oauth2callback", "cookie_secret": "e2e-cookie-secret-" + "x" * 20,
            "client_id": "mcu-dashboard", "client_secret": "e2e-secret",
            "server_metadata_url": f"{oidc}/.well-known/openid-configuration"}
    secrets = work / "secrets.toml"
    secrets.write_text(secrets_toml(auth, ROLES), encoding="utf-8")
    return serve_app(f"duckdb:///{store}", work / log_name, port=port, args=("--secrets.files", str(secrets)))


@pytest.fixture(scope="module")
def roles_app(oidc_provider, e2e_store, tmp_path_factory):
    """Base URL of the app with the roles of tests/roles_env.py and sign-in through the local provider."""
    work = tmp_path_factory.mktemp("roles_app")
    with start_app_with_roles(Path(e2e_store.removeprefix("duckdb:///")), oidc_provider, work, "roles_app.log") \
            as base:
        yield base


def open_app(browser, url: str, width: int = 1600, height: int = 1000, **context_args):
    """A page in a fresh browser context (its own cookies: one signed-in user per context)."""
    context = browser.new_context(viewport={"width": width, "height": height}, **context_args)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    return page


def sign_in(browser, base: str, email: str, path: str = "", **context_args):
    """Open the app, press «Войти», choose ``email`` on the provider's page; the page back in the app."""
    page = open_app(browser, base + "/" + path.lstrip("/"), **context_args)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=LOAD_TIMEOUT_MS)
    page.get_by_role("button", name=email, exact=True).click()
    page.wait_for_url(base + "/**", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector('[data-testid="stSidebar"]', timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    if path:  # the provider sends the browser back to the app's root
        page.goto(base + "/" + path.lstrip("/"))
        page.wait_for_selector('[data-testid="stSidebar"]', timeout=LOAD_TIMEOUT_MS)
        wait_idle(page)
    return page
