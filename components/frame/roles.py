"""Roles: who may see and change what. Pure: the settings and the user's claims in, an ``Access`` out.

The administrator configures roles in ``.streamlit/secrets.toml``; each table under ``[roles]`` is one grant::

    [roles]
    groups_claim = "groups"              # the OIDC claim with the user's groups (default "groups")

    [roles.admins]
    role = "admin"                       # admin | head | sector_lead | viewer | screen
    users = ["admin@admkrsk.ru"]         # e-mails of signed-in users
    groups = ["mcu-admins"]              # and/or groups from the claim

    [roles.zhkh]
    role = "sector_lead"
    users = ["zhkh@admkrsk.ru"]
    sectors = ["Жилищно-коммунальное хозяйство"]   # names (or codes) as in the profile
    districts = []                       # district names; executors = [...] executor names
    personal_data = true                 # with [access] personal_data = "listed": this grant sees personal data

    [roles.wall]
    role = "screen"
    token = "…at least 32 random characters…"     # the wall opens /?mode=screen&token=…

A grant's scope (``data_access.store.scope.Scope``) restricts everything the user reads. ``admin`` and ``head`` see
everything and take no scope; a ``sector_lead`` must have one; a ``viewer`` without one sees everything.
Any mistake (an unknown role, key or name, a short token, an e-mail in two grants) is a ``RolesError`` with
a Russian message: the app refuses to start rather than guess — a typo never widens access.
"""
from __future__ import annotations

import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

from data_access.store.scope import EVERYTHING, NOTHING, Scope

ROLES = ("admin", "head", "sector_lead", "viewer", "screen")
ROLE_LABELS = {"admin": "администратор", "head": "руководитель МЦУ", "sector_lead": "ответственный по блоку",
               "viewer": "наблюдатель", "screen": "экран заседания"}
SCOPE_KEYS = ("sectors", "districts", "executors")
SCOPE_LABELS = {"sectors": "блоки", "districts": "районы", "executors": "исполнители"}
GRANT_KEYS = {"role", "users", "groups", "token", "personal_data", *SCOPE_KEYS}
MIN_TOKEN = 32
TOKEN_RE = re.compile(rf"[A-Za-z0-9_-]{{{MIN_TOKEN},}}")  # what secrets.token_urlsafe gives; no placeholder text
DEFAULT_GROUPS_CLAIM = "groups"


class RolesError(ValueError):
    """The roles settings cannot be used; the message is Russian, for the administrator."""


@dataclass(frozen=True)
class Grant:
    name: str                      # the table name under [roles]
    role: str
    scope: Scope = EVERYTHING
    users: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    token: str | None = None
    personal_data: bool = False
    scope_text: str = ""           # the allowed names, for the sidebar


@dataclass(frozen=True)
class RolesConfig:
    grants: tuple[Grant, ...] = ()
    groups_claim: str = DEFAULT_GROUPS_CLAIM

    @property
    def configured(self) -> bool:
        return bool(self.grants)


@dataclass(frozen=True)
class Access:
    """What this session may do. ``role`` None: nothing (``reason`` says why; ``sign_in`` — it may sign in)."""

    role: str | None
    scope: Scope = NOTHING
    personal_data_grant: bool = False
    scope_text: str = ""
    reason: str = ""
    sign_in: bool = False
    configured: bool = True        # False: no roles configured (the embedded demo): everyone reads everything

    @property
    def may_load(self) -> bool:
        return self.role == "admin"

    @property
    def screen_only(self) -> bool:
        return self.role == "screen"

    @property
    def label(self) -> str:
        return ROLE_LABELS.get(self.role or "", "нет доступа")


OPEN_ACCESS = Access("head", EVERYTHING, configured=False)  # no roles configured


def _norm(text) -> str:
    return " ".join(str(text).replace("ё", "е").replace("Ё", "Е").split()).casefold()


def _strings(grant: str, key: str, value) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise RolesError(f"Роли: в [roles.{grant}] ключ «{key}» должен быть списком строк.")
    return [v for v in value if v.strip()]


