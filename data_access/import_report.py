"""What an import tells its user: the reject report (row, column, value, reason) and the summary."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data_access.deadlines import FLAGS  # the one list of deadline remarks

REJECTED = "строка не загружена"
KEPT = "строка загружена без этого значения"
REPORT_COLUMNS = ["Строка", "Столбец", "Значение", "Причина", "Что сделано"]
FIRST_DATA_ROW = 2  # row numbers as Excel shows them: the header is row 1


class ImportFailed(RuntimeError):
    """The file as a whole cannot be imported; ``str()`` is a Russian message; nothing was written."""


class Problems:
    """Collects row problems as vectors (one call per rule, not per row: 100k-row files stay fast)."""

    def __init__(self, n_rows: int):
        self.n_rows = n_rows
        self.rejected = np.zeros(n_rows, dtype=bool)
        self._parts: list[pd.DataFrame] = []

    def add(self, mask, column: str, values, reason: str, reject: bool = True) -> int:
        """Record ``reason`` for the rows where ``mask`` is true; reject them unless ``reject`` is False."""
        mask = np.asarray(mask, dtype=bool)
        count = int(mask.sum())
        if not count:
            return 0
        idx = np.flatnonzero(mask)
        vals = pd.Series(values).reset_index(drop=True) if not np.isscalar(values) else pd.Series([values] * self.n_rows)
        self._parts.append(pd.DataFrame({
            "row": idx, "Столбец": column,
            "Значение": vals.iloc[idx].astype(str).str.slice(0, 200).to_numpy() if len(vals) else "",
            "Причина": reason, "Что сделано": REJECTED if reject else KEPT}))
        if reject:
            self.rejected |= mask
        return count

    def frame(self) -> pd.DataFrame:
        """The report, ordered by row; «Строка» is the row number in the file as Excel shows it."""
        if not self._parts:
            return pd.DataFrame(columns=REPORT_COLUMNS)
        df = pd.concat(self._parts, ignore_index=True).sort_values("row", kind="stable")
        df.insert(0, "Строка", df.pop("row") + FIRST_DATA_ROW)
        return df[REPORT_COLUMNS].reset_index(drop=True)


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

    def lines(self) -> list[str]:
        """The summary in Russian, one fact per line."""
        head = "Проверка без записи" if self.dry_run else "Загружено"
        out = [f"{head}: файл «{self.file_name}», профиль «{self.source}», строк данных: {fmt_int(self.rows)}",
               f"добавлено: {fmt_int(self.added)}; обновлено: {fmt_int(self.updated)}; без изменений: "
               f"{fmt_int(self.unchanged)}; отклонено: {fmt_int(self.rejected)}"]
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
            out.append(f"координаты вне границ районов: {fmt_int(self.outside_city)} (загружены без координат)")
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
    """The reject report as a CSV that Russian Excel opens by double click: UTF-8 with BOM, «;»."""
    buf = io.StringIO()
    report.to_csv(buf, sep=";", index=False)
    return buf.getvalue().encode("utf-8-sig")
