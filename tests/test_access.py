"""Who sees citizens' personal data: the policy decision and the masking the dashboard applies."""
from __future__ import annotations

import pandas as pd
import pytest

from components.access import mask_column, masked_text, may_see_personal_data

LISTED = {"personal_data": "listed", "personal_data_users": ["Head@MCU.ru", " lead@mcu.ru "]}


@pytest.mark.parametrize("access, user, allowed", [
    ({}, {}, False),
    ({"personal_data": "masked"}, {"is_logged_in": True, "email": "head@mcu.ru"}, False),
    ({"personal_data": "everyone"}, {}, True),
    ({"personal_data": " Everyone "}, {}, True),
    (LISTED, {"is_logged_in": True, "email": "head@mcu.ru"}, True),   # e-mails compared without case
    (LISTED, {"is_logged_in": True, "email": "LEAD@mcu.ru"}, True),
    (LISTED, {"is_logged_in": True, "email": "other@mcu.ru"}, False),
    (LISTED, {"is_logged_in": False, "email": "head@mcu.ru"}, False),  # a stale claim without a session
    (LISTED, {"is_logged_in": True}, False),
    ({"personal_data": "listed"}, {"is_logged_in": True, "email": "head@mcu.ru"}, False),
    ({"personal_data": "all"}, {}, False),                              # unknown words never open the data
])
def test_policy(access, user, allowed):
    assert may_see_personal_data(access, user) is allowed


def test_officials_keep_the_house_but_not_the_person():
    text = "Яма у дома — ул. Ленина 5-12, кв. 3. Иванов И.И., +7 913 123-45-67, ivanov@mail.ru"
    assert masked_text(text) == "Яма у дома — ул. Ленина 5. [ФИО], [телефон], [e-mail]"
    assert masked_text("") == "" and masked_text(None) == ""
    col = mask_column(pd.Series(["ул. Мира, д. 7, кв. 3", None, ""], dtype=object))
    assert col[0] == "ул. Мира, д. 7" and pd.isna(col[1]) and col[2] == ""


@pytest.mark.parametrize("access, user, allowed", [
    ({"personal_data": "listed"}, {"is_logged_in": True, "email": "zhkh@mcu.ru"}, True),  # the role grants it
    ({"personal_data": "listed"}, {"is_logged_in": False, "email": "zhkh@mcu.ru"}, False),
    ({}, {"is_logged_in": True, "email": "zhkh@mcu.ru"}, False),                          # masked stays masked
    ({"personal_data": "masked"}, {"is_logged_in": True, "email": "zhkh@mcu.ru"}, False),
])
def test_a_role_grant_counts_like_a_listed_user(access, user, allowed):
    assert may_see_personal_data(access, user, role_grant=True) is allowed
