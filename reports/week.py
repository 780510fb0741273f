"""ISO weeks of the weekly note: «2026-W48» ↔ Monday–Sunday in the municipality's zone, and the scope's title."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from data_access.metrics.filters import Filters

WEEK_PATTERN = re.compile(r"^\s*(\d{4})-?[Ww](\d{1,2})\s*$")


class WeekError(ValueError):
    """A week string that is not an ISO week; the message is Russian, for the user."""


@dataclass(frozen=True)
class IsoWeek:
    year: int
    week: int

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def code(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    def filters(self, base: Filters) -> Filters:
        """``base`` (scope, selections, zone) over this week's Monday–Sunday."""
        return base.with_(date_from=self.monday, date_to=self.sunday)

    def shifted(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def year_earlier(self) -> IsoWeek:
        """The same ISO week number a year earlier (week 53 of a year that has none: its week 52)."""
        try:
            date.fromisocalendar(self.year - 1, self.week, 1)
            return IsoWeek(self.year - 1, self.week)
        except ValueError:
            return IsoWeek(self.year - 1, 52)

    @staticmethod
    def of(day: date) -> IsoWeek:
        y, w, _ = day.isocalendar()
        return IsoWeek(y, w)


def parse_week(text: str) -> IsoWeek:
    """«2026-W48» (also «2026W48», «2026-w48») → ``IsoWeek``; ``WeekError`` with a Russian message otherwise."""
    match = WEEK_PATTERN.match(text or "")
    example = "например 2026-W48 (год, «W» и номер недели по ISO 8601)"
    if not match:
        raise WeekError(f"Неделя «{text}» записана не так: нужно ГГГГ-Wнн, {example}.")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise WeekError(f"Недели {week} в {year} году нет: в году 52 или 53 недели; {example}.") from None
    return IsoWeek(year, week)


def last_full_week(today: date) -> IsoWeek:
    """The week before the one that contains ``today`` (the last Monday–Sunday that has ended)."""
    return IsoWeek.of(today - timedelta(days=7))


def week_title(week: IsoWeek) -> str:
    """«48-я неделя 2026 года (23.11.2026 — 29.11.2026)»."""
    return (f"{week.week}-я неделя {week.year} года ({week.monday:%d.%m.%Y} — {week.sunday:%d.%m.%Y})")
