"""Plausibility of an item's dates: what a source system cannot have meant is refused or reported.

- received in the future (beyond a day of clock skew): the row is refused;
- another event (registration, answers, resolution, change) in the future: loaded without that date;
- an event before the item was received: loaded as is, with a warning (the source's clock or a typo);
- a deadline before the item was received: the source's deadline is dropped and computed by the rules.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from data_access.ingest.source_profile import FIELD_NAMES
from data_access.ingest.report import WARNED, Problems

CLOCK_SKEW = timedelta(days=1)
EVENTS = ("registered_at", "first_answer_at", "answered_at", "resolved_at", "updated_at")
DEADLINES = ("deadline_at", "extended_deadline_at")


def _shown(stamps: pd.Series, tz, mask: np.ndarray) -> pd.Series:
    """The dates of the rows in ``mask`` as the report shows them (formatting a million dates takes seconds)."""
    out = pd.Series("", index=stamps.index, dtype=object)
    if mask.any():
        out[mask] = stamps[mask].dt.tz_convert(tz).dt.strftime("%d.%m.%Y %H:%M").fillna("").to_numpy()
    return out


def check_dates(out: pd.DataFrame, cols: dict[str, str], problems: Problems, now: datetime, tz) -> int:
    """Apply the rules above to the parsed dates in ``out`` (changed in place); returns rows with a warning."""
    limit = pd.Timestamp(now) + CLOCK_SKEW
    received = out["received_at"]
    warned = np.zeros(len(out), dtype=bool)
    future = (received > limit).to_numpy()
    problems.add(future, cols["received_at"], _shown(received, tz, future), "дата поступления в будущем")
    for field in EVENTS:
        if field not in cols:
            continue
        ahead = (out[field] > limit).to_numpy() & ~problems.rejected
        problems.add(ahead, cols[field], _shown(out[field], tz, ahead),
                     f"{FIELD_NAMES[field]}: дата в будущем", reject=False, done="загружено без этой даты")
        out.loc[ahead, field] = pd.NaT
        warned |= ahead
        early = (out[field] < received).to_numpy() & ~problems.rejected
        problems.add(early, cols[field], _shown(out[field], tz, early),
                     f"{FIELD_NAMES[field]} раньше даты поступления ({FIELD_NAMES['received_at']})",
                     reject=False, done=WARNED)
        warned |= early
    for field in DEADLINES:
        if field not in cols:
            continue
        early = (out[field] < received).to_numpy() & ~problems.rejected
        done = "срок рассчитан по правилам сроков" if field == "deadline_at" else "загружено без этой даты"
        problems.add(early, cols[field], _shown(out[field], tz, early),
                     f"{FIELD_NAMES[field]} раньше даты поступления", reject=False, done=done)
        out.loc[early, field] = pd.NaT
        warned |= early
    return int((warned & ~problems.rejected).sum())
