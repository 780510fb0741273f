"""Who sees citizens' personal data (152-ФЗ): names, phones, e-mails and flats in texts and addresses.

The policy is in ``.streamlit/secrets.toml``::

    [access]
    personal_data = "masked"            # masked (default) | everyone | listed
    personal_data_users = ["head@mcu.example.ru"]   # for "listed": e-mails of users signed in with st.login

``masked``: nobody sees them; texts are shown with names, phones, e-mails and flats replaced by marks (the
street and house stay: they say where the problem is): the masked copies made at load time
(``data_access.ingest.masker``), which queries read through ``data_access.store.personal_columns``. ``everyone``: a closed
installation whose every user needs them. ``listed``: users signed in through Streamlit's OpenID Connect (the
``[auth]`` section) whose e-mail is listed. The meeting screen masks more (houses too) whatever the policy.
"""
from __future__ import annotations

from collections.abc import Mapping

import streamlit as st


DEFAULT_POLICY = "masked"  # the others: "everyone", "listed"


def may_see_personal_data(access: Mapping, user: Mapping, role_grant: bool = False) -> bool:
    """The decision from the ``[access]`` settings and the user's claims (``is_logged_in``, ``email``).

    ``role_grant``: the user's role grants personal data (``personal_data = true`` in its ``[roles]`` table);
    under ``listed`` it counts like listing the user. An unknown policy counts as ``masked``: a typo must not
    open the data."""
    policy = str(access.get("personal_data", DEFAULT_POLICY)).strip().lower()
    if policy == "everyone":
        return True
    if policy != "listed" or not user.get("is_logged_in"):
        return False
    if role_grant:
        return True
    listed = {str(e).strip().lower() for e in access.get("personal_data_users", ())}
    email = str(user.get("email") or "").strip().lower()
    return bool(email) and email in listed


def _settings() -> tuple[dict, dict, bool]:
    try:
        secrets = dict(st.secrets) if st.secrets.load_if_toml_exists() else {}
    except Exception:
        secrets = {}
    access = dict(secrets.get("access", {}))
    auth = "auth" in secrets
    user = st.user.to_dict() if auth else {}
    return access, user, auth


def personal_data_allowed(role_grant: bool = False) -> bool:
    """For the current session (read once per run by the app frame)."""
    access, user, _ = _settings()
    return may_see_personal_data(access, user, role_grant)


def render_access(allowed: bool, sign_in_buttons: bool = True) -> None:
    """A line in the sidebar saying whether personal data are shown, with sign-in where it is configured
    (``sign_in_buttons`` False: the roles' own sign-in line is there instead)."""
    access, user, auth = _settings()
    if allowed:
        st.caption(":material/visibility: Персональные данные граждан показаны.",
                   help="Имена, телефоны, e-mail и квартиры в текстах видны: ваша роль это предусматривает. "
                        "Не показывайте эти страницы на общем экране.")
    else:
        st.caption(":material/visibility_off: Персональные данные граждан скрыты.",
                   help="Имена, телефоны, e-mail и номера квартир в текстах заменены пометками. Доступ даёт "
                        "администратор (раздел [access] в .streamlit/secrets.toml, см. README «Персональные данные»).")
    if sign_in_buttons and auth and str(access.get("personal_data", "")).lower() == "listed":
        if user.get("is_logged_in"):
            st.button(f"Выйти ({user.get('email', '')})", on_click=st.logout, key="access_logout", type="tertiary")
        else:
            st.button("Войти", on_click=st.login, key="access_login", type="tertiary",
                      help="Вход через учётную запись организации: открывает данные тем, кому они положены.")
