"""Reading an export into a table of raw cells: XLSX, or CSV in UTF-8 (with or without BOM) / Windows-1251.

CSV cells stay strings; XLSX cells keep what openpyxl gives (str, int, float — Excel serial dates in
cells formatted as numbers — or datetime for cells formatted as dates). Parsing is done later, per field.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
from pyarrow import csv as pacsv

from data_access.import_report import ImportFailed

BOM = b"\xef\xbb\xbf"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class RawTable:
    frame: pd.DataFrame  # columns = headers as in the file (stripped), all object dtype
    file_format: str     # «XLSX» | «CSV»
    encoding: str = ""
    delimiter: str = ""


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding's Russian name: a BOM means UTF-8; valid UTF-8 is UTF-8; otherwise Windows-1251."""
    if data.startswith(BOM):
        return data[len(BOM):].decode("utf-8", errors="replace"), "UTF-8 (с BOM)"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace"), "Windows-1251"


def _leading_blank(text: str) -> int:
    """How many line-break characters come before the first line (each one byte in UTF-8 too)."""
    return len(text) - len(text.lstrip("\r\n")) if text[:1] in ("\r", "\n") else 0


def first_line(text: str) -> str:
    """The header line (leading blank lines skipped), without copying the rest of a large file."""
    start = _leading_blank(text)
    end = text.find("\n", start)
    return text[start:end if end >= 0 else len(text)].rstrip("\r")


def detect_delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of «;», «,», tab outside quotes."""
    line = first_line(text)
    counts = {}
    for d in DELIMITERS:
        try:
            counts[d] = len(next(csv.reader(io.StringIO(line), delimiter=d))) - 1
        except StopIteration:
            counts[d] = 0
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ";"


def _read_csv(data: bytes) -> RawTable:
    text, encoding = decode(data)
    if not text or text.isspace():
        raise ImportFailed("Файл пустой: в нём нет ни заголовка, ни строк.")
    delimiter = detect_delimiter(text)
    try:
        try:
            frame = _parse_csv(text, delimiter, data[len(BOM):] if encoding.startswith("UTF-8") else None)
        except pa.ArrowInvalid:  # ragged rows (fewer cells than the header): pandas pads them with empty cells
            frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=pd.StringDtype("pyarrow"),
                                keep_default_na=False, na_filter=False, skip_blank_lines=True, engine="c")
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise ImportFailed(f"CSV не прочитан (разделитель «{delimiter}», кодировка {encoding}): {exc}") from exc
    return RawTable(_clean_headers(frame), "CSV", encoding, delimiter)


def _parse_csv(text: str, delimiter: str, utf8: bytes | None = None) -> pd.DataFrame:
    """All cells as Arrow strings ('' for empty), by Arrow's multi-threaded reader (quoted line breaks allowed).

    ``utf8``: the file's own bytes when they are UTF-8 already (no second encoding). A file without any «"»
    cannot hold a quoted line break, and the reader then splits it into blocks without looking for one.
    """
    header = next(csv.reader(io.StringIO(first_line(text)), delimiter=delimiter), [])
    names = [h.replace("\ufeff", "").strip() for h in header]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise ImportFailed(f"В заголовке повторяются столбцы: {', '.join(dupes)}. Переименуйте их и загрузите снова.")
    blank = _leading_blank(text)  # blank lines before the header are not the header
    body = utf8[blank:] if utf8 is not None else text[blank:].encode("utf-8")
    table = pacsv.read_csv(
        io.BytesIO(body),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 20),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=b'"' in body,
                                          ignore_empty_lines=True),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                                             quoted_strings_can_be_null=False))
    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)


def _read_xlsx(data: bytes) -> RawTable:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFailed(f"Файл Excel не открывается: {type(exc).__name__}: {exc}") from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = None
        for row in rows:
            if any(v is not None and str(v).strip() for v in row):
                header = row
                break
        if header is None:
            raise ImportFailed("Файл пустой: на первом листе нет ни заголовка, ни строк.")
        width = len(header)
        body = [r[:width] + (None,) * (width - len(r)) for r in rows if any(v is not None and v != "" for v in r)]
    finally:
        book.close()
    names = [str(h).strip() if h is not None else f"Столбец {i + 1}" for i, h in enumerate(header)]
    frame = pd.DataFrame(body, columns=names, dtype=object) if body else pd.DataFrame(columns=names, dtype=object)
    return RawTable(_clean_headers(frame), "XLSX")


def _clean_headers(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [str(c).replace("\ufeff", "").strip() for c in frame.columns]
    if len(set(frame.columns)) != len(frame.columns):
        dupes = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
        raise ImportFailed(f"В заголовке повторяются столбцы: {', '.join(dupes)}. Переименуйте их и загрузите снова.")
    return frame.reset_index(drop=True)


def read_table(data: bytes, file_name: str) -> RawTable:
    """Read the bytes of an uploaded or local file (the format from its content, the name as a hint)."""
    if not data or data.isspace():
        raise ImportFailed("Файл пустой: в нём нет ни заголовка, ни строк.")
    suffix = Path(file_name).suffix.lower()
    if data.startswith(OLE_MAGIC) or suffix == ".xls":
        raise ImportFailed("Старый формат Excel (.xls) не поддерживается: сохраните файл как XLSX или CSV.")
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data)
    if suffix in (".xlsx", ".xlsm"):
        raise ImportFailed("Файл назван .xlsx, но это не книга Excel: сохраните его заново как XLSX или CSV.")
    return _read_csv(data)