def _scope(grant: str, entry: Mapping, names: Mapping[str, Mapping[str, int]]) -> tuple[Scope, str]:
    ids: dict[str, tuple[int, ...]] = {}
    shown = []
    for key in SCOPE_KEYS:
        wanted = _strings(grant, key, entry.get(key, []))
        known = {_norm(n): i for n, i in names.get(key, {}).items()}
        unknown = [w for w in wanted if _norm(w) not in known]
        if unknown:
            raise RolesError(
                f"Роли: в [roles.{grant}] {SCOPE_LABELS[key]} не найдены в хранилище: "
                f"{', '.join(repr(u) for u in unknown)}. Пишите названия как в профиле муниципалитета "
                f"(известны: {', '.join(sorted(names.get(key, {}))) or 'нет'}).")
        ids[key] = tuple(known[_norm(w)] for w in wanted)
        if wanted:
            shown.append(", ".join(wanted))
    return Scope(ids["sectors"], ids["districts"], ids["executors"]), "; ".join(shown)


def parse_roles(raw: Mapping | None, names: Mapping[str, Mapping[str, int]]) -> RolesConfig:
    """Read the ``[roles]`` settings. ``names``: {"sectors"|"districts"|"executors": {name: id}} from the store
    (sector codes may be included as names). Raises ``RolesError`` on any mistake."""
    if not raw:
        return RolesConfig()
    if not isinstance(raw, Mapping):
        raise RolesError("Роли: раздел [roles] должен быть таблицей TOML.")
    claim = raw.get("groups_claim", DEFAULT_GROUPS_CLAIM)
    if not isinstance(claim, str) or not claim.strip():
        raise RolesError("Роли: groups_claim должен быть названием поля учётной записи (строкой).")
    grants, seen_users, seen_tokens = [], {}, set()
    for name, entry in raw.items():
        if name == "groups_claim":
            continue
        if not isinstance(entry, Mapping):
            raise RolesError(f"Роли: «{name}» в [roles] — не таблица. Каждая роль — таблица [roles.ИМЯ] "
                             f"с ключами role, users, groups, sectors, districts, executors, token, personal_data.")
        extra = sorted(set(entry) - GRANT_KEYS)
        if extra:
            raise RolesError(f"Роли: в [roles.{name}] неизвестные ключи: {', '.join(extra)}. Допустимы: "
                             f"{', '.join(sorted(GRANT_KEYS))}.")
        role = str(entry.get("role", name if name in ROLES else "")).strip()
        if role not in ROLES:
            raise RolesError(f"Роли: в [roles.{name}] неизвестная роль «{role}». Допустимы: {', '.join(ROLES)}.")
        scope, scope_text = _scope(name, entry, names)
        if role in ("admin", "head") and not scope.unrestricted:
            raise RolesError(f"Роли: [roles.{name}] — роль {role} видит всё; ограничения sectors, districts, "
                             f"executors для неё не задаются (нужна роль sector_lead или viewer).")
        if role == "sector_lead" and scope.unrestricted:
            raise RolesError(f"Роли: [roles.{name}] — ответственному по блоку нужно указать sectors, districts "
                             f"или executors: без них доступ не открывается.")
        users = frozenset(_norm(u) for u in _strings(name, "users", entry.get("users", [])))
        groups = frozenset(_strings(name, "groups", entry.get("groups", [])))
        token = entry.get("token")
        if token is not None:
            if role != "screen":
                raise RolesError(f"Роли: [roles.{name}] — token задаётся только для роли screen.")
            if not isinstance(token, str) or not TOKEN_RE.fullmatch(token.strip()):
                raise RolesError(f"Роли: [roles.{name}] — token экрана должен быть случайной строкой из латинских "
                                 f"букв, цифр, «-» и «_» не короче {MIN_TOKEN} знаков (например, python -c \"import secrets; "
                                 f"print(secrets.token_urlsafe(32))\").")
            token = token.strip()
            if token in seen_tokens:
                raise RolesError(f"Роли: [roles.{name}] — такой token уже задан у другого экрана.")
            seen_tokens.add(token)
        if not (users or groups or token):
            raise RolesError(f"Роли: [roles.{name}] никому не назначена: укажите users, groups или token.")
        for user in users:
            if user in seen_users:
                raise RolesError(f"Роли: {user} указан и в [roles.{seen_users[user]}], и в [roles.{name}]; "
                                 f"у пользователя должна быть одна роль.")
            seen_users[user] = name
        personal = entry.get("personal_data", False)
        if not isinstance(personal, bool):
            raise RolesError(f"Роли: [roles.{name}] — personal_data должен быть true или false.")
        grants.append(Grant(str(name), role, scope, users, groups, token, personal, scope_text))
    return RolesConfig(tuple(grants), claim.strip())


