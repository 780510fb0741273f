"""Forecast of the next weeks' inflow of a block: seasonal naive scaled by the recent level (registry measure
«Прогноз поступления», ``metrics.METRICS["inflow_forecast"]``). Pure pandas over weekly counts.

Method. Let y(w) be the items received in the week starting on Monday w, and L the last full week. For a past
year k (k = 1, 2: 52 and 104 weeks back, so weekdays and holidays of the week line up) that the history covers,

    base_k(t)  = y(t − 52k weeks)                       the same week k years ago
    recent_k   = Σ y(L − 52k − j), j = 0..R−1           the R weeks before L, k years ago
    recent     = Σ y(L − j),       j = 0..R−1           the last R weeks (R = 8)

and the forecast of week t = L + h (h = 1..4) is

    ŷ(t) = recent / mean_k(recent_k) × mean_k(base_k(t)),

the season of past years times how much busier the last R weeks were than the same weeks then (the «уровень»).
Years with recent_k = 0 are left out; with no such year the forecast is the mean of the last R weeks (method
``recent_mean``). A stable seasonal series scaled by a constant factor is forecast exactly (tests/test_workload.py).
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

HORIZON = 4
RECENT_WEEKS = 8
YEARS = (1, 2)
WEEKS_PER_YEAR = 52

METHOD_TEXT = {"seasonal": "те же недели прошлых лет × отношение последних 8 недель к тем же неделям тех лет",
               "recent_mean": "нет истории за год: среднее последних 8 недель"}


def forecast_weekly(weekly: pd.Series, last_week: date, *, horizon: int = HORIZON, recent: int = RECENT_WEEKS,
                    years: tuple[int, ...] = YEARS) -> pd.DataFrame:
    """Forecast ``horizon`` weeks after the week starting ``last_week`` (a Monday) from ``weekly``: Monday (date)
    -> items. Weeks missing from ``weekly`` inside the history count as 0; weeks before its first index are
    «not covered». Columns: week (Monday), forecast (float), method (``seasonal`` | ``recent_mean``), years (how
    many past years were used)."""
    weekly = weekly.sort_index()
    first = weekly.index.min() if len(weekly) else last_week

    def y(week: date) -> float:
        return float(weekly.get(week, 0.0))

    def covered(week: date) -> bool:
        return first <= week <= last_week

    recent_weeks = [last_week - timedelta(weeks=j) for j in range(recent)]
    recent_sum = sum(y(w) for w in recent_weeks)
    used = []
    for k in years:
        back = timedelta(weeks=WEEKS_PER_YEAR * k)
        past = [w - back for w in recent_weeks]
        targets = [last_week + timedelta(weeks=h) - back for h in range(1, horizon + 1)]
        if all(covered(w) for w in past + targets):
            recent_k = sum(y(w) for w in past)
            if recent_k > 0:
                used.append((recent_k, [y(w) for w in targets]))
    weeks = [last_week + timedelta(weeks=h) for h in range(1, horizon + 1)]
    if used:
        level = recent_sum / np.mean([r for r, _ in used])
        base = np.mean([b for _, b in used], axis=0)
        values, method = level * base, "seasonal"
    else:
        values, method = np.full(horizon, recent_sum / recent), "recent_mean"
    return pd.DataFrame({"week": weeks, "forecast": values.astype("float64"), "method": method, "years": len(used)})
