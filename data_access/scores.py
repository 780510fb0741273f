"""Target indicators as scores (Boston's CityScore), computed from the metric registry.

Every registry measure with a ``target`` key that the profile's ``[targets]`` sets is a target indicator. Its
score is actual ÷ target for a measure where higher is better and target ÷ actual where lower is better, so
1.0 is on target, above 1 better than the target, below 1 worse. A score is capped at ``CAP`` (twice the target)
so that one measure far ahead (an average answer of 0 days) cannot hide the others in the city score; a measure
with nothing to count in the period (no rated answer, no ПОС answer) has no score. The city score is the mean
of the scores there are (each target weighs the same).

Periods end at «now» (``as_of``): yesterday (the whole local day before), the last 7, 30 and 91 days (today
included); the trend is 12 consecutive 7-day windows, the last ending today. A state is taken at the period's
end (``metrics.period_end_moment``): a closed window does not change with the time of viewing.

The SQL: one scan of ``messages`` for all periods (the registry's parts per period as columns), and one grouped by
block, district and executor (GROUPING SETS) for one period. Numerators and bases come back; scores are computed
by ``score`` (pure) from them.
"""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pandas as pd
import sqlalchemy as sa

from data_access import dialect as d
from data_access.filters import Filters, dimension_clauses
from data_access.metrics import METRICS, Metric, period_end_moment
from data_access.schema import channels, messages as m
from data_access.sla import HOUR_UNITS, unit_time

CAP = 2.0
PERIODS = {"yesterday": "вчера", "week": "неделя", "month": "месяц", "quarter": "квартал"}
PERIOD_DAYS = {"week": 7, "month": 30, "quarter": 91}
TREND_WEEKS = 12
# The channels a target applies to: (column of ``channels``, values). ПОС's average answer is ПОС's (the
# Ministry's target); the first answer within the norm is the hour channels' (ИМ, Госпаблики).
TARGET_CHANNELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "mean_answer_pos": ("code", ("pos",)),
    "first_answer": ("unit", HOUR_UNITS),
}
DIMENSIONS = {"sector": m.c.sector_id, "district": m.c.district_id, "executor": m.c.executor_id}


def target_keys(targets: dict) -> list[str]:
    """Registry keys of the measures with a target the profile sets (registry order)."""
    return [key for key, x in METRICS.items() if x.target and targets.get(x.target) is not None]


def score(actual: float | None, target: float | None, higher_is_better: bool, cap: float = CAP) -> float | None:
    """actual ÷ target (higher is better) or target ÷ actual (lower is better), at most ``cap``; None when there
    is no actual value or no usable target. A lower-is-better actual of 0 scores ``cap``."""
    if actual is None or target is None or (isinstance(actual, float) and math.isnan(actual)) or target <= 0:
        return None
    if higher_is_better:
        value = actual / target
    else:
        value = cap if actual <= 0 else target / actual
    return min(value, cap)


def city_score(scores) -> float | None:
    """The mean of the scores there are (None: no score at all)."""
    have = [s for s in scores if s is not None and not (isinstance(s, float) and math.isnan(s))]
    return sum(have) / len(have) if have else None


# --- periods ----------------------------------------------------------------------------------------------------

def period_filter(f: Filters, today: date, period: str) -> Filters:
    """The filter over one of ``PERIODS`` ending ``today`` (yesterday: the day before)."""
    if period == "yesterday":
        day = today - timedelta(days=1)
        return f.with_(date_from=day, date_to=day)
    return f.with_(date_from=today - timedelta(days=PERIOD_DAYS[period] - 1), date_to=today)


def trend_filters(f: Filters, today: date, weeks: int = TREND_WEEKS) -> list[Filters]:
    """``weeks`` consecutive 7-day windows, oldest first, the last ending ``today``."""
    ends = [today - timedelta(days=7 * k) for k in range(weeks - 1, -1, -1)]
    return [f.with_(date_from=end - timedelta(days=6), date_to=end) for end in ends]


def all_periods(f: Filters, today: date) -> dict[str, Filters]:
    """``PERIODS`` and the trend windows ``w0``..``w11`` (oldest first)."""
    out = {p: period_filter(f, today, p) for p in PERIODS}
    out.update({f"w{i}": pf for i, pf in enumerate(trend_filters(f, today))})
    return out


# --- SQL --------------------------------------------------------------------------------------------------------

def _restriction(key: str) -> sa.ColumnElement | None:
    if key not in TARGET_CHANNELS:
        return None
    column, values = TARGET_CHANNELS[key]
    return channels.c[column].in_(values)


def _parts(key: str, pf: Filters, as_of: datetime, work_value: sa.ColumnElement) -> tuple:
    """(numerator, base) SQL of target ``key`` over ``pf``'s period. The ПОС average (``computed_by``: working
    days) is the sum and count of ``unit_time`` values of ПОС answers; the others are the registry's parts."""
    metric = METRICS[key]
    restriction = _restriction(key)
    if metric.computed_by:
        if key != "mean_answer_pos":
            raise NotImplementedError(f"no score SQL for {key} ({metric.computed_by})")
        basis = sa.and_(metric.in_basis(pf), *([restriction] if restriction is not None else []))
        return sa.func.sum(sa.case((basis, work_value))), d.count_if(sa.and_(basis, work_value.is_not(None)))
    parts = metric.parts(pf, period_end_moment(pf, as_of), where=restriction)
    return parts[key], parts[key + "_base"]


