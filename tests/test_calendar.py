"""The production calendar on real dates of the Russian calendar for 2025 (Постановление Правительства РФ
от 04.10.2024 № 1335): May holidays, a transferred working Saturday, hour terms over a weekend, the override file.

Expected dates are worked out by hand from the published calendar, not taken from the code's output.
"""
from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta, UTC

import numpy as np
import pytest

from data_access.domain.deadlines import DeadlineRule, check_deadline, compute_deadline, latest_extension, load_rules
from data_access.domain.profile import load_profile
from data_access.domain.workcalendar import WorkCalendar, read_overrides


@pytest.fixture(scope="module")
def cal(profile):
    return WorkCalendar.for_profile(profile)


@pytest.fixture(scope="module")
def tz(profile):
    return profile.tz


def end_of(day: date, tz) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tz)


def test_may_2025_days_off_are_known(cal):
    # 1–4 May and 8–11 May 2025 are days off (2 May and 8 May transferred from 4 Jan and 23 Feb)
    off = [date(2025, 5, d) for d in (1, 2, 3, 4, 8, 9, 10, 11)]
    on = [date(2025, 4, 30), date(2025, 5, 5), date(2025, 5, 6), date(2025, 5, 7), date(2025, 5, 12)]
    assert not any(cal.is_working(d) for d in off)
    assert all(cal.is_working(d) for d in on)


def test_ten_working_days_from_30_april_2025_cross_the_may_holidays(cal, tz):
    # working days after 30.04: 5, 6, 7, 12, 13, 14, 15, 16, 19, 20 May -> the 10th is Tuesday 20.05.2025
    registered = datetime(2025, 4, 30, 15, 20, tzinfo=tz)
    assert cal.add_working_days(registered, 10) == end_of(date(2025, 5, 20), tz)
    assert cal.working_days_between(date(2025, 4, 30), date(2025, 5, 20)) == 10


def test_pos_message_rule_gives_the_same_deadline(profile, cal, tz):
    rule = load_rules(profile).find("pos", "message", "Отопление")
    assert (rule.unit, rule.term) == ("work_days", 10)
    assert compute_deadline(rule, datetime(2025, 4, 30, 9, 5, tzinfo=tz), cal) == end_of(date(2025, 5, 20), tz)


def test_registration_day_is_local_not_utc(cal, tz):
    # 29.04.2025 18:30 UTC is already 30.04 01:30 in Krasnoyarsk (UTC+7): counting starts after 30.04
    registered = datetime(2025, 4, 29, 18, 30, tzinfo=UTC)
    assert cal.add_working_days(registered, 10) == end_of(date(2025, 5, 20), tz)


def test_friday_evening_with_an_eight_working_hour_term(cal, tz):
    # Friday 07.11.2025 17:00: one hour left that day (to 18:00), seven on Monday 10.11 from 9:00 -> 16:00
    assert cal.add_working_hours(datetime(2025, 11, 7, 17, 0, tzinfo=tz), 8) == datetime(2025, 11, 10, 16, 0,
                                                                                            tzinfo=tz)
    # registered after hours on Friday 14.11.2025: all eight hours on Monday 17.11, 9:00 -> 17:00
    assert cal.add_working_hours(datetime(2025, 11, 14, 20, 45, tzinfo=tz), 8) == datetime(2025, 11, 17, 17, 0,
                                                                                             tzinfo=tz)


def test_eight_working_hours_rule_through_the_api(cal, tz):
    rule = DeadlineRule("im", "*", None, "work_hours", 8, 0)
    assert compute_deadline(rule, datetime(2025, 11, 14, 20, 45, tzinfo=tz), cal) == datetime(2025, 11, 17, 17, 0,
                                                                                               tzinfo=tz)
    calendar_hours = DeadlineRule("im", "*", None, "hours", 8, 0)
    assert compute_deadline(calendar_hours, datetime(2025, 11, 14, 20, 45, tzinfo=tz), cal) == datetime(
        2025, 11, 15, 4, 45, tzinfo=tz)


def test_transferred_saturday_1_november_2025_is_a_working_day(cal, tz):
    # 01.11.2025 (Saturday) is worked instead of Monday 03.11; 03.11 and 04.11 are days off
    assert cal.is_working(date(2025, 11, 1))
    assert not cal.is_working(date(2025, 11, 3)) and not cal.is_working(date(2025, 11, 4))
    assert not cal.is_working(date(2025, 11, 8))  # an ordinary Saturday stays a day off
    friday = datetime(2025, 10, 31, 11, 0, tzinfo=tz)
    assert cal.add_working_days(friday, 1) == end_of(date(2025, 11, 1), tz)
    assert cal.add_working_days(friday, 2) == end_of(date(2025, 11, 5), tz)
    # Friday evening with 8 working hours: the whole term falls on the working Saturday
    assert cal.add_working_hours(datetime(2025, 10, 31, 19, 0, tzinfo=tz), 8) == datetime(2025, 11, 1, 17, 0, tzinfo=tz)


def test_thirty_calendar_days_across_a_month_end(profile, cal, tz):
    rule = load_rules(profile).find("fz59", "appeal")
    assert (rule.unit, rule.term) == ("calendar_days", 30)
    # 31.01.2025 + 30 days: February 2025 has 28 days -> Sunday 02.03.2025 (calendar days ignore days off)
    assert compute_deadline(rule, datetime(2025, 1, 31, 10, 0, tzinfo=tz), cal) == end_of(date(2025, 3, 2), tz)
    # 17.12.2025 + 30 days crosses the year end and the New Year holidays -> 16.01.2026
    assert compute_deadline(rule, datetime(2025, 12, 17, 16, 0, tzinfo=tz), cal) == end_of(date(2026, 1, 16), tz)


