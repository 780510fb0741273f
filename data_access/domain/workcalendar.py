"""The production calendar: Russian holidays, transferred days off and working Saturdays.

Built on the ``holidays`` package (``is_working_day`` knows substituted days off and the Saturdays
that become working days), plus the profile's override file for a year whose decree the package
does not know yet. Pure Python: deadlines are computed with it at load time, and its rows fill the
``work_calendar`` table so that SQL can count working days with two joins.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import numpy as np

EPOCH = date(1970, 1, 1)


def _parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def read_overrides(path: Path | None) -> dict[date, bool]:
    """``date,working`` rows (``#`` comments allowed) -> {day: is_working}."""
    if path is None or not path.exists():
        return {}
    lines = [ln for ln in path.read_text(encoding="utf-8-sig").splitlines() if ln.strip() and not ln.startswith("#")]
    out: dict[date, bool] = {}
    for row in csv.DictReader(lines):
        out[date.fromisoformat(row["date"].strip())] = row["working"].strip() in ("1", "true", "да")
    return out


@dataclass(frozen=True)
class WorkCalendar:
    """Working days and hours of one municipality. Times are aware datetimes in ``tz``."""

    tz: ZoneInfo
    country: str = "RU"
    day_start: time = time(9)
    day_end: time = time(18)
    overrides: tuple[tuple[date, bool], ...] = ()

    @classmethod
    def for_profile(cls, profile) -> WorkCalendar:
        start, end = profile.working_hours
        overrides = read_overrides(profile.calendar_overrides_file)
        return cls(profile.tz, profile.holiday_country, _parse_hhmm(start), _parse_hhmm(end),
                   tuple(sorted(overrides.items())))

    @cached_property
    def _holidays(self):
        return holidays.country_holidays(self.country)

    @cached_property
    def _override_map(self) -> dict[date, bool]:
        return dict(self.overrides)

    @cached_property
    def _known(self) -> dict[date, bool]:
        return {}  # days already looked up: the holidays package takes ~15 µs a day, deadlines ask thousands

    def is_working(self, day: date) -> bool:
        known = self._known.get(day)
        if known is None:
            known = self._known[day] = self._override_map[day] if day in self._override_map \
                else self._holidays.is_working_day(day)
        return known

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """Deadline ``days`` working days after the day of ``start``: the end (23:59:59) of that day.

        The start day itself is not counted, as in «в течение N рабочих дней со дня регистрации».
        """
        day = start.astimezone(self.tz).date()
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working(day):
                counted += 1
        return datetime.combine(day, time(23, 59, 59), self.tz)

    def add_calendar_days(self, start: datetime, days: int) -> datetime:
        """End (23:59:59) of the calendar day ``days`` after the day of ``start``."""
        day = start.astimezone(self.tz).date() + timedelta(days=days)
        return datetime.combine(day, time(23, 59, 59), self.tz)

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The instant at which ``hours`` of working time have passed since ``start``."""
        remaining = timedelta(hours=hours)
        cur = start.astimezone(self.tz)
        while True:
            day = cur.date()
            opens = datetime.combine(day, self.day_start, self.tz)
            closes = datetime.combine(day, self.day_end, self.tz)
            if self.is_working(day) and cur < closes:
                cur = max(cur, opens)
                available = closes - cur
                if remaining <= available:
                    return cur + remaining
                remaining -= available
            cur = datetime.combine(day + timedelta(days=1), time(0), self.tz)

    def deadline(self, start: datetime, unit: str, term: float) -> datetime:
        """Deadline for a term in one of the profile units (work_days, calendar_days, work_hours, hours)."""
        if unit == "work_days":
            return self.add_working_days(start, int(term))
        if unit == "calendar_days":
            return self.add_calendar_days(start, int(term))
        if unit == "work_hours":
            return self.add_working_hours(start, term)
        if unit == "hours":
            return start + timedelta(hours=term)
        raise ValueError(f"unknown unit {unit!r}")

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Working hours within [start, end]."""
        total, day = 0.0, start.astimezone(self.tz).date()
        last = end.astimezone(self.tz).date()
        while day <= last:
            if self.is_working(day):
                opens = datetime.combine(day, self.day_start, self.tz)
                closes = datetime.combine(day, self.day_end, self.tz)
                lo, hi = max(opens, start), min(closes, end)
                total += max((hi - lo).total_seconds(), 0) / 3600
            day += timedelta(days=1)
        return total

    def amount_between(self, unit: str, start: datetime, end: datetime) -> float:
        """How much later ``end`` is than ``start`` in a profile unit: working or calendar days by local dates,
        working hours, or hours."""
        if unit == "work_days":
            return self.working_days_between(start.astimezone(self.tz).date(), end.astimezone(self.tz).date())
        if unit == "calendar_days":
            return (end.astimezone(self.tz).date() - start.astimezone(self.tz).date()).days
        if unit == "work_hours":
            return self.working_hours_between(start, end)
        return (end - start).total_seconds() / 3600

    def term_table(self, first: date, last: date, utc_offset_seconds: int) -> TermTable:
        """``deadline`` for many items at once (the demo generator), over the days first..last."""
        return TermTable(self, self.rows(first, last), utc_offset_seconds)

    def working_days_between(self, first: date, last: date) -> int:
        """Working days in (first, last]: how many working days later ``last`` is than ``first``."""
        step = 1 if last >= first else -1
        count, day = 0, first
        while day != last:
            day += timedelta(days=step)
            if self.is_working(day):
                count += step
        return count

    def rows(self, first: date, last: date) -> list[dict]:
        """Rows of the ``work_calendar`` table for first..last: day number, date, working flag, running index."""
        out, index, day = [], 0, first
        while day <= last:
            working = self.is_working(day)
            index += working
            out.append({"day_num": (day - EPOCH).days, "local_date": day, "is_working": working, "work_index": index})
            day += timedelta(days=1)
        return out


DAY_SECONDS = 86_400


class TermTable:
    """``WorkCalendar.deadline`` over arrays of UTC epoch seconds, by the running working-day index of the
    calendar rows (the same rule: the start day is not counted, days end at 23:59:59 local)."""

    def __init__(self, calendar: WorkCalendar, rows: list[dict], utc_offset_seconds: int):
        self.calendar, self.offset = calendar, utc_offset_seconds
        self.day_nums = np.array([r["day_num"] for r in rows])
        self.work_index = np.array([r["work_index"] for r in rows])

    def deadlines(self, unit: str, term: float, start: np.ndarray) -> np.ndarray:
        start = np.asarray(start, dtype=np.int64)
        pos = (start + self.offset) // DAY_SECONDS - self.day_nums[0]
        if unit == "work_days":
            target = np.searchsorted(self.work_index, self.work_index[pos] + term, side="left")
            return (self.day_nums[target] + 1) * DAY_SECONDS - self.offset - 1
        if unit == "calendar_days":
            return (self.day_nums[pos] + int(term) + 1) * DAY_SECONDS - self.offset - 1
        if unit == "hours":
            return start + int(term * 3600)
        if unit == "work_hours":  # rare: item by item
            return np.array([int(self.calendar.add_working_hours(datetime.fromtimestamp(int(r), self.calendar.tz),
                                                                 term).timestamp()) for r in start], dtype=np.int64)
        raise ValueError(f"unknown unit {unit!r}")
