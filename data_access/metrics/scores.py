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

The SQL (see the section below): GROUP BY in the database — per local day for the measures that do not depend
on the moment (a window is then a sum of its days), per window for those that do, per block / district / executor
(GROUPING SETS) for the table. Numerators and bases come back; scores are computed by ``score`` (pure).
"""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pandas as pd
import sqlalchemy as sa

from data_access.store import dialect as d
from data_access.metrics.filters import Filters, dimension_clauses, in_period
from data_access.metrics.registry import METRICS, Metric, period_end_moment, registered_from, work_days_between
from data_access.store.schema import channels, messages as m
from data_access.queries.sla import HOUR_UNITS
from data_access.domain.workcalendar import EPOCH

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
# Three statements, each a GROUP BY in the database: (1) the measures that do not depend on the moment, per local
# day of their basis date (the windows are sums of days); (2) the ПОС average: answers counted per (day of
# registration, day of answer), the working days between them from ``work_calendar`` (as ``metrics.answer_in_channel_unit`` does
# for a working-day channel), per day of answer; (3) the measures that depend on the moment (the first answer:
# «already given or past the deadline» at the window's end) — one column pair per window. For the table per
# block / district / executor the same three are grouped by GROUPING SETS over one window instead of by day.

MOMENT = sa.literal_column("__score_moment__")


def moment_free(metric: Metric) -> bool:
    """True if the measure's conditions do not use the moment (then a window is a sum of its days)."""
    parts = [fn(MOMENT) for fn in (metric.num, metric.den) if fn is not None]
    return all("__score_moment__" not in str(p) for p in parts)


def _restriction(key: str) -> sa.ColumnElement | None:
    if key not in TARGET_CHANNELS:
        return None
    column, values = TARGET_CHANNELS[key]
    return m.c.channel_id.in_(sa.select(channels.c.id).where(channels.c[column].in_(values)).scalar_subquery())


def _kinds(keys: tuple[str, ...]) -> tuple[list[str], list[str], list[str]]:
    """(daily keys, work-day mean keys, per-window keys)."""
    daily, work, window = [], [], []
    for key in keys:
        metric = METRICS[key]
        if metric.computed_by:
            if key != "mean_answer_pos":
                raise NotImplementedError(f"no score SQL for {key} ({metric.computed_by})")
            work.append(key)
        elif metric.value is None and metric.basis in ("answered", "received") and moment_free(metric):
            daily.append(key)
        else:
            window.append(key)
    return daily, work, window


def _span(periods: list[Filters], f: Filters) -> Filters:
    """One filter over every period (their union: they all end today)."""
    return f.with_(date_from=min(p.date_from for p in periods), date_to=max(p.date_to for p in periods))


def _grouping() -> tuple[list, sa.ColumnElement]:
    dimension = sa.case(*[(sa.func.grouping(c) == 0, name) for name, c in DIMENSIONS.items()]).label("dimension")
    ident = sa.case(*[(sa.func.grouping(c) == 0, c) for c in DIMENSIONS.values()]).label("id")
    return [dimension, ident], sa.func.grouping_sets(*[sa.tuple_(c) for c in DIMENSIONS.values()])


def daily_stmts(span: Filters, as_of: datetime, utc_offset_seconds: int, keys: list[str],
                by_dimension: bool = False) -> list[sa.Select]:
    """Moment-free measures: per basis date, ``day`` (local day number) or ``dimension, id``, and
    ``<key>`` / ``<key>__base`` (the registry's parts over ``span``, on the target's channels)."""
    out = []
    for basis in dict.fromkeys(METRICS[k].basis for k in keys):
        mine = [k for k in keys if METRICS[k].basis == basis]
        shared = all(k in TARGET_CHANNELS for k in mine) and len({TARGET_CHANNELS[k] for k in mine}) == 1
        cols = []
        for key in mine:
            parts = METRICS[key].parts(span, as_of, where=None if shared else _restriction(key))
            cols += [parts[key].label(key), parts[key + "_base"].label(key + "__base")]
        column = METRICS[mine[0]].basis_column()
        where = [METRICS[mine[0]].in_basis(span), *dimension_clauses(span), *([_restriction(mine[0])] if shared else [])]
        if by_dimension:
            head, group = _grouping()
            out.append(sa.select(*head, *cols).where(*where).group_by(group))
        else:
            day = d.local_day(column, utc_offset_seconds).label("day")
            out.append(sa.select(day, *cols).where(*where).group_by(day))
    return out


