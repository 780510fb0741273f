"""The meeting screen's URL parameters and its rotation state, as pure functions (no Streamlit here).

``/?mode=screen&slide_seconds=30&refresh_minutes=5&slides=map,sla&slide=sla`` — the filter parameters of
the filter bar (district, sector, ...) narrow every slide; ``components.frame.filter_bar.filters_from_query_params``
reads them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from components.common.formatting import fmt_date
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.store.reference import Reference
from data_access.store.vocabulary import KINDS, STATUSES

MODE = "mode"
SCREEN = "screen"
SLIDE_SECONDS = "slide_seconds"
REFRESH_MINUTES = "refresh_minutes"
SLIDES_PARAM = "slides"
START_PARAM = "slide"

# code -> slide title, in the order of the rotation
SLIDES = {
    "map": "Карта районов",
    "growth": "Растущие проблемы",
    "sla": "Сроки: в срок и просрочено",
    "rating": "Рейтинг: красная зона",
    "satisfaction": "Удовлетворенность жителей",
}
DEFAULT_SLIDE_SECONDS = 30
SLIDE_SECONDS_RANGE = (5, 600)
DEFAULT_REFRESH_MINUTES = 5.0
REFRESH_MINUTES_RANGE = (0.1, 120.0)
DESIGN = (1920, 1080)  # the layout is drawn for this many CSS pixels and scaled for other screens


@dataclass(frozen=True)
class ScreenOptions:
    slide_seconds: int = DEFAULT_SLIDE_SECONDS
    refresh_minutes: float = DEFAULT_REFRESH_MINUTES
    slides: tuple[str, ...] = tuple(SLIDES)
    start: int = 0                       # index into ``slides`` of the first slide shown
    ignored: tuple[str, ...] = field(default=())  # parameters with values that could not be used


def _number(raw: str | None, default: float, bounds: tuple[float, float], name: str, bad: list[str]) -> float:
    if raw is None or raw == "":
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        bad.append(name)
        return default
    if not bounds[0] <= value <= bounds[1]:
        bad.append(name)
        return min(max(value, bounds[0]), bounds[1])
    return value


def screen_options(params) -> ScreenOptions:
    """Read the screen's parameters from a mapping of name -> string (``st.query_params``); out-of-range
    numbers are clipped, unknown slide codes skipped; their names are listed in ``ignored``."""
    bad: list[str] = []
    seconds = int(round(_number(params.get(SLIDE_SECONDS), DEFAULT_SLIDE_SECONDS, SLIDE_SECONDS_RANGE,
                                SLIDE_SECONDS, bad)))
    minutes = _number(params.get(REFRESH_MINUTES), DEFAULT_REFRESH_MINUTES, REFRESH_MINUTES_RANGE,
                      REFRESH_MINUTES, bad)
    slides = tuple(SLIDES)
    if raw := params.get(SLIDES_PARAM):
        asked = [s.strip() for s in raw.split(",") if s.strip()]
        known = tuple(dict.fromkeys(s for s in asked if s in SLIDES))
        if len(known) < len(asked):
            bad.append(SLIDES_PARAM)
        slides = known or slides
    start = 0
    if (first := params.get(START_PARAM)) is not None:
        if first in slides:
            start = slides.index(first)
        else:
            bad.append(START_PARAM)
    return ScreenOptions(seconds, minutes, slides, start, tuple(bad))


@dataclass
class Rotation:
    """Which slide is shown and when the next one is due; lives in ``st.session_state`` so that neither a
    data refresh nor any other rerun resets it."""

    index: int
    due: datetime

    def tick(self, now: datetime, count: int, seconds: int) -> bool:
        """Move to the next slide if its time has come (skipping missed turns); True if the slide changed."""
        if now < self.due:
            return False
        steps = 1 + int((now - self.due).total_seconds() // seconds)
        self.index = (self.index + steps) % count
        self.due = self.due + timedelta(seconds=seconds * steps)
        return True


@dataclass
class DataClock:
    """The moment the screen's figures are computed for («данные на») and when the next refresh is due."""

    as_of: datetime
    due: datetime

    def refresh(self, now: datetime, minutes: float) -> bool:
        """Take ``now`` as the new data moment if the refresh is due; True if it was."""
        if now < self.due:
            return False
        self.as_of = now.replace(second=0, microsecond=0)
        self.due = now + timedelta(minutes=minutes)
        return True


def screen_scale(size: list | tuple | None) -> float:
    """How much larger than the 1920 × 1080 design the viewport (CSS pixels, [width, height]) is, in steps
    of 0.25 from 0.75 to 3 (1 when the size is not known yet)."""
    try:
        width, height = float(size[0]), float(size[1])
    except (TypeError, ValueError, IndexError):
        return 1.0
    if width <= 0 or height <= 0:
        return 1.0
    raw = min(width / DESIGN[0], height / DESIGN[1])
    return min(max(int(raw * 4) / 4, 0.75), 3.0)


def filter_summary(f: Filters, ref: Reference) -> str:
    """One line naming the period and the selections of ``f`` («все районы» when nothing is chosen); a dimension the
    role's scope narrows (a sector lead's block) is named even when nothing is chosen in it: the wall shows the
    block's figures, not the whole city's."""
    parts = [f"{fmt_date(f.date_from)} — {fmt_date(f.date_to)}"]
    scope = f.scope
    named = (
        (f.districts or scope.districts, {NO_DISTRICT: "без района", **ref.names("districts")}, "все районы"),
        (f.sectors or scope.sectors, ref.names("sectors"), None),
        (f.topics, ref.names("topics"), None),
        (f.channels, ref.names("channels"), None),
        (f.kinds, KINDS, None),
        (f.executors or scope.executors, ref.names("executors"), None),
        (f.statuses, STATUSES, None),
    )
    for chosen, names, everything in named:
        if chosen:
            shown = [names.get(v, str(v)) for v in chosen]
            parts.append(", ".join(shown[:3]) + (f" и ещё {len(shown) - 3}" if len(shown) > 3 else ""))
        elif everything:
            parts.append(everything)
    return " · ".join(parts)
