"""The one drill-down mechanism: a clicked element becomes filter values in a URL of the items page.

Every chart and table uses ``drill_url`` (or ``drill_filters`` + ``filter_query_params``); there are
no page-specific copies.
"""
from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from components.frame.filter_bar import filter_query_params
from components.frame.keys import K
from data_access.metrics.filters import Filters
from data_access.queries.items import SORTS
from data_access.store.reference import Reference

ITEMS_PAGE = "items"
FIELDS = {"district": "districts", "sector": "sectors", "topic": "topics", "channel": "channels",
          "kind": "kinds", "executor": "executors", "status": "statuses"}


def drill_filters(f: Filters, **selection) -> Filters:
    """The filter narrowed to a clicked element: ``district=3``, ``topic=7``, ``date_from=...``..."""
    changes = {}
    for key, value in selection.items():
        if key in ("date_from", "date_to"):
            changes[key] = value
        else:
            changes[FIELDS.get(key, key)] = (value,) if not isinstance(value, (tuple, list)) else tuple(value)
    return f.with_(**changes)


# Drill-down conditions that are not filter-bar fields; the items page reads them from the URL.
EXTRA_KEYS = {
    "overdue": "1 — only items overdue now",
    "age": "overdue age bucket: «0-1», «1-3», «3-7», «7+» (days past the deadline)",
    "on_time": "1 — answered on time, 0 — answered late",
    "cell": "H3 cell (hex string) of a hot spot",
    "rating": "citizen rating 1..5",
    "rated": "1 — answers with a citizen's rating (the base of «Оценки 4–5»); the period applies to the answer date",
    "reworked": "1 — answers sent back for rework",
    "answered": "1 — answered; the period applies to the answer date (as on_time)",
    "due_soon": "1 — open, not yet overdue, due before the end of the next working day (data_access.queries.sla)",
    "extended": "1 — the deadline was extended",
    "resolved": "1 — resolved («решено»); the period applies to the resolution date",
}


def drill_url(f: Filters, ref: Reference, today: date, page: str = ITEMS_PAGE, extra: dict | None = None,
              sort: str | None = None, **selection) -> str:
    """Relative URL of ``page`` showing the items of ``f`` narrowed to ``selection`` (filter fields such as
    ``district=3``, ``topic=7``, ``date_from=...``) and ``extra`` conditions (keys of ``EXTRA_KEYS``), in the
    list's order ``sort`` (a key of ``data_access.queries.items.SORTS``; default: the list's own)."""
    params = filter_query_params(drill_filters(f, **selection), ref, today)
    for key, value in (extra or {}).items():
        if key not in EXTRA_KEYS:
            raise ValueError(f"unknown drill-down condition {key!r}")
        params[key] = str(value)
    if sort is not None:
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}")
        params[K.ITEMS_SORT] = SORTS[sort][0]  # the list's selectbox keeps its label in the URL
    return f"/{page}?{urlencode(params, doseq=True)}" if params else f"/{page}"