def work_days_stmt(span: Filters, utc_offset_seconds: int, key: str, by_dimension: bool = False) -> sa.Select:
    """The ПОС average in working days: ``day`` (of the answer) or ``dimension, id``, ``<key>`` (sum of working
    days) and ``<key>__base`` (answers with a known number of working days)."""
    metric = METRICS[key]
    reg = d.local_day(registered_from, utc_offset_seconds).label("reg_day")
    ans = d.local_day(m.c.answered_at, utc_offset_seconds).label("ans_day")
    keep = [metric.in_basis(span), *dimension_clauses(span)]
    if (restriction := _restriction(key)) is not None:
        keep.append(restriction)
    dims = list(DIMENSIONS.values()) if by_dimension else []
    pairs = (sa.select(reg, ans, *dims, sa.func.count().label("n")).where(*keep)
             .group_by(reg, ans, *dims).subquery())
    days, joined = work_days_between(pairs, pairs.c.reg_day, pairs.c.ans_day)
    cols = [sa.func.sum(pairs.c.n * days).label(key),
            sa.func.sum(sa.case((days.is_not(None), pairs.c.n), else_=0)).label(key + "__base")]
    if by_dimension:
        pcols = {name: pairs.c[c.name] for name, c in DIMENSIONS.items()}
        dimension = sa.case(*[(sa.func.grouping(c) == 0, n) for n, c in pcols.items()]).label("dimension")
        ident = sa.case(*[(sa.func.grouping(c) == 0, c) for c in pcols.values()]).label("id")
        return (sa.select(dimension, ident, *cols).select_from(joined)
                .group_by(sa.func.grouping_sets(*[sa.tuple_(c) for c in pcols.values()])))
    return sa.select(pairs.c.ans_day.label("day"), *cols).select_from(joined).group_by(pairs.c.ans_day)


def window_stmt(periods: dict[str, Filters], as_of: datetime, keys: list[str], f: Filters,
                by_dimension: bool = False) -> sa.Select:
    """Measures that depend on the moment: ``<period>__<key>`` / ``<period>__<key>__base`` per window, the state
    taken at the window's end (``period_end_moment``); grouped by ``dimension, id`` if ``by_dimension``."""
    span = _span(list(periods.values()), f)
    cols, where = [], [*dimension_clauses(f)]
    bases = {METRICS[k].basis for k in keys}
    if len(bases) == 1 and (column := METRICS[keys[0]].basis_column()) is not None:
        where.append(in_period(span, column))
    shared = all(k in TARGET_CHANNELS for k in keys) and len({TARGET_CHANNELS[k] for k in keys}) == 1
    if shared:  # one channel condition for all: in WHERE once, not inside every aggregate
        where.append(_restriction(keys[0]))
    for name, pf in periods.items():
        for key in keys:
            parts = METRICS[key].parts(pf, period_end_moment(pf, as_of), where=None if shared else _restriction(key))
            cols += [parts[key].label(f"{name}__{key}"), parts[key + "_base"].label(f"{name}__{key}__base")]
    if by_dimension:
        head, group = _grouping()
        return sa.select(*head, *cols).where(*where).group_by(group)
    return sa.select(*cols).where(*where)


def closed_stmt(closed: dict[str, Filters], as_of: datetime, keys: list[str], f: Filters) -> sa.Select:
    """Measures that depend on the moment over closed, disjoint windows (yesterday and the past weeks): one row per
    window (``period``), ``<key>`` / ``<key>__base``, each item taken at the end of its own window — one GROUP BY
    instead of a column pair per window."""
    column = METRICS[keys[0]].basis_column()
    if column is None or any(METRICS[k].basis_column() is not column for k in keys):
        raise NotImplementedError("closed windows need one basis date for all their measures")
    spans = sorted((p.date_from, p.date_to) for p in closed.values())
    if any(a[1] >= b[0] for a, b in zip(spans, spans[1:])):
        raise ValueError("closed windows overlap")
    name = sa.case(*[(in_period(pf, column), sa.literal(n)) for n, pf in closed.items()]).label("period")
    moment = sa.case(*[(in_period(pf, column), sa.literal(period_end_moment(pf, as_of), column.type))
                       for pf in closed.values()])
    span = _span(list(closed.values()), f)
    shared = all(k in TARGET_CHANNELS for k in keys) and len({TARGET_CHANNELS[k] for k in keys}) == 1
    where = [in_period(span, column), *dimension_clauses(f), *([_restriction(keys[0])] if shared else [])]
    cols = []
    for key in keys:
        parts = METRICS[key].parts(span, moment, where=None if shared else _restriction(key))
        cols += [parts[key].label(key), parts[key + "_base"].label(key + "__base")]
    return sa.select(name, *cols).where(*where).group_by(name)


