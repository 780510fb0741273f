"""Roles and scopes: the settings are read strictly, and a user gets exactly the grant written for them."""
from __future__ import annotations

import pytest

from components.frame.roles import OPEN_ACCESS, RolesError, auth_problem, parse_roles, resolve
from data_access.store.scope import EVERYTHING, NOTHING, Scope

NAMES = {"sectors": {"Жилищно-коммунальное хозяйство": 3, "zhkh": 3, "Дороги": 4, "roads": 4},
         "districts": {"Кировский": 2, "Советский": 6},
         "executors": {"Департамент ЖКХ и благоустройства": 3, "Администрация Кировского района": 11}}
TOKEN = "x" * 40

ROLES = {
    "groups_claim": "roles",
    "admins": {"role": "admin", "users": ["Admin@Adm.ru"], "groups": ["mcu-admins"]},
    "head": {"users": ["head@adm.ru"]},                                 # the table name is the role
    "zhkh": {"role": "sector_lead", "users": ["zhkh@adm.ru"], "groups": ["zhkh"],
             "sectors": ["Жилищно-коммунальное  хозяйство"], "personal_data": True},
    "kirov": {"role": "sector_lead", "groups": ["kirov"], "districts": ["кировский"],
              "sectors": ["roads", "zhkh"]},
    "guests": {"role": "viewer", "groups": ["guests"]},
    "wall": {"role": "screen", "token": TOKEN, "sectors": ["Дороги"]},
}


def signed(email: str | None = None, **claims) -> dict:
    return {"is_logged_in": True, **({"email": email} if email else {}), **claims}


@pytest.fixture(scope="module")
def config():
    return parse_roles(ROLES, NAMES)


@pytest.mark.parametrize("user, token, role, scope, personal", [
    (signed("admin@adm.ru"), None, "admin", EVERYTHING, False),          # e-mails without case
    (signed("someone@adm.ru", roles=["mcu-admins"]), None, "admin", EVERYTHING, False),
    (signed("head@adm.ru"), None, "head", EVERYTHING, False),
    (signed("zhkh@adm.ru"), None, "sector_lead", Scope(sectors=(3,)), True),
    (signed("x@adm.ru", roles="zhkh"), None, "sector_lead", Scope(sectors=(3,)), True),   # a claim as one string
    (signed("y@adm.ru", roles=["kirov"]), None, "sector_lead", Scope(sectors=(3, 4), districts=(2,)), False),
    (signed("g@adm.ru", roles=["guests"]), None, "viewer", EVERYTHING, False),
    ({}, TOKEN, "screen", Scope(sectors=(4,)), False),
])
def test_user_gets_their_grant(config, user, token, role, scope, personal):
    access = resolve(config, user, token)
    assert (access.role, access.scope, access.personal_data_grant) == (role, scope, personal)


def test_an_e_mail_grant_wins_over_groups(config):
    assert resolve(config, signed("zhkh@adm.ru", roles=["mcu-admins"])).role == "sector_lead"


@pytest.mark.parametrize("user, token, sign_in, words", [
    ({}, None, True, "Войдите"),
    ({"is_logged_in": False, "email": "admin@adm.ru"}, None, True, "Войдите"),   # a stale claim
    (signed("stranger@adm.ru"), None, False, "роль не назначена"),
    (signed("stranger@adm.ru", groups=["mcu-admins"]), None, False, "не назначена"),  # wrong claim name
    (signed("two@adm.ru", roles=["zhkh", "kirov"]), None, False, "нескольким ролям"),
    ({}, "x" * 39, False, "недействительна"),
    ({}, TOKEN + " x", False, "недействительна"),
    (signed("admin@adm.ru"), "wrong" * 10, False, "недействительна"),
])
def test_no_access(config, user, token, sign_in, words):
    access = resolve(config, user, token)
    assert access.role is None and access.scope == NOTHING and not access.may_load
    assert access.sign_in is sign_in and words in access.reason


def test_same_grant_through_two_groups_is_not_ambiguous():
    cfg = parse_roles({"a": {"role": "head", "groups": ["g1"]}, "b": {"role": "head", "groups": ["g2"]}}, NAMES)
    assert resolve(cfg, signed("u@x.ru", groups=["g1", "g2"])).role == "head"


def test_no_roles_is_open_reading_without_loading():
    for raw in (None, {}):
        cfg = parse_roles(raw, NAMES)
        assert not cfg.configured
        access = resolve(cfg, {})
        assert access is OPEN_ACCESS and access.scope == EVERYTHING and not access.may_load
        assert auth_problem({}, cfg) is None