def test_extended_deadline(profile, cal, tz):
    rules = load_rules(profile)
    rule = rules.find("fz59", "appeal")
    deadline = compute_deadline(rule, datetime(2025, 1, 31, 10, 0, tzinfo=tz), cal)
    # one extension of up to 30 days: 02.03.2025 + 30 days = 01.04.2025
    assert latest_extension(rule, deadline, cal) == end_of(date(2025, 4, 1), tz)
    ok = check_deadline(rules, cal, channel="fz59", kind="appeal", topic=None,
                        registered_at=datetime(2025, 1, 31, 10, 0, tzinfo=tz),
                        source_extended=datetime(2025, 4, 1, 12, 0, tzinfo=tz))
    assert ok.flags == () and ok.deadline_at == end_of(date(2025, 3, 2), tz)
    too_long = check_deadline(rules, cal, channel="fz59", kind="appeal", topic=None,
                              registered_at=datetime(2025, 1, 31, 10, 0, tzinfo=tz),
                              source_extended=datetime(2025, 4, 2, 9, 0, tzinfo=tz))
    assert too_long.flags == ("extension_too_long",)
    assert too_long.extended_deadline_at == datetime(2025, 4, 2, 9, 0, tzinfo=tz)  # kept as the source gave it


def test_override_file_takes_effect(tmp_path, profile):
    folder = tmp_path / "krasnoyarsk"
    shutil.copytree(profile.folder, folder)
    # a hypothetical decree: Monday 12.01.2026 becomes a day off, Saturday 17.01.2026 a working day
    (folder / "calendar_overrides.csv").write_text(
        "# test overrides\ndate,working\n2026-01-12,0\n2026-01-17,1\n", encoding="utf-8")
    assert read_overrides(folder / "calendar_overrides.csv") == {date(2026, 1, 12): False, date(2026, 1, 17): True}
    plain = WorkCalendar.for_profile(profile)
    overridden = WorkCalendar.for_profile(load_profile(folder))
    assert plain.is_working(date(2026, 1, 12)) and not overridden.is_working(date(2026, 1, 12))
    assert not plain.is_working(date(2026, 1, 17)) and overridden.is_working(date(2026, 1, 17))
    friday = datetime(2026, 1, 9, 12, 0, tzinfo=profile.tz)
    # without overrides: 12, 13, 14 January; with them: 13, 14, 15 January
    assert plain.add_working_days(friday, 3).date() == date(2026, 1, 14)
    assert overridden.add_working_days(friday, 3).date() == date(2026, 1, 15)
    # and the 17th counts: 13, 14, 15, 16, 17 -> the 5th working day is Saturday 17.01
    assert overridden.add_working_days(friday, 5).date() == date(2026, 1, 17)
    assert plain.add_working_days(friday, 5).date() == date(2026, 1, 16)


def test_calendar_rows_count_working_days(cal):
    rows = cal.rows(date(2025, 4, 28), date(2025, 5, 31))
    index = {r["local_date"]: r["work_index"] for r in rows}
    assert index[date(2025, 5, 20)] - index[date(2025, 4, 30)] == 10
    assert sum(r["is_working"] for r in rows if r["local_date"].month == 5) == 18  # 18 working days in May 2025
    assert all(b["day_num"] - a["day_num"] == 1 for a, b in zip(rows, rows[1:]))
    assert rows[0]["day_num"] == (date(2025, 4, 28) - date(1970, 1, 1)).days
    assert timedelta(days=len(rows) - 1) == date(2025, 5, 31) - date(2025, 4, 28)


def test_term_table_gives_the_calendar_deadlines_for_arrays(cal, tz, profile):
    """The demo's array deadlines by hand: 10 working days from 30.04.2025 15:20 -> 20.05.2025 23:59:59; 30
    calendar days from 02.11.2026 -> 02.12.2026 23:59:59; 8 hours; 8 working hours from Friday 06.11.2026 17:00 ->
    Monday 09.11 16:00 (1 h on Friday, 7 h on Monday from 09:00)."""
    offset = profile.utc_offset_seconds()
    table = cal.term_table(date(2025, 4, 1), date(2026, 12, 31), offset)
    start = np.array([int(datetime(2025, 4, 30, 15, 20, tzinfo=tz).timestamp()),
                      int(datetime(2026, 11, 2, 0, 30, tzinfo=tz).timestamp())])
    got = table.deadlines("work_days", 10, start)
    assert got[0] == int(end_of(date(2025, 5, 20), tz).timestamp())
    assert got[1] == int(end_of(date(2026, 11, 17), tz).timestamp())  # 4.11 is a holiday: 3,5,6,9..13,16,17
    assert table.deadlines("calendar_days", 30, start[1:])[0] == int(end_of(date(2026, 12, 2), tz).timestamp())
    assert table.deadlines("hours", 8, start[:1])[0] == start[0] + 8 * 3600
    friday = int(datetime(2026, 11, 6, 17, 0, tzinfo=tz).timestamp())
    assert table.deadlines("work_hours", 8, np.array([friday]))[0] == int(datetime(2026, 11, 9, 16, 0,
                                                                                   tzinfo=tz).timestamp())
    with pytest.raises(ValueError):
        table.deadlines("weeks", 1, start)