def scores_stmt(f: Filters, as_of: datetime, utc_offset_seconds: int, keys: tuple[str, ...]) -> sa.Select:
    """The first statement ``target_scores`` sends (the per-day one; for the SQL list of the benchmarks)."""
    daily, _, window = _kinds(keys)
    periods = all_periods(f, as_of.date())
    if daily:
        return daily_stmts(_span(list(periods.values()), f), as_of, utc_offset_seconds, daily)[0]
    return window_stmt(periods, as_of, window, f)


def scores_by_stmt(f: Filters, as_of: datetime, utc_offset_seconds: int, keys: tuple[str, ...],
                   period: str) -> sa.Select:
    """The first statement ``target_scores_by`` sends."""
    daily, _, window = _kinds(keys)
    pf = period_filter(f, as_of.date(), period)
    if daily:
        return daily_stmts(pf, as_of, utc_offset_seconds, daily, by_dimension=True)[0]
    return window_stmt({period: pf}, as_of, window, f, by_dimension=True)


def _read(engine: sa.Engine, stmts: list[sa.Select]) -> list[pd.DataFrame]:
    out = []
    with engine.connect() as conn:
        for stmt in stmts:
            result = conn.execute(stmt)
            out.append(pd.DataFrame(result.all(), columns=list(result.keys())))
    return out


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
    if not keys:
        return pd.DataFrame(columns=["period", "date_from", "date_to", "metric", "actual", "base", "target", "score"])
    periods = all_periods(f, as_of.date())
    span = _span(list(periods.values()), f)
    daily, work, window = _kinds(keys)
    # windows ending today share the moment (as_of): their moment-dependent measures are sums of days as well
    current = [n for n, p in periods.items() if p.date_to >= as_of.date()]
    closed = {n: p for n, p in periods.items() if n not in current}
    stmts = [*daily_stmts(span, as_of, utc_offset_seconds, daily), *[work_days_stmt(span, utc_offset_seconds, k)
                                                                     for k in work]]
    by_day = _read(engine, stmts)
    now_by_day = _read(engine, daily_stmts(span, as_of, utc_offset_seconds, window)) if window else []
    past = _read(engine, [closed_stmt(closed, as_of, window, f)])[0].set_index("period") if window else None

    def day_sums(frame: pd.DataFrame, pf: Filters) -> dict:
        lo, hi = (pf.date_from - EPOCH).days, (pf.date_to - EPOCH).days
        days = frame[(frame["day"] >= lo) & (frame["day"] <= hi)]
        return {col: days[col].dropna().sum() if len(days) else 0 for col in frame.columns if col != "day"}

    records = []
    for name, pf in periods.items():
        rec = {"period": name, "date_from": pf.date_from, "date_to": pf.date_to}
        for frame in by_day:
            rec.update(day_sums(frame, pf))
        if name in current:
            for frame in now_by_day:
                rec.update(day_sums(frame, pf))
        else:
            for key in window:
                have = name in past.index
                rec[key] = past.loc[name, key] if have else 0
                rec[key + "__base"] = past.loc[name, key + "__base"] if have else 0
        records.append(rec)
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
    pf = period_filter(f, as_of.date(), period)
    daily, work, window = _kinds(keys)
    if pf.date_to >= as_of.date():  # the moment is as_of for the whole window: no per-window columns needed
        daily, window = daily + window, []
    frames = _read(engine, [*daily_stmts(pf, as_of, utc_offset_seconds, daily, by_dimension=True),
                            *[work_days_stmt(pf, utc_offset_seconds, k, by_dimension=True) for k in work],
                            *([window_stmt({period: pf}, as_of, window, f, by_dimension=True)] if window else [])])
    merged = None
    for frame in frames:
        frame = frame.rename(columns={c: c.removeprefix(f"{period}__") for c in frame.columns})
        frame["id"] = frame["id"].astype("float")
        merged = frame if merged is None else merged.merge(frame, on=["dimension", "id"], how="outer")
    if merged is None or merged.empty:
        return pd.DataFrame(columns=cols)
    for key in keys:
        merged[key + "__base"] = merged[key + "__base"].fillna(0)
    records = [{k: (None if isinstance(v, float) and math.isnan(v) and k == "id" else v) for k, v in r.items()}
               for r in merged.to_dict("records")]
    out = _frame(records, keys, targets_d)
    city = (out.groupby(["dimension", "id"], dropna=False, sort=False)["score"]
            .agg(lambda s: city_score(s.tolist())).reset_index())
    city["metric"] = "city"
    out = pd.concat([out, city], ignore_index=True)
    out["id"] = pd.array(out["id"], dtype="Int64")
    return out[cols]
