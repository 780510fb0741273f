"""Independent pandas computations over the generated rows, for comparing with the SQL of data_access.

Written without the SQL modules: local days come from pandas' own time-zone conversion.
"""
from __future__ import annotations

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
