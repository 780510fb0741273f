"""Who sees citizens' personal data: the policy decision and the masking the dashboard applies."""
from __future__ import annotations

import pandas as pd
import pytest

from components.frame.access import may_see_personal_data
from data_access.ingest.masker import masked_copies

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
    frame = pd.DataFrame({"text": [text, None, ""], "answer_text": [None, "", "Спасибо, Мария Петровна"],
                          "address": ["ул. Мира, д. 7, кв. 3", None, ""]})
    got = masked_copies(frame)
    assert got["text_masked"][0] == "Яма у дома — ул. Ленина 5. [ФИО], [телефон], [e-mail]"
    assert pd.isna(got["text_masked"][1]) and got["text_masked"][2] == ""
    assert got["answer_masked"].tolist()[1:] == ["", "Спасибо, [ФИО]"]
    assert got["address_masked"][0] == "ул. Мира, д. 7" and pd.isna(got["address_masked"][1])
    assert got["text"].equals(frame["text"])  # the originals stay as they are


@pytest.mark.parametrize("access, user, allowed", [
    ({"personal_data": "listed"}, {"is_logged_in": True, "email": "zhkh@mcu.ru"}, True),  # the role grants it
    ({"personal_data": "listed"}, {"is_logged_in": False, "email": "zhkh@mcu.ru"}, False),
    ({}, {"is_logged_in": True, "email": "zhkh@mcu.ru"}, False),                          # masked stays masked
    ({"personal_data": "masked"}, {"is_logged_in": True, "email": "zhkh@mcu.ru"}, False),
])
def test_a_role_grant_counts_like_a_listed_user(access, user, allowed):
    assert may_see_personal_data(access, user, role_grant=True) is allowed
