"""Selection → filter: what a click on the map or the matrix means, as pure functions.

A selection becomes a ``Slice`` (a district, and a topic or a sector); the slice narrows the page's
filters with ``components.common.drilldown.drill_filters`` and links to its items with ``drill_url``, so the
panel, the link and the widgets all use one definition of «the items of this cell».
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from components.common.drilldown import drill_filters, drill_url
from data_access.metrics.filters import Filters
from data_access.store.reference import Reference


@dataclass(frozen=True)
class Slice:
    district_id: int | None = None
    topic_id: int | None = None
    sector_id: int | None = None

    @property
    def selection(self) -> dict[str, int]:
        """Keyword arguments of ``drill_filters`` / ``drill_url``."""
        return {k: v for k, v in (("district", self.district_id), ("topic", self.topic_id),
                                  ("sector", self.sector_id)) if v is not None}


def _first_object(state, layer: str) -> dict | None:
    try:
        objects = state["selection"]["objects"].get(layer) or []
    except (KeyError, TypeError, AttributeError):
        return None
    return objects[0] if objects else None


def slice_from_map(state, layer: str = "districts") -> Slice | None:
    """The district clicked on the map (the ``st.pydeck_chart`` selection state), or None."""
    obj = _first_object(state, layer)
    if not obj:
        return None
    props = obj.get("properties", obj)
    district_id = props.get("district_id")
    return Slice(district_id=int(district_id)) if district_id is not None else None


def clicked_customdata(state):
    """The ``customdata`` of the first point of a ``st.plotly_chart`` selection, or None (nothing clicked)."""
    try:
        points = state["selection"]["points"]
    except (KeyError, TypeError, AttributeError):
        return None
    return points[0].get("customdata") if points else None


def slice_from_matrix(state, rows: str) -> Slice | None:
    """The cell clicked in the topics (``rows="topic"``) or sectors (``"sector"``) × districts matrix.

    The heat map's ``customdata`` of a cell is ``[district_id, row_id]``; a row id of −1 (no topic) gives a
    district-only slice.
    """
    data = clicked_customdata(state)
    if not data or len(data) < 2 or data[0] is None:
        return None
    district_id, row_id = int(data[0]), int(data[1])
    row = None if row_id < 0 else row_id
    return Slice(district_id, row, None) if rows == "topic" else Slice(district_id, None, row)


def slice_from_pair(district_id: int, topic_id: int) -> Slice:
    """A (district, topic) pair of «Растущие проблемы»."""
    return Slice(int(district_id), int(topic_id))


def slice_filters(f: Filters, s: Slice) -> Filters:
    """The page's filters narrowed to the slice (the slice replaces the same fields of the filter bar)."""
    return drill_filters(f, **s.selection)


def slice_url(f: Filters, s: Slice, ref: Reference, today: date, extra: dict | None = None) -> str:
    """A deep link to the slice's items on the items page (filters in the URL)."""
    return drill_url(f, ref, today, extra=extra, **s.selection)


def slice_title(s: Slice, ref: Reference) -> str:
    """«Свердловский район · Горячее водоснабжение» and the like."""
    parts = []
    if s.district_id is not None:
        parts.append(f"{ref.names('districts').get(s.district_id, '?')} район")
    if s.sector_id is not None:
        parts.append(ref.names("sectors").get(s.sector_id, "?"))
    if s.topic_id is not None:
        parts.append(ref.names("topics").get(s.topic_id, "?"))
    return " · ".join(parts) or "Все обращения"
