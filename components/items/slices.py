"""The slice table for people: labels for dimension keys, order, formats, colours (hot = worse); drill links.

Pure functions: ``slice_table`` returns a labelled DataFrame and a pandas Styler for ``st.dataframe``.
"""
from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd

from components.common.formatting import fmt_int, fmt_num, fmt_pct
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.store.reference import Reference
from data_access.queries.slices import MEASURES, NONE, TOTAL
from data_access.store.vocabulary import STATUSES

EPOCH = date(1970, 1, 1)
MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")
TABLES = {"district": "districts", "sector": "sectors", "topic": "topics", "channel": "channels",
          "executor": "executors"}
NONE_LABELS = {"district": "Без района", "status": "не указан"}
TOTAL_LABEL = "Итого"
HIGHER_IS_BETTER = tuple(k for k, x in MEASURES.items() if x.higher_is_better)  # from the metric registry
LOW, HIGH = (255, 247, 236), (215, 72, 39)  # light cream → hot red


def key_label(dim: str, key, ref: Reference) -> str:
    if key == TOTAL:
        return TOTAL_LABEL
    if key == NONE:
        return NONE_LABELS.get(dim, "не указано")
    if dim == "week":
        monday = EPOCH + timedelta(days=int(key))
        return f"{monday:%d.%m}–{monday + timedelta(days=6):%d.%m.%Y}"
    if dim == "month":
        return f"{MONTHS[int(key) % 12]} {int(key) // 12}"
    if dim == "status":
        return STATUSES.get(key, str(key))
    return ref.names(TABLES[dim]).get(int(key), f"№{key}")


def _order(dim: str, keys) -> list:
    plain = [k for k in keys if k not in (TOTAL, NONE)]
    if dim == "status":
        rank = {s: i for i, s in enumerate(STATUSES)}
        plain.sort(key=lambda k: rank.get(k, 99))
    else:
        plain.sort()
    return plain + [k for k in (NONE, TOTAL) if k in keys]


def _unique(labels: list[str]) -> list[str]:
    seen, out = {}, []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def format_value(value: float, measure: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if measure in ("on_time", "good_share"):
        return fmt_pct(value)
    if measure == "per_1000":
        return fmt_num(value, 2)
    if measure == "median_answer_days":
        return fmt_num(value, 1)
    return fmt_int(value)


def _colour(t: float) -> str:
    r, g, b = (round(lo + (hi - lo) * t) for lo, hi in zip(LOW, HIGH))
    text = "#ffffff" if t > 0.6 else "#1f1f1f"
    return f"background-color: rgb({r},{g},{b}); color: {text}"


def slice_table(values: pd.DataFrame, row: str, col: str, measure: str, ref: Reference):
    """(ordered matrix with row/column keys, Styler with labels, formats and colours).

    Colour runs from light (best) to hot red (worst) over the inner cells; totals stay uncoloured.
    """
    rows, cols = _order(row, list(values.index)), _order(col, list(values.columns))
    matrix = values.reindex(index=rows, columns=cols)
    shown = matrix.copy()
    shown.index = _unique([key_label(row, k, ref) for k in rows])
    shown.columns = _unique([key_label(col, k, ref) for k in cols])
    inner = matrix.drop(index=[TOTAL], columns=[TOTAL], errors="ignore").to_numpy(dtype=float)
    finite = inner[~pd.isna(inner)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)

    def style(v, is_total):
        if is_total or v is None or pd.isna(v) or hi == lo:
            return "font-weight: 600" if is_total else ""
        t = (v - lo) / (hi - lo)
        return _colour(1 - t if measure in HIGHER_IS_BETTER else t)

    def styles(frame: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for i, rk in enumerate(rows):
            for j, ck in enumerate(cols):
                out.iat[i, j] = style(frame.iat[i, j], TOTAL in (rk, ck))
        return out
    styler = shown.style.apply(styles, axis=None).format(lambda v: format_value(v, measure))
    return matrix, styler


def cell_drill(f: Filters, row: str, col: str, measure: str, row_key, col_key) -> tuple[dict, dict] | None:
    """(selection for ``drill_url``, extra conditions) of one cell, or None when it cannot be expressed."""
    selection, extra = {}, {}
    for dim, key in ((row, row_key), (col, col_key)):
        if key == TOTAL:
            continue
        if dim in ("week", "month"):
            if measure == "overdue_now":
                return None  # overdue now ignores the period: a week of receipt is not a drill-down condition
            first = EPOCH + timedelta(days=int(key)) if dim == "week" else date(int(key) // 12, int(key) % 12 + 1, 1)
            last = first + timedelta(days=6) if dim == "week" else (
                date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1))
            selection["date_from"], selection["date_to"] = max(first, f.date_from), min(last, f.date_to)
        elif key == NONE:
            if dim != "district":
                return None
            selection["district"] = NO_DISTRICT
        else:
            selection[dim] = key if dim == "status" else int(key)
    if measure in ("on_time", "median_answer_days", "good_share"):
        extra["answered"] = 1
    elif measure == "overdue_now":
        extra["overdue"] = 1
    return selection, extra

