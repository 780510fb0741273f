"""Parsing raw cells of an export, a whole column at a time: dates, numbers, yes/no.

Dates: ``ДД.ММ.ГГГГ [ЧЧ:ММ[:СС]]``, ISO 8601 (with or without an offset), Excel serial numbers (days since
30.12.1899, fractions are the time of day) and datetime cells of a workbook — mixed in one column if need be.
A time without an offset is local time of the municipality.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

TEXT = pd.StringDtype("pyarrow")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# Serial numbers accepted as dates: 01.01.1960 .. 31.12.2099 (anything else in a date column is an error).
SERIAL_MIN, SERIAL_MAX = 21_916, 73_050
RU_PATTERN = (r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
              r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$")
ISO_PATTERN = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$"
OFFSET_PATTERN = r"\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$"  # after a time: «2025-03-01» has none
# Years accepted in a written date (01.01.0001 is an error, not an overflow).
YEAR_MIN, YEAR_MAX = 1900, 2199
# The usual forms, read without the regex: (strptime format, length of the cell).
FAST_FORMATS = (("%d.%m.%Y %H:%M", 16), ("%d.%m.%Y %H:%M:%S", 19), ("%d.%m.%Y", 10))
NUMBER_PATTERN = r"^\d+(?:[.,]\d+)?$"
TRUE_WORDS = {"да", "1", "true", "yes", "истина", "+", "y", "д"}
FALSE_WORDS = {"нет", "0", "false", "no", "ложь", "-", "n", "н", ""}
EMPTY_WORDS = {"", "nan", "none", "null", "nat", "-", "—"}


def cell_kind(values: pd.Series) -> str:
    """pandas' inferred kind of a column's values ("string", "floating", "integer", "datetime", "mixed"...)."""
    return pd.api.types.infer_dtype(values, skipna=True)


def as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped strings ('' for empty; Arrow-backed, so string rules run vectorized); whole floats
    of a workbook lose their «.0»."""
    values = values.reset_index(drop=True)
    if cell_kind(values) in ("string", "empty"):  # every CSV column
        return values.astype(TEXT).fillna("").str.strip()

    def one(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()
    return values.map(one).astype(TEXT)


def is_empty(values: pd.Series) -> np.ndarray:
    text = as_text(values)
    return text.str.lower().isin(EMPTY_WORDS).to_numpy()


def _localize(naive: pd.Series, tz: ZoneInfo) -> pd.Series:
    return naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert("UTC")


def _from_serial(days: pd.Series) -> pd.Series:
    ok = days.between(SERIAL_MIN, SERIAL_MAX)
    out = EXCEL_EPOCH + pd.to_timedelta(days.where(ok), unit="D")
    return out.dt.round("s")


def _arrow(text: pd.Series) -> pa.ChunkedArray:
    if text.dtype == object:
        return pa.chunked_array([pa.array(text.to_numpy(dtype=object), type=pa.string())])
    return text.array.__arrow_array__()


def _russian_dates(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """(naive datetimes, mask of cells in the format ДД.ММ.ГГГГ [ЧЧ:ММ[:СС]]); NaT for 31.02, 25:00 and the like.

    The zero-padded forms of a machine export are read by Arrow's ``strptime`` (10× faster than the regex);
    it rolls 31.02 over into March, so a cell counts only if the day it gives is the day written. The rest
    («1.3.2025 9:05», impossible dates) goes through the regex.
    """
    arr = _arrow(text)
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[s]")
    todo = np.ones(len(text), dtype=bool)
    length = pc.utf8_length(arr)
    day_written = pc.utf8_slice_codeunits(arr, 0, 2)
    for fmt, width in FAST_FORMATS:
        stamps = pc.strptime(arr, format=fmt, unit="s", error_is_null=True)
        same_day = pc.equal(day_written, pc.utf8_lpad(pc.cast(pc.day(stamps), pa.string()), 2, "0"))
        in_range = pc.and_(pc.greater_equal(pc.year(stamps), YEAR_MIN), pc.less_equal(pc.year(stamps), YEAR_MAX))
        ok = pc.and_(pc.and_(pc.equal(length, width), same_day), in_range).fill_null(False).to_numpy(zero_copy_only=False) & todo
        if ok.any():
            out[ok] = stamps.to_numpy()[ok]
            todo &= ~ok
        if not todo.any():
            break
    matched = ~todo
    if todo.any():
        rest, rest_matched = _russian_dates_by_regex(text[todo])
        out[todo] = rest.to_numpy(dtype="datetime64[s]")
        matched[todo] = rest_matched
    return pd.Series(out, index=text.index).astype("datetime64[ns]"), matched


def _russian_dates_by_regex(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """(naive datetimes, mask of cells in this format).

    Datetimes of the cells written ДД.ММ.ГГГГ [ЧЧ:ММ[:СС]]; NaT elsewhere and for 31.02, 25:00 and the like.

    Arrow's regex extraction keeps this vectorized (100k cells in milliseconds, not a Python loop).
    """
    groups = pc.extract_regex(_arrow(text), RU_PATTERN)
    parts = {}
    for name in ("year", "month", "day", "hour", "minute", "second"):
        field = pc.struct_field(groups, name)
        field = pc.if_else(pc.equal(field, ""), "0", field)  # an absent time is midnight
        parts[name] = pd.Series(pc.cast(field, pa.int32()).to_numpy(zero_copy_only=False), index=text.index)
    frame = pd.DataFrame(parts)
    matched = frame["year"].notna()
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    if matched.any():  # calendar arithmetic in numpy: a month plus days; 31.02 lands in March and is refused
        ok = frame[matched].astype("int64")
        month = ((ok["year"] - 1970) * 12 + ok["month"] - 1).to_numpy().astype("datetime64[M]")
        day = month.astype("datetime64[D]") + (ok["day"].to_numpy() - 1)
        seconds = (ok["hour"] * 3600 + ok["minute"] * 60 + ok["second"]).to_numpy()
        valid = (ok["year"].between(YEAR_MIN, YEAR_MAX) & ok["month"].between(1, 12) & (ok["day"] >= 1)
                 & (ok["hour"] <= 23) & (ok["minute"] <= 59) & (ok["second"] <= 59)).to_numpy()
        valid = valid & (day.astype("datetime64[M]") == month)
        stamps = day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
        out[matched] = pd.Series(stamps, index=ok.index).where(valid).astype("datetime64[ns]")
    return out, matched.to_numpy()


def parse_dates(values: pd.Series, tz: ZoneInfo) -> tuple[pd.Series, np.ndarray]:
    """(UTC-aware datetimes with NaT for empty cells, mask of non-empty cells that are not a date)."""
    n = len(values)
    values = values.reset_index(drop=True)
    if cell_kind(values) in ("string", "empty"):  # CSV: no workbook datetimes or numbers to sort out
        is_dt = is_num = np.zeros(n, dtype=bool)
    else:
        kinds = values.map(type)
        is_dt = kinds.isin([datetime, pd.Timestamp]).to_numpy().copy()
        if is_dt.any():  # 01.01.0001 in a workbook is an error, not an overflow of pandas' range
            years = values[is_dt].map(lambda v: v.year)
            is_dt[np.flatnonzero(is_dt)[~years.between(YEAR_MIN, YEAR_MAX).to_numpy()]] = False
        is_num = kinds.isin([int, float, np.int64, np.float64]).to_numpy()
    naive = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
    aware = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns, UTC]")
    if is_dt.any():
        stamps = pd.to_datetime(values[is_dt].astype(object), errors="coerce", utc=False)
        naive[is_dt] = stamps.dt.tz_localize(None) if getattr(stamps.dt, "tz", None) else stamps
    text = as_text(values)
    if is_num.any():
        nums = pd.to_numeric(values[is_num], errors="coerce").astype(float)
        naive[is_num] = _from_serial(nums).to_numpy()
        text[is_num & pd.isna(nums.reindex(range(n))).to_numpy()] = ""  # NaN floats are empty cells
    is_str = ~(is_dt | is_num)
    s = text.where(is_str, "")
    russian, ru = _russian_dates(s)
    naive[ru] = russian[ru]
    rest = ~ru & (s != "").to_numpy()  # the other formats are looked for only where the Russian one failed
    iso = np.zeros(n, dtype=bool)
    if rest.any():
        iso[rest] = s[rest].str.match(ISO_PATTERN).to_numpy()
    if iso.any():  # 0001-01-01 or 2262-04-12 would overflow pandas' range: out of YEAR_MIN..YEAR_MAX is an error
        years = pd.to_numeric(s[iso].str.slice(0, 4), errors="coerce")
        iso[np.flatnonzero(iso)[~years.between(YEAR_MIN, YEAR_MAX).to_numpy()]] = False
    if iso.any():
        with_offset = iso & s.str.contains(OFFSET_PATTERN, regex=True).to_numpy()
        plain = iso & ~with_offset
        if with_offset.any():
            aware[with_offset] = pd.to_datetime(s[with_offset].str.replace(",", ".", regex=False),
                                                format="ISO8601", errors="coerce", utc=True)
        if plain.any():
            naive[plain] = pd.to_datetime(s[plain].str.replace(",", ".", regex=False), format="ISO8601",
                                          errors="coerce")
    serial = np.zeros(n, dtype=bool)
    if (rest & ~iso).any():
        serial[rest & ~iso] = s[rest & ~iso].str.match(NUMBER_PATTERN).to_numpy()
    if serial.any():
        naive[serial] = _from_serial(pd.to_numeric(s[serial].str.replace(",", ".", regex=False), errors="coerce"))
    result = aware.copy()
    fill = aware.isna() & naive.notna()
    if fill.any():
        result[fill] = _localize(naive[fill], tz)
    empty = (text.str.lower().isin(EMPTY_WORDS)).to_numpy() & ~is_dt
    bad = result.isna().to_numpy() & ~empty
    return result, bad


def _arrow_numbers(text: pd.Series) -> pd.Series | None:
    """Floats by Arrow's cast when every non-empty cell is a plain number («56,01» too); None otherwise."""
    if text.dtype != TEXT:
        return None
    arr = pc.replace_substring(text.array.__arrow_array__(), ",", ".")
    arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    try:
        return pd.Series(pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False), index=text.index, dtype=float)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def parse_numbers(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """(floats with NaN for empty cells, mask of non-empty cells that are not a number). «56,01» is 56.01."""
    values = values.reset_index(drop=True)
    if cell_kind(values) in ("floating", "integer", "mixed-integer-float"):
        out = pd.to_numeric(values, errors="coerce").astype(float)
        return out, np.zeros(len(values), dtype=bool)
    text = as_text(values)
    fast = _arrow_numbers(text)
    if fast is not None:
        return fast, np.zeros(len(text), dtype=bool)
    text = text.str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    text = text.str.replace(",", ".", regex=False)
    out = pd.to_numeric(text.where(~text.str.lower().isin(EMPTY_WORDS), None), errors="coerce").astype(float)
    bad = out.isna().to_numpy() & ~text.str.lower().isin(EMPTY_WORDS).to_numpy()
    return out, bad


def parse_flags(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """(booleans, mask of cells that are neither yes nor no: «да/нет», 1/0, true/false)."""
    text = as_text(values.reset_index(drop=True)).str.lower()
    yes = text.isin(TRUE_WORDS)
    bad = (~yes & ~text.isin(FALSE_WORDS) & ~text.isin(EMPTY_WORDS)).to_numpy()
    return yes, bad
