"""Roles settings and signed-in users for AppTest: the same ``[roles]`` table a deployment writes."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

SCREEN_TOKEN = "wall-" + "7" * 40
ZHKH = "Жилищно-коммунальное хозяйство"
ROLES = {
    "admins": {"role": "admin", "users": ["admin@mcu.test"]},
    "head": {"role": "head", "users": ["head@mcu.test"]},
    "zhkh": {"role": "sector_lead", "users": ["zhkh@mcu.test"], "sectors": [ZHKH]},
    "kirov": {"role": "sector_lead", "users": ["kirov@mcu.test"], "districts": ["Кировский"]},
    "guests": {"role": "viewer", "groups": ["guests"], "sectors": ["Дороги"], "districts": ["Советский"]},
    "wall": {"role": "screen", "token": SCREEN_TOKEN, "sectors": [ZHKH]},
}
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-cookie-secret",
        "client_id": "mcu", "client_secret": "x",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
USERS = {"admin": "admin@mcu.test", "head": "head@mcu.test", "zhkh": "zhkh@mcu.test", "kirov": "kirov@mcu.test"}


def with_roles(at: AppTest, who: str | None = None, groups: list[str] | None = None) -> AppTest:
    """Configure the roles (and sign-in) on ``at``; sign in as ``who`` (a key of USERS or an e-mail)."""
    at.secrets["roles"] = ROLES
    at.secrets["auth"] = AUTH
    if who is None and groups is None:
        at.user = {"is_logged_in": False}
    else:
        at.user = {"is_logged_in": True, "email": USERS.get(who, who) if who else "someone@mcu.test",
                   **({"groups": groups} if groups else {})}
    return at