def test_roles_without_auth_refuse_to_start(config):
    assert "[auth]" in auth_problem({}, config)
    assert auth_problem({"auth": {"client_id": "x"}}, config) is None


@pytest.mark.parametrize("raw, words", [
    ({"zhkh": {"role": "sector_lead", "users": ["a@b.ru"], "sectors": ["ЖКХ"]}}, "не найдены"),
    ({"zhkh": {"role": "sector_lead", "users": ["a@b.ru"], "districts": ["Кировский", "Марс"]}}, "'Марс'"),
    ({"x": {"role": "viewer", "users": ["a@b.ru"], "executors": ["Нет такого"]}}, "исполнители не найдены"),
    ({"x": {"role": "sector_lead", "users": ["a@b.ru"], "sector": ["Дороги"]}}, "неизвестные ключи: sector"),
    ({"x": {"role": "boss", "users": ["a@b.ru"]}}, "неизвестная роль «boss»"),
    ({"x": {"users": ["a@b.ru"]}}, "неизвестная роль"),
    ({"x": {"role": "sector_lead", "users": ["a@b.ru"]}}, "нужно указать"),
    ({"x": {"role": "head", "users": ["a@b.ru"], "sectors": ["Дороги"]}}, "видит всё"),
    ({"x": {"role": "screen", "token": "short"}}, "не короче"),
    ({"x": {"role": "screen", "token": "ЗАМЕНИТЕ на случайную строку длиной больше 32"}}, "не короче"),
    ({"x": {"role": "viewer", "users": ["a@b.ru"], "token": TOKEN}}, "только для роли screen"),
    ({"x": {"role": "screen", "token": TOKEN}, "y": {"role": "screen", "token": TOKEN}}, "уже задан"),
    ({"x": {"role": "viewer"}}, "никому не назначена"),
    ({"x": {"role": "viewer", "users": ["a@b.ru"]}, "y": {"role": "admin", "users": ["A@b.ru "]}}, "одна роль"),
    ({"x": {"role": "viewer", "users": "a@b.ru", "personal_data": "yes"}}, "true или false"),
    ({"x": {"role": "viewer", "users": [1, 2]}}, "списком строк"),
    ({"x": "admin"}, "не таблица"),
    ({"groups_claim": 5}, "groups_claim"),
])
def test_mistakes_stop_the_start(raw, words):
    with pytest.raises(RolesError) as err:
        parse_roles(raw, NAMES)
    assert words in str(err.value)


@pytest.mark.parametrize("scope, row, allowed", [
    (EVERYTHING, (None, None, None), True),
    (NOTHING, (3, 2, 3), False),
    (Scope(sectors=(3,)), (3, None, None), True),
    (Scope(sectors=(3,)), (4, 2, 3), False),
    (Scope(sectors=(3,)), (None, 2, 3), False),                  # no sector: outside a sector scope
    (Scope(sectors=(3, 4), districts=(2,)), (4, 2, 5), True),
    (Scope(sectors=(3, 4), districts=(2,)), (4, 6, 5), False),   # dimensions all hold
    (Scope(executors=(11,)), (3, 2, 11), True),
])
def test_scope_decision(scope, row, allowed):
    assert scope.allows(*row) is allowed


def test_scope_is_a_stable_cache_key():
    assert Scope(sectors=(4, 3, 3)) == Scope(sectors=[3, 4]) and hash(Scope(sectors=(4, 3))) == hash(Scope((3, 4)))


def test_the_shipped_secrets_template_is_valid_for_the_demo_profile():
    import tomllib
    from pathlib import Path

    from data_access.domain.profile import load_profile

    profile = load_profile("krasnoyarsk")
    names = {"sectors": {**{s.name: i for i, s in enumerate(profile.sectors, 1)},
                         **{s.code: i for i, s in enumerate(profile.sectors, 1)}},
             "districts": {d.name: i for i, d in enumerate(profile.districts, 1)},
             "executors": {e.name: i for i, e in enumerate(profile.executors, 1)}}
    template = tomllib.loads((Path(__file__).parent.parent / "deploy" / "secrets.toml.example").read_text("utf-8"))
    with pytest.raises(RolesError, match="token"):  # the placeholder must be replaced before use
        parse_roles(template["roles"], names)
    template["roles"]["wall"]["token"] = "k" * 43
    config = parse_roles(template["roles"], names)
    assert {g.role for g in config.grants} == {"admin", "head", "sector_lead", "screen"}
    assert auth_problem(template, config) is None
    assert resolve(config, signed("zhkh@admkrsk.ru")).scope == Scope(sectors=(names["sectors"]["zhkh"],))
