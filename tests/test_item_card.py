"""The item card's dates and lateness follow the status history; counts agree with their nouns.

Expected values are written by hand from the definitions stated in ``components.items.card``.
"""
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from components.common.formatting import NBSP
from components.items.card import last_update, lateness, rework_note
from data_access.domain.profile import load_profile
from data_access.domain.workcalendar import WorkCalendar

T0 = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)  # a Monday, 10:00 in Krasnoyarsk


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar.for_profile(load_profile("krasnoyarsk"))


@pytest.fixture(scope="module")
def tz():
    return load_profile("krasnoyarsk").tz


def history(*rows) -> pd.DataFrame:
    return pd.DataFrame([(T0 + timedelta(hours=h), status, "") for h, status in rows],
                        columns=["event_at", "status", "note"])


def test_an_on_time_answer_returned_for_rework_keeps_the_deadline_in_force(cal, tz):
    """ИМ, 8 hours: answered after 5 h (on time), returned at 30 h. The return does not move the deadline (one
    definition with «Ответов в срок»): at 40 h the item is 32 hours overdue (40 − 8), and an answer after rework at
    37 h is late by 29 hours; the card says the first answer was on time."""
    deadline = T0 + timedelta(hours=8)
    events = history((0, "new"), (0, "registered"), (5, "answered"), (30, "rework"))
    note = rework_note(deadline, events, tz)
    assert "дан в срок и возвращён на доработку" in note and "не переносится" in note
    late = lateness(deadline, None, T0 + timedelta(hours=40), "hours", cal)
    assert (late.state, late.amount) == ("overdue", 32.0)
    assert f"32{NBSP}часа" in late.text
    after = lateness(deadline, T0 + timedelta(hours=37), T0 + timedelta(hours=50), "hours", cal)
    assert (after.state, after.amount) == ("late", 29.0)
    assert lateness(deadline, T0 + timedelta(hours=8), T0 + timedelta(hours=50), "hours", cal).state == "on_time"


def test_a_late_answer_returned_for_rework_has_no_note(cal, tz):
    deadline = T0 + timedelta(hours=8)
    events = history((0, "new"), (12, "answered"), (20, "rework"))
    assert rework_note(deadline, events, tz) == ""
    late = lateness(deadline, None, T0 + timedelta(hours=80.3), "hours", cal)
    assert late.amount == pytest.approx(72.3)
    assert f"72,3{NBSP}часа" in late.text and "часов" not in late.text


def test_no_history_or_no_deadline_no_note(cal, tz):
    deadline = T0 + timedelta(hours=8)
    assert rework_note(deadline, history(), tz) == ""
    assert rework_note(None, history((5, "answered"), (6, "rework")), tz) == ""
    no = lateness(None, T0, T0 + timedelta(hours=9), "hours", cal)
    assert no.state == "no_deadline" and "без срока" in no.text


def test_amounts_in_each_unit_by_hand(cal):
    """Friday 06.11.2026 18:00 local -> Monday 09.11 10:00 local: 1 working day, 3 calendar days, 1 working hour
    (Monday 09:00–10:00), 64 hours."""
    fri, mon = datetime(2026, 11, 6, 11, 0, tzinfo=UTC), datetime(2026, 11, 9, 3, 0, tzinfo=UTC)
    assert cal.amount_between("work_days", fri, mon) == 1
    assert cal.amount_between("calendar_days", fri, mon) == 3
    assert cal.amount_between("work_hours", fri, mon) == pytest.approx(1.0)
    assert cal.amount_between("hours", fri, mon) == pytest.approx(64.0)


def test_plural_of_days_in_the_card(cal):
    deadline = datetime(2026, 11, 12, 16, 59, 59, tzinfo=UTC)
    one = lateness(deadline, None, deadline + timedelta(days=1), "calendar_days", cal)
    five = lateness(deadline, None, deadline + timedelta(days=5), "calendar_days", cal)
    assert f"1{NBSP}календарный день" in one.text and f"5{NBSP}календарных дней" in five.text
    assert one.short == f"просрочено на 1{NBSP}календарный день"
    assert len(five.short) <= 45  # fits the card's table of fields (a grid cell does not wrap)


def test_updated_is_not_earlier_than_the_last_history_event():
    item = {"updated_at": T0 + timedelta(hours=5)}
    assert last_update(item, history((0, "new"), (5, "answered"), (29, "rework"))) == T0 + timedelta(hours=29)
    assert last_update({"updated_at": T0 + timedelta(hours=50)}, history((29, "rework"))) == T0 + timedelta(hours=50)
    assert last_update({"updated_at": None}, history()) is None