def _scan(periods: list[Filters], utc_offset_seconds: int, f: Filters):
    """FROM (messages ⋈ channels ⋈ work calendar for the answer) and a cheap WHERE covering every period."""
    joined, value = unit_time(m.c.answered_at, utc_offset_seconds)
    start = min(p.bounds()[0] for p in periods)
    end = max(p.bounds()[1] for p in periods)
    where = [sa.or_(sa.and_(m.c.answered_at >= start, m.c.answered_at < end),
                    sa.and_(m.c.received_at >= start, m.c.received_at < end)), *dimension_clauses(f)]
    return joined, value, where


def scores_stmt(f: Filters, as_of: datetime, utc_offset_seconds: int, keys: tuple[str, ...]) -> sa.Select:
    """One row: ``<period>__<key>`` and ``<period>__<key>__base`` for every period of ``all_periods`` and target
    ``key``. The filter's own period is not used (the periods end at ``as_of``); its dimensions and scope are."""
    periods = all_periods(f, as_of.date())
    joined, value, where = _scan(list(periods.values()), utc_offset_seconds, f)
    cols = []
    for name, pf in periods.items():
        for key in keys:
            num, base = _parts(key, pf, as_of, value)
            cols += [num.label(f"{name}__{key}"), base.label(f"{name}__{key}__base")]
    return sa.select(*cols).select_from(joined).where(*where)


def scores_by_stmt(f: Filters, as_of: datetime, utc_offset_seconds: int, keys: tuple[str, ...],
                   period: str) -> sa.Select:
    """Per block, district and executor (GROUPING SETS) for one of ``PERIODS``: dimension, id (NULL = not set),
    ``<key>`` and ``<key>__base`` for every target ``key``."""
    pf = period_filter(f, as_of.date(), period)
    joined, value, where = _scan([pf], utc_offset_seconds, f)
    cols = []
    for key in keys:
        num, base = _parts(key, pf, as_of, value)
        cols += [num.label(key), base.label(key + "__base")]
    dimension = sa.case(*[(sa.func.grouping(col) == 0, name) for name, col in DIMENSIONS.items()]).label("dimension")
    ident = sa.case(*[(sa.func.grouping(col) == 0, col) for col in DIMENSIONS.values()]).label("id")
    return (sa.select(dimension, ident, *cols).select_from(joined).where(*where)
            .group_by(sa.func.grouping_sets(*[sa.tuple_(col) for col in DIMENSIONS.values()])))


# --- results ----------------------------------------------------------------------------------------------------

def actual_value(metric: Metric, num, base) -> float | None:
    """The measure from its parts: a share or mean is num ÷ base; a median is the value itself (None when the
    base is 0 or absent)."""
    if base is None or pd.isna(base) or int(base) == 0 or num is None or pd.isna(num):
        return None
    return float(num) if metric.value is not None else float(num) / float(base)


def _frame(records: list[dict], keys: tuple[str, ...], targets: dict) -> pd.DataFrame:
    rows = []
    for rec in records:
        for key in keys:
            metric = METRICS[key]
            target = metric.target_value(targets)
            actual = actual_value(metric, rec[key], rec[key + "__base"])
            rows.append({**{k: v for k, v in rec.items() if "__" not in k and k not in keys},
                         "metric": key, "actual": actual, "base": int(rec[key + "__base"] or 0), "target": target,
                         "score": score(actual, target, bool(metric.higher_is_better))})
    return pd.DataFrame(rows)


def target_scores(engine: sa.Engine, f: Filters, as_of: datetime, utc_offset_seconds: int,
                  targets: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    """Long frame: period (``PERIODS`` keys and ``w0``..``w11``), date_from, date_to, metric, actual, base, target,
    score; plus one row per period with metric ``city`` (the city score). ``targets``: the profile's
    ``[targets]`` as sorted items (hashable for the cache)."""
    targets_d = dict(targets)
    keys = tuple(target_keys(targets_d))
    periods = all_periods(f, as_of.date())
    if not keys:
        return pd.DataFrame(columns=["period", "date_from", "date_to", "metric", "actual", "base", "target", "score"])
    with engine.connect() as conn:
        row = conn.execute(scores_stmt(f, as_of, utc_offset_seconds, keys)).mappings().one()
    records = [{"period": name, "date_from": pf.date_from, "date_to": pf.date_to,
                **{key: row[f"{name}__{key}"] for key in keys},
                **{key + "__base": row[f"{name}__{key}__base"] for key in keys}} for name, pf in periods.items()]
    out = _frame(records, keys, targets_d)
    city = (out.groupby("period", sort=False)
            .agg(date_from=("date_from", "first"), date_to=("date_to", "first"),
                 score=("score", lambda s: city_score(s.tolist())))
            .reset_index())
    city["metric"] = "city"
    return pd.concat([out, city], ignore_index=True)


def target_scores_by(engine: sa.Engine, f: Filters, as_of: datetime, utc_offset_seconds: int,
                     targets: tuple[tuple[str, float], ...], period: str) -> pd.DataFrame:
    """Long frame per block / district / executor for one of ``PERIODS``: dimension, id (Int64, NA = not set),
    metric, actual, base, target, score, and the row's city score (metric ``city``)."""
    targets_d = dict(targets)
    keys = tuple(target_keys(targets_d))
    cols = ["dimension", "id", "metric", "actual", "base", "target", "score"]
    if not keys:
        return pd.DataFrame(columns=cols)
    with engine.connect() as conn:
        records = [dict(r) for r in conn.execute(scores_by_stmt(f, as_of, utc_offset_seconds, keys, period)).mappings()]
    if not records:
        return pd.DataFrame(columns=cols)
    out = _frame(records, keys, targets_d)
    city = (out.groupby(["dimension", "id"], dropna=False, sort=False)["score"]
            .agg(lambda s: city_score(s.tolist())).reset_index())
    city["metric"] = "city"
    out = pd.concat([out, city], ignore_index=True)
    out["id"] = pd.array(out["id"], dtype="Int64")
    return out[cols]