def _user_groups(user: Mapping, claim: str) -> set[str]:
    value = user.get(claim)
    if isinstance(value, str):
        return {value}
    if isinstance(value, (list, tuple, set, frozenset)):
        return {str(v) for v in value}
    return set()


def _granted(grant: Grant) -> Access:
    return Access(grant.role, grant.scope, grant.personal_data, grant.scope_text)


def resolve(config: RolesConfig, user: Mapping, token: str | None = None) -> Access:
    """The access of one session: from its signed-in user's claims (``is_logged_in``, ``email``, the groups
    claim) or, for the wall screen, the token from its URL. Without roles configured: ``OPEN_ACCESS``."""
    if not config.configured:
        return OPEN_ACCESS
    if token:
        for grant in config.grants:
            if grant.token and hmac.compare_digest(grant.token.encode(), str(token).strip().encode()):
                return _granted(grant)
        return Access(None, reason="Ссылка экрана недействительна: попросите у администратора новую.")
    if not user.get("is_logged_in"):
        return Access(None, sign_in=True, reason="Войдите через учётную запись организации.")
    email = _norm(user.get("email") or "")
    by_email = [g for g in config.grants if email and email in g.users]
    if by_email:
        return _granted(by_email[0])  # parse_roles allows an e-mail in one grant only
    groups = _user_groups(user, config.groups_claim)
    by_group = [g for g in config.grants if g.groups & groups]
    kinds = {(g.role, g.scope, g.personal_data) for g in by_group}
    if len(kinds) == 1:
        return _granted(by_group[0])
    who = user.get("email") or "без e-mail"
    if len(kinds) > 1:
        return Access(None, reason=f"Учётная запись {who} подходит к нескольким ролям "
                                   f"({', '.join(sorted(g.name for g in by_group))}): обратитесь к администратору.")
    return Access(None, reason=f"Для учётной записи {who} роль не назначена: обратитесь к администратору МЦУ.")


def reference_names(ref) -> dict[str, dict[str, int]]:
    """``names`` for ``parse_roles`` from the store's reference tables (sector codes count as names too)."""
    sectors = {**dict(zip(ref.sectors["code"], ref.sectors["id"])), **dict(zip(ref.sectors["name"], ref.sectors["id"]))}
    return {"sectors": {str(k): int(v) for k, v in sectors.items()},
            "districts": {str(n): int(i) for n, i in zip(ref.districts["name"], ref.districts["id"])},
            "executors": {str(n): int(i) for n, i in zip(ref.executors["name"], ref.executors["id"])}}


def auth_problem(secrets: Mapping, config: RolesConfig) -> str | None:
    """A Russian reason to refuse to start: roles configured without sign-in (``[auth]``), else None."""
    if config.configured and not secrets.get("auth"):
        return ("Роли настроены ([roles] в .streamlit/secrets.toml), но вход не настроен: нет раздела [auth] "
                "(OpenID Connect). Без входа роли нельзя проверить, поэтому приложение не запускается. "
                "Добавьте [auth] (README, раздел «Вход и роли») или уберите [roles].")
    return None

