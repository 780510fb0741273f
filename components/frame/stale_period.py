"""Data far from today: when the newest item is older than the default period, pages open on the last calendar
month that has data and say so («данные по 31.01.2022: показан январь 2022»)."""
from __future__ import annotations

import calendar
from datetime import date

from components.common.formatting import fmt_date

MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")


def fallback_period(last_day: date | None, default: tuple[date, date]) -> tuple[date, date] | None:
    """The calendar month of ``last_day`` (the local day of the newest item) when that day falls before the
    ``default`` period (first, last); None when the default period can hold data or the store is empty."""
    if last_day is None or last_day >= default[0]:
        return None
    end = calendar.monthrange(last_day.year, last_day.month)[1]
    return date(last_day.year, last_day.month, 1), date(last_day.year, last_day.month, end)


def fallback_note(last_day: date, period: tuple[date, date]) -> str:
    """«Данные по 31.01.2022: показан январь 2022» and what to do for another period."""
    first, _ = period
    return (f"Данные по {fmt_date(last_day)}: показан {MONTHS[first.month - 1]} {first.year} — последний месяц, "
            f"за который есть обращения (за последние 30 дней их нет). Другой период — в фильтре «Период».")
