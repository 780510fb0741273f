"""Exports of tables for Russian Excel: CSV (UTF-8 with BOM, «;», decimal comma) and XLSX. Pure functions → bytes.

Citizens' texts may start with ``=``, ``+``, ``-`` or ``@`` (or a tab / carriage return): a spreadsheet would
run such a cell as a formula, so every text cell that starts so gets a leading apostrophe (OWASP «CSV
injection»). Numbers stay numbers. Large lists come as an iterable of DataFrames (SQL batches) and are
written batch by batch.
"""
from __future__ import annotations

import io
from datetime import date, datetime
from collections.abc import Iterable

import pandas as pd
import streamlit as st
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from data_access.ingest.spreadsheet import FORMULA_STARTS, neutralize  # noqa: F401  (one rule for every spreadsheet)

CSV_DATETIME = "%d.%m.%Y %H:%M"
CSV_DATE = "%d.%m.%Y"


def _text_cell(value):
    if isinstance(value, datetime):
        return value.strftime(CSV_DATETIME)
    if isinstance(value, date):
        return value.strftime(CSV_DATE)
    return neutralize(value)


def _prepared(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns neutralized, dates as ДД.ММ.ГГГГ [ЧЧ:ММ], time zones dropped (local times expected)."""
    out = df.copy()
    for name in out.columns:
        col = out[name]
        if isinstance(col.dtype, pd.DatetimeTZDtype):
            col = col.dt.tz_localize(None)
        if pd.api.types.is_datetime64_any_dtype(col.dtype):
            out[name] = col.dt.strftime(CSV_DATETIME)
        elif not (pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype)):
            out[name] = col.map(_text_cell, na_action="ignore")
    return out


def _frames(data: pd.DataFrame | Iterable[pd.DataFrame]) -> Iterable[pd.DataFrame]:
    return [data] if isinstance(data, pd.DataFrame) else data


def csv_bytes(data: pd.DataFrame | Iterable[pd.DataFrame]) -> bytes:
    """CSV for Russian Excel: UTF-8 with BOM, «;» separator, decimal comma; the header once."""
    buf = io.StringIO()
    first = True
    for frame in _frames(data):
        _prepared(frame).to_csv(buf, sep=";", decimal=",", index=False, header=first, lineterminator="\r\n")
        first = False
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _xlsx_value(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", neutralize(value))
    return value.item() if hasattr(value, "item") else value


def xlsx_bytes(data: pd.DataFrame | Iterable[pd.DataFrame], sheet: str = "Данные") -> bytes:
    """An XLSX workbook with one sheet (bold header, frozen first row); written in streaming mode."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.freeze_panes = "A2"
    header_done = False
    for frame in _frames(data):
        if not header_done:
            cells = []
            for name in frame.columns:
                cell = WriteOnlyCell(ws, value=str(name))
                cell.font = Font(bold=True)
                cells.append(cell)
            ws.append(cells)
            header_done = True
        for row in frame.itertuples(index=False, name=None):
            ws.append([_xlsx_value(v) for v in row])
    if not header_done:
        ws.append([])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render_downloads(make_frames, file_stem: str, key: str, *, note: str | None = None) -> None:
    """Two download buttons (CSV for Excel, XLSX); ``make_frames()`` runs only on a click.

    ``make_frames`` returns a DataFrame or an iterable of DataFrames (batches of a large list).
    """
    left, right = st.columns(2)
    left.download_button("CSV (Excel)", lambda: csv_bytes(make_frames()), file_name=f"{file_stem}.csv",
                         mime=CSV_MIME, key=f"{key}_csv", on_click="ignore", icon=":material/download:",
                         help="UTF-8 с BOM, разделитель «;», десятичная запятая — открывается в русском Excel.")
    right.download_button("XLSX", lambda: xlsx_bytes(make_frames()), file_name=f"{file_stem}.xlsx",
                          mime=XLSX_MIME, key=f"{key}_xlsx", on_click="ignore", icon=":material/download:")
    if note:
        st.caption(note)
