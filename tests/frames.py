"""Independent pandas computations over the generated rows, for comparing with the SQL of data_access.

Written without the SQL modules: local days come from pandas' own time-zone conversion.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache, cache
from zoneinfo import ZoneInfo

import holidays
import pandas as pd

from data_access.metrics.filters import NO_DISTRICT, Filters


def select(m: pd.DataFrame, f: Filters, *, period_on: str | None = "received_at") -> pd.DataFrame:
    """Rows matching the dimension filters of ``f`` and, if ``period_on`` is given, its period on that column."""
    mask = pd.Series(True, index=m.index)
    if f.districts:
        known = [d for d in f.districts if d != NO_DISTRICT]
        dm = m["district_id"].isin(known)
        if NO_DISTRICT in f.districts:
            dm |= m["district_id"].isna()
        mask &= dm.fillna(False).astype(bool)
    for values, col in ((f.sectors, "sector_id"), (f.topics, "topic_id"), (f.channels, "channel_id"),
                        (f.kinds, "kind"), (f.executors, "executor_id"), (f.statuses, "status")):
        if values:
            mask &= m[col].isin(values).fillna(False).astype(bool)
    if period_on:
        local = local_dates(m[period_on], f.tz)
        mask &= ((local >= f.date_from) & (local <= f.date_to)).fillna(False).astype(bool)
    return m[mask]


def local_dates(ts: pd.Series, tz: str) -> pd.Series:
    return ts.dt.tz_convert(tz).dt.date


def deadline_in_force(m: pd.DataFrame) -> pd.Series:
    return m["extended_deadline_at"].fillna(m["deadline_at"])


def registered_from(m: pd.DataFrame) -> pd.Series:
    """Registration, or receipt where the source gives no registration date (written here, not imported)."""
    return m["registered_at"].fillna(m["received_at"])


def on_time_mask(m: pd.DataFrame) -> pd.Series:
    """Answered no later than the deadline in force; False without a deadline (those are «без срока»)."""
    due = deadline_in_force(m)
    return (due.notna() & (m["answered_at"] <= due)).astype(bool)


def previous_period(f: Filters) -> Filters:
    """The equal period just before ``f`` — by hand: n days ending the day before ``f`` starts
    (deliberately not ``Filters.previous()``, the code under test)."""
    n = (f.date_to - f.date_from).days + 1
    return replace(f, date_from=f.date_from - timedelta(days=n), date_to=f.date_from - timedelta(days=1))


def same_period_last_year(f: Filters) -> Filters:
    """The same dates a year earlier, 29 February -> 28 February (by hand, not ``metrics.compare_filters``)."""
    def back(d: date) -> date:
        return date(d.year - 1, d.month, 28 if (d.month, d.day) == (2, 29) else d.day)
    return replace(f, date_from=back(f.date_from), date_to=back(f.date_to))


def period_end(f: Filters) -> pd.Timestamp:
    """Local midnight after the period's last day (pandas' own zone conversion)."""
    return pd.Timestamp(f.date_to + timedelta(days=1)).tz_localize(f.tz)


# Overdue age buckets of docs/domain, written out: days past the deadline ≤ 1, 1–3, 3–7, > 7.
AGE_EDGES = {"age_0_1": (None, 1), "age_1_3": (1, 3), "age_3_7": (3, 7), "age_7p": (7, None)}


def age_bucket(days_overdue: pd.Series) -> pd.Series:
    """The column name of each overdue age (``days_overdue`` > 0)."""
    out = pd.Series("age_7p", index=days_overdue.index)
    out[days_overdue <= 7] = "age_3_7"
    out[days_overdue <= 3] = "age_1_3"
    out[days_overdue <= 1] = "age_0_1"
    return out


TZ = "Asia/Krasnoyarsk"
# Filter sets the figure tests run on: the demo data of conftest ends on 15.11.2026.
FILTER_CASES = {
    "30 days, all": Filters(date(2026, 10, 17), date(2026, 11, 15), tz=TZ),
    "90 days, two districts": Filters(date(2026, 8, 18), date(2026, 11, 15), districts=(2, 5), tz=TZ),
    "year, ЖКХ by ПОС": Filters(date(2025, 11, 16), date(2026, 11, 15), sectors=(1,), channels=(1,), tz=TZ),
    "no district + executor": Filters(date(2026, 5, 1), date(2026, 10, 31), districts=(NO_DISTRICT, 3),
                                      executors=(2, 3), tz=TZ),
    "kinds and statuses": Filters(date(2026, 9, 1), date(2026, 11, 15), kinds=("appeal", "incident"),
                                  statuses=("answered", "resolved", "in_progress"), tz=TZ),
}


# --- working days, written here from the ``holidays`` package (not data_access.domain.workcalendar) -----------------

@cache
def _russia():
    return holidays.country_holidays("RU")


@lru_cache(maxsize=4096)
def is_working_day(day: date) -> bool:
    """Russian production calendar day (holidays, transferred days off, working Saturdays) — the package's own
    answer; the Krasnoyarsk profile has no overrides."""
    return _russia().is_working_day(day)


def working_days_between(first: date, last: date) -> int:
    """Working days d with first < d <= last (the registration day itself is not counted)."""
    return sum(is_working_day(first + timedelta(days=i)) for i in range(1, (last - first).days + 1))


def end_of_working_days(start_day: date, n: int, tz: str) -> datetime:
    """The end (23:59:59 local) of the n-th working day after ``start_day``."""
    day, counted = start_day, 0
    while counted < n:
        day += timedelta(days=1)
        counted += is_working_day(day)
    return datetime.combine(day, time(23, 59, 59), ZoneInfo(tz))


def next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
