"""The document model of the weekly note: what the DOCX writer (and the page's preview) renders.

Plain values only (strings already formatted in Russian, PNG bytes): the renderers make no decisions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reports.week import IsoWeek


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""  # under the table: the method, in small print


@dataclass(frozen=True)
class Image:
    png: bytes
    caption: str
    width_cm: float = 16.0


Block = Paragraph | Table | Image


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Figure:
    """One headline figure: registry label, value in the registry's format, its unit, the changes against the
    previous week and the same period a year earlier, the target; ``raw``: the numbers, for checks."""

    key: str
    label: str
    value: str
    unit: str
    previous: str
    year: str
    target: str
    raw: tuple[float | None, float | None, float | None]


@dataclass(frozen=True)
class Note:
    municipality: str
    week: IsoWeek
    issued: date
    scope: str
    summary: str
    figures: tuple[Figure, ...]
    sections: tuple[Section, ...] = field(default=())
    empty: bool = False

    @property
    def title(self) -> str:
        return "Еженедельная аналитическая записка"

    @property
    def file_stem(self) -> str:
        """«записка_2026-W48_город» — the file name without extension (no spaces, no slashes)."""
        scope = "".join(ch if ch.isalnum() else "_" for ch in self.scope).strip("_")[:60]
        return f"записка_{self.week.code}_{scope}"
