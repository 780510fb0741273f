"""Reading an export into a table of raw cells: XLSX, or CSV (encodings: ``import_encoding``).

Nothing here raises anything but ``ImportFailed`` with a Russian message: a damaged or truncated workbook, a file
in two encodings, broken quoting. A CSV line with the wrong number of fields is a row reject named by its line.
CSV cells stay strings; XLSX cells keep what openpyxl gives (str, int, float — Excel serial dates in
cells formatted as numbers — or datetime for cells formatted as dates). Parsing is done later, per field.
"""
from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from pyarrow import csv as pacsv

from data_access.ingest.encoding import CONTROL, sniff
from data_access.ingest.report import FIRST_DATA_ROW, ImportFailed

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
DELIMITERS = (";", ",", "\t")


TEXT = pd.StringDtype("pyarrow")


@dataclass
class RawTable:
    """The cells of a file. A CSV keeps Arrow's table (strings, compact) and is handed out in chunks of pandas
    frames; a workbook comes as one frame. ``frame`` converts the whole table (small files, tests)."""

    data_frame: pd.DataFrame | None  # columns = headers as in the file (stripped); a workbook's cells as object
    file_format: str     # «XLSX» | «CSV»
    encoding: str = ""
    delimiter: str = ""
    removed_controls: int = 0  # NUL and other control characters taken out of the text
    # rows that are not in the table (a CSV line with the wrong number of fields): (row number, cells, reason)
    skipped: tuple[tuple[int, str, str], ...] = ()
    row_numbers: np.ndarray | None = None  # the row number of each table row as Excel shows it (None: 2, 3, …)
    # cells that make their row unusable (a formula without a stored value): (table row, column, cell, reason)
    bad_cells: tuple[tuple[int, str, str, str], ...] = ()
    arrow: pa.Table | None = None

    @property
    def frame(self) -> pd.DataFrame:
        if self.data_frame is None:
            self.data_frame = self.arrow.to_pandas(types_mapper={pa.string(): TEXT}.get)
        return self.data_frame

    def __post_init__(self):
        source = self.arrow if self.data_frame is None else self.data_frame
        self.n_rows = source.num_rows if self.data_frame is None else len(source)
        self.names = list(source.column_names if self.data_frame is None else source.columns)

    @property
    def columns(self) -> list[str]:
        return self.names

    def __len__(self) -> int:
        return self.n_rows

    def chunks(self, size: int):
        """(first row, frame of up to ``size`` rows) in file order.

        A CSV's Arrow table is consumed: it is cut into parts (each keeps only its own blocks of the file) and
        each part is let go once handed out, so that the table's memory shrinks as the stage grows.
        """
        if self.data_frame is not None:
            for start in range(0, self.n_rows, size):
                yield start, self.data_frame.iloc[start:start + size].reset_index(drop=True)
            return
        parts = [self.arrow.slice(start, size) for start in range(0, self.n_rows, size)]
        self.arrow = None
        for i in range(len(parts)):
            part, parts[i] = parts[i], None
            yield i * size, part.to_pandas(types_mapper={pa.string(): TEXT}.get)
            del part
            pa.default_memory_pool().release_unused()  # hand the freed blocks back: the stage grows meanwhile

    def numbers(self, start: int, n: int) -> np.ndarray:
        """Row numbers (as Excel shows them) of ``n`` table rows from ``start``."""
        if self.row_numbers is not None:
            return self.row_numbers[start:start + n]
        return np.arange(start, start + n) + FIRST_DATA_ROW


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


MAX_RAGGED = 10_000  # more lines of the wrong width than this: the delimiter or the quoting is wrong, not a row
log = logging.getLogger(__name__)


def _read_csv(data: bytes) -> RawTable:
    body, codec, encoding, removed = sniff(data)
    blank = re.match(rb"[\r\n]*", body).end()  # blank lines before the header are not the header (no copy)
    if not body or body.isspace():
        raise ImportFailed("Файл пустой: в нём нет ни заголовка, ни строк.")
    end = body.find(b"\n", blank)
    header_line = body[blank:end if end >= 0 else len(body)].decode(codec, errors="replace").rstrip("\r")
    delimiter = detect_delimiter(header_line)
    try:
        table, ragged = _parse_csv(header_line, delimiter, body, blank, codec)
    except (pa.ArrowInvalid, csv.Error, ValueError, UnicodeDecodeError) as exc:
        log.info("CSV parse error: %s", exc)
        raise ImportFailed(f"CSV не прочитан (разделитель «{delimiter}», кодировка {encoding}): проверьте, что кавычки "
                           f"в ячейках закрыты и разделитель один на весь файл. Ничего не загружено.") from exc
    skipped, numbers = _ragged_rows(body, codec, ragged, table.num_rows, table.num_columns)
    return RawTable(None, "CSV", encoding, delimiter, removed, skipped, numbers, arrow=table)


