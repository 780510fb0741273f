"""Dates as a source profile describes them: the order of day and month and explicit formats per column.

Section ``dates`` of a source YAML (all optional):

    dates:
      order: day-first          # day-first | month-first | iso: how «01/02/2022» or «2022/01/31» is read
      formats:                  # strptime formats tried first, per field (or «*» for every date field)
        received_at: ["%d/%m/%Y %H:%M"]

Cells that match a described form are read by it; the rest go through ``import_parse.parse_dates`` (ДД.ММ.ГГГГ,
ISO 8601, Excel numbers), so describing a format never loses the usual ones. Additive by design: the parsing of
the usual forms stays in ``import_parse``.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from data_access.ingest.parse import YEAR_MAX, YEAR_MIN, as_text, cell_kind, parse_dates

ORDERS = ("day-first", "month-first", "iso")
_TIMES = (" %H:%M:%S", " %H:%M", "")
_DATES = {
    "day-first": ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"),
    "month-first": ("%m/%d/%Y", "%m-%d-%Y"),
    "iso": ("%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"),
}
ORDER_NAMES = {"day-first": "день, месяц, год", "month-first": "месяц, день, год", "iso": "год, месяц, день"}


def order_formats(order: str) -> tuple[str, ...]:
    """The strptime formats that a date order stands for (dates with and without a time)."""
    return tuple(d + t for d in _DATES[order] for t in _TIMES)


READABLE = {"%d": "ДД", "%m": "ММ", "%Y": "ГГГГ", "%y": "ГГ", "%H": "ЧЧ", "%M": "ММ", "%S": "СС", "%z": "±ЧЧММ"}


def readable(fmt: str) -> str:
    """A strptime format as users write dates: «%d/%m/%Y %H:%M» -> «ДД/ММ/ГГГГ ЧЧ:ММ»."""
    for code, words in READABLE.items():
        fmt = fmt.replace(code, words)
    return fmt


def described_hint(field: str, order: str | None, formats: dict[str, tuple[str, ...]]) -> str:
    """What a rejected date of ``field`` should have looked like by the source profile's ``dates`` section (the end
    of the reject reason); empty when the profile describes nothing."""
    own = [readable(f) for f in formats.get(field, ()) + formats.get("*", ())]
    parts = ([f"в порядке «{ORDER_NAMES[order]}»"] if order else []) + own
    return f", или как описано в профиле источника: {', '.join(parts)}" if parts else ""


def formats_for(field: str, order: str | None, formats: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The described formats of one date field: its own, then those for every field («*»), then the order's."""
    return formats.get(field, ()) + formats.get("*", ()) + (order_formats(order) if order else ())


def parse_described_dates(values: pd.Series, tz: ZoneInfo, described: tuple[str, ...]) -> tuple[pd.Series, np.ndarray]:
    """``parse_dates`` with the ``described`` formats tried first on text cells (strict: 31/02 is no date).

    Returns (UTC-aware datetimes, mask of non-empty cells that are not a date), as ``parse_dates`` does.
    """
    values = values.reset_index(drop=True)
    if not described:
        return parse_dates(values, tz)
    text = as_text(values) if cell_kind(values) in ("string", "empty") else values.map(
        lambda v: v.strip() if isinstance(v, str) else "")
    naive = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    todo = (text != "").to_numpy()
    for fmt in described:
        if not todo.any():
            break
        got = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        ok = got.notna() & got.dt.year.between(YEAR_MIN, YEAR_MAX)
        idx = np.flatnonzero(todo)[ok.to_numpy()]
        naive.iloc[idx] = got[ok].to_numpy()
        todo[idx] = False
    matched = naive.notna().to_numpy()
    parsed, bad = parse_dates(values.where(~matched, ""), tz)  # the usual forms for the rest
    local = naive[matched].dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert("UTC")
    parsed = parsed.copy()
    parsed[matched] = local
    return parsed, bad & ~matched
