"""Independent pandas computations over the generated rows, for comparing with the SQL of data_access.

Written without the SQL modules: local days come from pandas' own time-zone conversion.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from data_access.filters import NO_DISTRICT, Filters


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