def _ragged_rows(body: bytes, codec: str, ragged: list[tuple[int, str]], kept: int, width: int):
    """(report entries of the lines with a wrong number of fields, row numbers of the kept rows).

    Arrow tells the text of such a line, not where it is: each is found in the file (rare, and capped), and
    its physical line number names it. Rows after it keep the numbers Excel would show them.
    """
    if not ragged:
        return (), None
    if len(ragged) > MAX_RAGGED:
        raise ImportFailed(f"В {len(ragged)} строках число полей не совпадает с заголовком ({width}): похоже, "
                           f"разделитель или кавычки файла не те. Ничего не загружено.")
    found: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for fields, line in ragged:
        raw = line.encode(codec, errors="replace")
        pos = body.find(raw)
        while pos >= 0 and (pos in taken or (pos > 0 and body[pos - 1:pos] not in (b"\r", b"\n"))):
            pos = body.find(raw, pos + 1)
        taken.add(pos)
        found.append((body.count(b"\n", 0, pos) + 1 if pos >= 0 else 0, fields, line))
    found.sort()
    skipped = tuple((line_no, line[:200], f"в строке {line_no} {fields} {_fields(fields)} вместо {width}: строка "
                     f"не разобрана (лишний или недостающий разделитель)") for line_no, fields, line in found)
    lines = np.array(sorted(ln - FIRST_DATA_ROW for ln, _, _ in found))
    everything = np.arange(kept + len(found))
    numbers = everything[~np.isin(everything, lines)][:kept] + FIRST_DATA_ROW
    return skipped, numbers


def _fields(n: int) -> str:
    return "поле" if n % 10 == 1 and n % 100 != 11 else "поля" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) \
        else "полей"


def _parse_csv(header_line: str, delimiter: str, body: bytes, blank: int, codec: str
               ) -> tuple[pa.Table, list[tuple[int, str]]]:
    """(all cells as Arrow strings ('' for empty), lines with a wrong number of fields: (fields, text)).

    Arrow's multi-threaded reader (quoted line breaks allowed) reads the bytes as they are, transcoding a
    code page itself. A file without any «"» cannot hold a quoted line break, and the reader then splits it
    into blocks without looking for one.
    """
    header = next(csv.reader(io.StringIO(header_line), delimiter=delimiter), [])
    names = [h.replace("\ufeff", "").strip() for h in header]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise ImportFailed(f"В заголовке повторяются столбцы: {', '.join(dupes)}. Переименуйте их и загрузите снова.")
    ragged: list[tuple[int, str]] = []

    def wrong_width(row) -> str:
        ragged.append((row.actual_columns, row.text))
        return "skip"

    table = pacsv.read_csv(
        pa.BufferReader(pa.py_buffer(body).slice(blank)),  # the bytes as they are: no copy
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 22, encoding=codec),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=b'"' in body,
                                          ignore_empty_lines=True, invalid_row_handler=wrong_width),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                                             quoted_strings_can_be_null=False))
    return table, ragged


XLSX_DAMAGED = ("Файл Excel повреждён или обрезан — его не удаётся прочитать. Откройте его в Excel и сохраните "
                "заново (или выгрузите ещё раз). Ничего не загружено.")


def _has_formulas(data: bytes) -> bool:
    """Whether the workbook's sheets hold any formula (an ``<f>`` element): only then is a second pass needed."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in z.namelist()
                   if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def _read_xlsx(data: bytes) -> RawTable:
    try:
        return _read_book(data)
    except ImportFailed:
        raise
    except Exception as exc:  # zipfile, XML and openpyxl errors of a damaged or truncated book
        log.info("damaged workbook: %s: %s", type(exc).__name__, exc)
        raise ImportFailed(XLSX_DAMAGED) from exc


def _sheet_rows(data: bytes, values: bool):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=values)
    try:
        yield from book.worksheets[0].iter_rows(values_only=True)
    finally:
        book.close()


def _read_book(data: bytes) -> RawTable:
    """The first sheet; a formula cell is read by the value Excel stored with it, or its row is refused."""
    formulas = _sheet_rows(data, values=False) if _has_formulas(data) else None
    rows = _sheet_rows(data, values=True)
    header = None
    for row in rows:
        if formulas is not None:
            next(formulas, None)
        if any(v is not None and str(v).strip() for v in row):
            header = row
            break
    if header is None:
        raise ImportFailed("Файл пустой: на первом листе нет ни заголовка, ни строк.")
    width = len(header)
    names = [str(h).strip() if h is not None else f"Столбец {i + 1}" for i, h in enumerate(header)]
    body, bad, removed = [], [], 0
    for row in rows:
        source = next(formulas, ()) if formulas is not None else ()
        if not any(v is not None and v != "" for v in row):
            continue
        cells = list(row[:width]) + [None] * (width - len(row))
        for i, v in enumerate(cells):
            if isinstance(v, str) and CONTROL.search(v):
                cells[i], n = CONTROL.subn("", v)
                removed += n
            if v is None and i < len(source) and isinstance(source[i], str) and source[i].startswith("="):
                bad.append((len(body), names[i], source[i][:200],
                            f"в ячейке формула {source[i][:60]} без сохранённого значения: откройте файл в Excel, "
                            f"чтобы он пересчитал формулы, сохраните и загрузите снова"))
        body.append(tuple(cells))
    frame = pd.DataFrame(body, columns=names, dtype=object) if body else pd.DataFrame(columns=names, dtype=object)
    return RawTable(_clean_headers(frame), "XLSX", removed_controls=removed, bad_cells=tuple(bad))


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
