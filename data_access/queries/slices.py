"""Configurable slices («настраиваемые статистические разрезы»): row dimension × column dimension × measure.

One GROUP BY GROUPING SETS ((row, col), (row), (col), ()) computes the cells and the true totals (a
median of a total is a median over its items, not a sum of cells). Each measure states which date the
period applies to: receipt (items, per 1,000 residents), the answer (on-time share, answer time,
ratings) or none (overdue now is a state at «now», as on the overview card).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data_access.store import dialect as d
from data_access.metrics.filters import Filters, dimension_clauses, in_period
from data_access.metrics.registry import METRICS, answer_days, answered_on_time, good_rating, has_deadline, overdue_at
from data_access.store.schema import messages as m

DIMENSIONS = {
    "district": "Район", "sector": "Отраслевой блок", "topic": "Тема", "channel": "Канал",
    "executor": "Исполнитель", "status": "Статус", "week": "Неделя", "month": "Месяц",
}
ID_COLUMNS = {"district": "district_id", "sector": "sector_id", "topic": "topic_id", "channel": "channel_id",
              "executor": "executor_id", "status": "status"}


@dataclass(frozen=True)
class Measure:
    label: str
    unit: str
    method: str
    basis: str  # the date the period applies to: received | answered | none
    metric: str = ""  # the key in data_access.metrics.registry.METRICS this measure shows
    higher_is_better: bool | None = None


def _from_registry(key: str, *, label: str | None = None, unit: str | None = None, method: str | None = None) -> Measure:
    x = METRICS[key]
    basis = "none" if x.basis == "state" else x.basis
    return Measure(label or x.label, unit or x.unit, method or x.method, basis, key, x.higher_is_better)


# Разрезы: the registry's measures (label, method, basis, direction); per_1000 is «items_located» per population.
MEASURES = {
    "items": _from_registry("items", label="Обращений", unit="шт."),
    "per_1000": _from_registry("items_located", label="На 1 000 жителей", unit="на 1 000 жит.",
                               method=METRICS["items_located"].method + " На 1 000 жителей района (вне разреза по "
                               "районам — выбранных районов; население: ВПН-2020)."),
    "on_time": _from_registry("on_time"),
    "median_answer_days": _from_registry("median_answer_days", label="Медиана времени ответа"),
    "good_share": _from_registry("rated_good"),
    "overdue_now": _from_registry("overdue", unit="шт.", method=METRICS["overdue"].method
                                  + " Неделя и месяц — поступления."),
}


def _dimension(name: str, date_col, offset: int):
    if name == "week":
        return d.week_start_day(d.local_day(date_col, offset))
    if name == "month":
        return d.month_index(d.local_day(date_col, offset))
    return m.c[ID_COLUMNS[name]]


def slice_stmt(f: Filters, row: str, col: str, measure: str, as_of: datetime, offset: int) -> sa.Select:
    """Cells and totals: columns r, c, g_r, g_c (1 where the dimension is totalled), num, den.

    ``num``/``den`` per measure: items → (items, —); per_1000 → (items with a district, —); on_time →
    (on time, answered with a deadline); median_answer_days → (median days, answered); good_share → (rated 4–5, rated);
    overdue_now → (overdue, —). Week is the Monday (day number), month ``year*12 + month-1``.
    """
    if row == col:
        raise ValueError("row and column dimensions must differ")
    basis = MEASURES[measure].basis
    date_col = m.c.answered_at if basis == "answered" else m.c.received_at
    where = list(dimension_clauses(f))
    if basis == "none":
        where.append(overdue_at(as_of))
    else:
        where.append(in_period(f, date_col))
    inner = sa.select(_dimension(row, date_col, offset).label("r"), _dimension(col, date_col, offset).label("c"),
                      m.c.district_id, answer_days().label("days"), m.c.rating, answered_on_time.label("ok"),
                      has_deadline.label("dl"), good_rating().label("good")).where(*where).subquery()
    r, c = inner.c.r, inner.c.c
    if measure == "per_1000":
        num, den = d.count_if(inner.c.district_id.is_not(None)), sa.null()
    elif measure == "on_time":
        num, den = d.count_if(inner.c.ok), d.count_if(inner.c.dl)
    elif measure == "median_answer_days":
        num = d.percentile(inner.c.days, 0.5)
        den = sa.func.count()
    elif measure == "good_share":
        num, den = d.count_if(inner.c.good), d.count_if(inner.c.rating.is_not(None))
    else:
        num, den = sa.func.count(), sa.null()
    return (sa.select(r, c, sa.func.grouping(r).label("g_r"), sa.func.grouping(c).label("g_c"),
                      num.label("num"), den.label("den"))
            .group_by(sa.func.grouping_sets(sa.tuple_(r, c), sa.tuple_(r), sa.tuple_(c), sa.tuple_())))


def slice_cells(engine: sa.Engine, f: Filters, row: str, col: str, measure: str, as_of: datetime,
                offset: int) -> pd.DataFrame:
    """Long form of ``slice_stmt``: r, c (None in totals and for «no value»), g_r, g_c, num, den."""
    with engine.connect() as conn:
        rows = conn.execute(slice_stmt(f, row, col, measure, as_of, offset)).all()
    names = ["r", "c", "g_r", "g_c", "num", "den"]
    df = pd.DataFrame({n: pd.Series([x[i] for x in rows], dtype=object) for i, n in enumerate(names)})
    for name in ("num", "den"):
        df[name] = pd.to_numeric(df[name], errors="coerce").astype("float64")
    df[["g_r", "g_c"]] = df[["g_r", "g_c"]].astype(int)
    return df


TOTAL = "__total__"  # the key of the totals row / column
NONE = "__none__"    # the key of «no value» (no district, no executor...)


def _key(total_flag: int, value) -> object:
    if total_flag == 1:
        return TOTAL
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return NONE
    return value.item() if hasattr(value, "item") else value


def slice_values(cells: pd.DataFrame, row: str, col: str, measure: str,
                 population: dict[int, int], selected_population: int) -> pd.DataFrame:
    """The measure per cell as a matrix: index = row keys, columns = column keys, with TOTAL row and column.

    Keys are the raw dimension values (ids, status codes, day numbers, month indexes; NONE = «no value»).
    Shares are 0..1, per_1000 per 1,000 residents; NaN where undefined (no answers, no population).
    """
    rks = [_key(g, v) for g, v in zip(cells["g_r"], cells["r"])]
    cks = [_key(g, v) for g, v in zip(cells["g_c"], cells["c"])]
    num, den = cells["num"].to_numpy(float), cells["den"].to_numpy(float)
    if measure in ("on_time", "good_share"):
        values = [n / q if q > 0 else np.nan for n, q in zip(num, den)]
    elif measure == "per_1000":
        def pop(rk, ck):
            for dim, key in ((row, rk), (col, ck)):
                if dim == "district" and key != TOTAL:
                    return population.get(key)
            return selected_population
        values = [n / p * 1000 if (p := pop(rk, ck)) else np.nan for n, rk, ck in zip(num, rks, cks)]
    else:
        values = list(num)
    out = pd.DataFrame(np.nan, index=pd.Index(list(dict.fromkeys(rks)), dtype=object),
                       columns=pd.Index(list(dict.fromkeys(cks)), dtype=object))
    for rk, ck, v in zip(rks, cks, values):
        out.at[rk, ck] = v
    return out
