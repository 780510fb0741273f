"""What an import tells its user: the reject report (row, column, value, reason) and the summary.

The report comes twice: aggregated (one line per reason: how many rows, the first rows and values) for
reading, and the full list (one line per problem) for fixing. Both are written for Excel with every text
cell that Excel would run as a formula neutralised (``data_access.ingest.spreadsheet``).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data_access.domain.deadlines import FLAGS  # the one list of deadline remarks
from data_access.ingest.spreadsheet import neutralize_texts

REJECTED = "строка не загружена"
KEPT = "строка загружена без этого значения"
WARNED = "предупреждение: строка загружена"
REPORT_COLUMNS = ["Строка", "Столбец", "Значение", "Причина", "Что сделано"]
SUMMARY_COLUMNS = ["Причина", "Столбец", "Что сделано", "Строк", "Первые строки", "Примеры значений"]
EXAMPLES = 5
FIRST_DATA_ROW = 2  # row numbers as Excel shows them: the header is row 1


class ImportFailed(RuntimeError):
    """The file as a whole cannot be imported; ``str()`` is a Russian message; nothing was written."""


class Problems:
    """Collects row problems as vectors (one call per rule, not per row: 100k-row files stay fast)."""

    def __init__(self, n_rows: int, row_numbers: np.ndarray | None = None):
        self.n_rows = n_rows
        self.rejected = np.zeros(n_rows, dtype=bool)
        self.hard = np.zeros(n_rows, dtype=bool)  # rejected for a reason other than an unknown reference value
        self.row_numbers = row_numbers  # the row number of each row as Excel shows it (None: 2, 3, …)
        self._parts: list[pd.DataFrame] = []
        self._outside: list[pd.DataFrame] = []  # lines of the file that are not rows of the table

    def add(self, mask, column: str, values, reason: str, reject: bool = True, unknown: bool = False,
            done: str | None = None) -> int:
        """Record ``reason`` for the rows where ``mask`` is true; reject them unless ``reject`` is False.

        ``unknown``: the reason is an unknown reference value (such rows still count in the summary's list of
        unknown values); ``done``: what was done, when not the usual «not loaded» / «loaded without it».
        """
        mask = np.asarray(mask, dtype=bool)
        count = int(mask.sum())
        if not count:
            return 0
        idx = np.flatnonzero(mask)
        vals = pd.Series(values).reset_index(drop=True) if not np.isscalar(values) else pd.Series([values] * self.n_rows)
        self._parts.append(pd.DataFrame({
            "row": idx, "Столбец": column,
            "Значение": vals.iloc[idx].astype(str).str.slice(0, 200).to_numpy() if len(vals) else "",
            "Причина": reason, "Что сделано": done or (REJECTED if reject else KEPT)}))
        if reject:
            self.rejected |= mask
            if not unknown:
                self.hard |= mask
        return count

    def add_lines(self, entries: list[tuple[int, str, str, str, str]]) -> None:
        """Problems of lines outside the table (row number, column, value, reason, what was done)."""
        if entries:
            self._outside.append(pd.DataFrame(entries, columns=REPORT_COLUMNS))

    def frame(self) -> pd.DataFrame:
        """The report, ordered by row; «Строка» is the row number in the file as Excel shows it."""
        if not self._parts and not self._outside:
            return pd.DataFrame(columns=REPORT_COLUMNS)
        parts = []
        if self._parts:
            df = pd.concat(self._parts, ignore_index=True)
            rows = df.pop("row").to_numpy()
            df.insert(0, "Строка", self.row_numbers[rows] if self.row_numbers is not None else rows + FIRST_DATA_ROW)
            parts.append(df[REPORT_COLUMNS])
        parts += self._outside
        df = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        return df.sort_values("Строка", kind="stable").reset_index(drop=True)


def aggregate(report: pd.DataFrame) -> pd.DataFrame:
    """One line per reason (numbers inside a reason, like «загружена строка 17», do not split it): how many rows,
    the first rows, the first distinct values; the most frequent first."""
    if report.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    key = report["Причина"].str.replace(r"\d+", "…", regex=True)
    groups = report.assign(key=key).groupby(["key", "Столбец", "Что сделано"], sort=False)
    out = groups.agg(reasons=("Причина", "nunique"), first=("Причина", "first"), count=("Строка", "size"),
                     rows=("Строка", lambda r: ", ".join(str(int(v)) for v in r.iloc[:EXAMPLES])),
                     values=("Значение", lambda v: "; ".join(f"«{x}»" for x in pd.unique(v.astype(str))[:EXAMPLES]
                                                              if x != "")))
    out = out.reset_index()
    frame = pd.DataFrame({"Причина": out["first"].where(out["reasons"] == 1, out["key"]), "Столбец": out["Столбец"],
                          "Что сделано": out["Что сделано"], "Строк": out["count"], "Первые строки": out["rows"],
                          "Примеры значений": out["values"]})
    return frame.sort_values("Строк", ascending=False, kind="stable").reset_index(drop=True)


@dataclass
class ImportSummary:
    """Counts of one import. ``rows`` = data rows in the file = added + updated + unchanged + older + rejected."""

    file_name: str
    source: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0            # the store holds a newer version of the item (by «дата изменения»)
    rejected: int = 0
    conflicts: int = 0        # items where the file would have reverted a status or erased a date: kept as stored
    warnings: int = 0         # rows loaded with an implausible date (reported)
    removed_controls: int = 0  # NUL and other control characters taken out of the file's text
    ragged: str = ""          # the first line with a wrong number of fields, as the message names it
    status_events: int = 0
    created: dict[str, list[str]] = field(default_factory=dict)   # dimension -> names of new reference rows
    unknown: dict[str, dict[str, int]] = field(default_factory=dict)  # dimension -> {value: rows}
    without_district: int = 0
    outside_city: int = 0
    deadlines_computed: int = 0
    deadlines_disagree: int = 0
    extension_problems: dict[str, int] = field(default_factory=dict)  # deadlines.FLAGS code -> rows (kept as given)
    deadline_basis: str = ""
    dry_run: bool = False
    seconds: float = 0.0
    report: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPORT_COLUMNS))
    encoding: str = ""
    delimiter: str = ""

    @property
    def accepted(self) -> int:
        """Rows of the file that passed: added, updated, unchanged or older than the store."""
        return self.added + self.updated + self.unchanged + self.older

    def lines(self) -> list[str]:
        """The summary in Russian, one fact per line."""
        head = "Проверка без записи" if self.dry_run else "Загружено"
        if not self.accepted:
            head = "Не загружено ни одной строки" + (" (проверка без записи)" if self.dry_run else "")
        out = [f"{head}: файл «{self.file_name}», профиль «{self.source}», строк данных: {fmt_int(self.rows)}",
               f"добавлено: {fmt_int(self.added)}; обновлено: {fmt_int(self.updated)}; без изменений: "
               f"{fmt_int(self.unchanged)}; отклонено: {fmt_int(self.rejected)}"]
        if self.encoding:
            delimiter = "табуляция" if self.delimiter == "\t" else self.delimiter
            out.append(f"файл в кодировке {self.encoding}, разделитель «{delimiter}»")
        if self.removed_controls:
            out.append(f"удалено управляющих символов (NUL и подобных): {fmt_int(self.removed_controls)}")
        if self.ragged:
            out.append(self.ragged)
        if self.conflicts:
            out.append(f"конфликтов с хранилищем: {fmt_int(self.conflicts)} — файл не доказал, что новее (нет более "
                       f"поздней «даты изменения»): статус не откачен и даты не стёрты, подробности в отчёте")
        if self.warnings:
            out.append(f"строк с неправдоподобными датами: {fmt_int(self.warnings)} (подробности в отчёте)")
        if self.older:
            out.append(f"пропущено {fmt_int(self.older)}: в хранилище более новая версия (по дате изменения)")
        if self.status_events:
            out.append(f"смен статуса записано в историю: {fmt_int(self.status_events)}")
        for dim, names in self.created.items():
            if names:
                out.append(f"создано в справочнике «{DIMENSION_NAMES.get(dim, dim)}»: {', '.join(names)}")
        for dim, counts in self.unknown.items():
            if counts:
                listed = "; ".join(f"«{v}» — {fmt_int(c)}" for v, c in list(counts.items())[:10])
                out.append(f"неизвестные значения «{DIMENSION_NAMES.get(dim, dim)}» (строк): {listed}")
        if self.outside_city:
            out.append(f"координаты вне границ: {fmt_int(self.outside_city)} (загружены без координат)")
        if self.without_district:
            out.append(f"без района: {fmt_int(self.without_district)}")
        if self.deadlines_computed:
            out.append(f"срок рассчитан по правилам сроков профиля ({self.deadline_basis}): "
                       f"{fmt_int(self.deadlines_computed)}")
        if self.deadlines_disagree:
            out.append(f"срок из источника не совпадает со сроком по правилу: {fmt_int(self.deadlines_disagree)} "
                       f"(сохранён срок источника)")
        for code, n in self.extension_problems.items():
            out.append(f"{FLAGS.get(code, code)}: {fmt_int(n)} (продлённый срок сохранён, как в источнике)")
        return out


def fmt_int(n: int) -> str:
    """12 345: thousands separated by a non-breaking space, as in Russian texts."""
    return f"{int(n):,}".replace(",", "\u00a0")


DIMENSION_NAMES = {"channels": "каналы", "kinds": "виды", "statuses": "статусы", "topics": "темы",
                   "sectors": "направления", "districts": "районы", "executors": "исполнители"}


def report_csv(report: pd.DataFrame) -> bytes:
    """A report (the full list or ``aggregate``) as a CSV that Russian Excel opens by double click: UTF-8 with
    BOM, «;»; text cells that Excel would run as a formula neutralised."""
    safe = report.copy()
    for name in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[name].dtype):
            safe[name] = neutralize_texts(safe[name])
    buf = io.StringIO()
    safe.to_csv(buf, sep=";", index=False)
    return buf.getvalue().encode("utf-8-sig")
