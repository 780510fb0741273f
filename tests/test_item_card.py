"""The item card's dates and lateness follow the status history; counts agree with their nouns.

Expected values are written by hand from the definitions stated in ``components.item_card``.
"""
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from components.formatting import NBSP
from components.item_card import last_update, lateness, term_by_history
from data_access.profile import load_profile
from data_access.workcalendar import WorkCalendar

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


def test_an_on_time_answer_returned_for_rework_counts_from_the_new_term(cal, tz):
    """ИМ, 8 hours: answered after 5 h (on time), returned at 30 h; the new deadline is 30 + 8 = 38 h. At 40 h
    the item is 2 hours overdue, not 32 hours (40 − 8) as the original deadline would say."""
    deadline = T0 + timedelta(hours=8)
    events = history((0, "new"), (0, "registered"), (5, "answered"), (30, "rework"))
    term = term_by_history(deadline, events, "hours", 8, cal, tz)
    assert term.deadline == T0 + timedelta(hours=38)
    assert "возвращён на доработку" in term.note and "в срок" in term.note
    late = lateness(term.deadline, None, T0 + timedelta(hours=40), "hours", cal)
    assert (late.state, late.amount) == ("overdue", 2.0)
    assert f"2{NBSP}часа" in late.text
    before = lateness(term.deadline, None, T0 + timedelta(hours=33), "hours", cal)
    assert before.state == "open" and f"5{NBSP}часов" in before.text
    # the answer after rework is measured against the new term
    assert lateness(term.deadline, T0 + timedelta(hours=37), T0 + timedelta(hours=50), "hours", cal).state == \
        "on_time"


def test_a_late_answer_returned_for_rework_stays_late_from_the_original_deadline(cal, tz):
    deadline = T0 + timedelta(hours=8)
    events = history((0, "new"), (12, "answered"), (20, "rework"))
    term = term_by_history(deadline, events, "hours", 8, cal, tz)
    assert term.deadline == deadline and term.note == ""
    late = lateness(term.deadline, None, T0 + timedelta(hours=80.3), "hours", cal)
    assert late.amount == pytest.approx(72.3)
    assert f"72,3{NBSP}часа" in late.text and "часов" not in late.text


def test_two_returns_each_open_a_new_term_in_calendar_days(cal, tz):
    deadline = datetime(2026, 11, 12, 16, 59, 59, tzinfo=UTC)  # 23:59:59 local
    events = history((0, "new"), (24, "answered"), (48, "rework"), (72, "answered"), (96, "rework"))
    term = term_by_history(deadline, events, "calendar_days", 30, cal, tz)
    assert term.deadline == cal.deadline(T0 + timedelta(hours=96), "calendar_days", 30)
    assert term.deadline.astimezone(tz).date() == (T0 + timedelta(hours=96)).astimezone(tz).date() + timedelta(30)


def test_no_history_or_no_deadline_keeps_the_deadline_in_force(cal, tz):
    deadline = T0 + timedelta(hours=8)
    assert term_by_history(deadline, history(), "hours", 8, cal, tz).deadline == deadline
    assert term_by_history(None, history((5, "answered"), (6, "rework")), "hours", 8, cal, tz).deadline is None


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
