"""The thin Streamlit side of roles: read the settings and the signed-in user, draw the sign-in page and the
sidebar line saying who is signed in. The decisions are in ``components.frame.roles`` (pure, unit-tested)."""
from __future__ import annotations

import re

import streamlit as st

from components.frame.roles import Access, RolesConfig, RolesError, auth_problem, parse_roles, reference_names, resolve
from data_access.store.reference import Reference

TOKEN_PARAM = "token"  # the wall screen's token in its URL: /?mode=screen&token=…


def secrets() -> dict:
    try:
        return dict(st.secrets) if st.secrets.load_if_toml_exists() else {}
    except Exception:
        return {}


def user_claims(settings: dict) -> dict:
    """The signed-in user's claims, or {} where sign-in is not configured."""
    if "auth" not in settings:
        return {}
    try:
        return st.user.to_dict()
    except Exception:
        return {}


def roles_config(ref: Reference, settings: dict | None = None) -> RolesConfig:
    """The roles of ``.streamlit/secrets.toml``; raises ``RolesError`` (Russian) on any mistake or when roles
    are configured without ``[auth]``."""
    settings = secrets() if settings is None else settings
    config = parse_roles(settings.get("roles"), reference_names(ref))
    if problem := auth_problem(settings, config):
        raise RolesError(problem)
    return config


def session_access(ref: Reference) -> Access:
    """This session's access (raises ``RolesError``: the app then refuses to start)."""
    settings = secrets()
    config = roles_config(ref, settings)
    token = st.query_params.get(TOKEN_PARAM)
    return resolve(config, user_claims(settings), token)


def render_sign_in(access: Access) -> None:
    """The whole page for a session without access: why, and the sign-in button where signing in helps."""
    st.title("МЦУ — аналитика обращений")
    if access.sign_in:
        st.info("Дашборд открыт только сотрудникам. Войдите через учётную запись организации.",
                icon=":material/lock:")
        st.button("Войти", on_click=st.login, type="primary", key="signin_login", icon=":material/login:")
    else:
        st.warning(_plain(access.reason), icon=":material/lock:")
        if user_claims(secrets()).get("is_logged_in"):
            st.button("Выйти", on_click=st.logout, key="signin_logout")


def _plain(text: str) -> str:
    """``text`` (a claim of the identity provider) shown literally in Markdown: no links, no formatting."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~@:])", r"\\\1", text)


def render_who(access: Access) -> None:
    """Sidebar: who is signed in, the role and its scope; the sign-out button."""
    if not access.configured:
        return
    user = user_claims(secrets())
    who = user.get("email") or user.get("name") or "экран"
    line = f"{who} — {access.label}" + (f" ({access.scope_text})" if access.scope_text else "")
    # st.text: a claim of the identity provider is shown literally (Markdown would make links of it)
    st.text(line, help="Роль и доступные данные назначает администратор (раздел [roles] в "
                       ".streamlit/secrets.toml). Все страницы, списки и выгрузки показывают только доступное.")
    if user.get("is_logged_in"):
        st.button("Выйти", on_click=st.logout, key="signin_logout_sidebar", type="tertiary", icon=":material/logout:")
