"""Each page's list of queries, declared once (Superset's ``QueryObject`` is the model): which function runs, the
SQL it sends and which registry measures (``data_access.metrics``) it shows.

Read by ``python -m benchmarks`` (the «page: all queries» cases) and by ``tests/test_metrics.py``, which walks
these lists and fails on a measure that is not in the registry. The meeting screen shows slides of these pages
(``SCREEN``: slide -> the page queries it reuses).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from data_access import heatmap, overview, rating, satisfaction, slices, sla, workload
from data_access.filters import Filters


@dataclass(frozen=True)
class QueryArgs:
    """What a page passes to its queries: the shared filter, «now» and the zone's UTC offset."""

    filters: Filters
    as_of: datetime
    offset: int


@dataclass(frozen=True)
class PageQuery:
    name: str                                     # «module.function», as in the benchmarks
    run: Callable[[sa.Engine, QueryArgs], object]  # what the page calls
    stmt: Callable[[QueryArgs], sa.Select]         # the SQL it sends
    metrics: tuple[str, ...] = ()                 # registry keys it shows (empty: lists, reference data)


def _q(name, run, stmt, *metrics) -> PageQuery:
    return PageQuery(name, run, stmt, tuple(metrics))


PAGES: dict[str, tuple[PageQuery, ...]] = {
    "overview": (
        _q("overview.headline", lambda e, a: overview.headline(e, a.filters, a.as_of),
           lambda a: overview.headline_stmt(a.filters, a.as_of), *overview.HEADLINE_METRICS),
        _q("overview.weekly_volume_by_channel", lambda e, a: overview.weekly_volume_by_channel(e, a.filters, a.offset),
           lambda a: overview.weekly_volume_stmt(a.filters, a.offset), "items"),
        _q("overview.top_topics", lambda e, a: overview.top_topics(e, a.filters, 10),
           lambda a: overview.top_topics_stmt(a.filters, 10), "items"),
    ),
    "sla": (
        _q("sla.on_time_by_period", lambda e, a: sla.on_time_by_period(e, a.filters, a.offset, "week"),
           lambda a: sla.on_time_stmt(a.filters, a.offset, "week"), "on_time", "no_deadline"),
        _q("sla.overdue_now", lambda e, a: sla.overdue_now(e, a.filters, a.as_of),
           lambda a: sla.overdue_stmt(a.filters, a.as_of), "overdue"),
        _q("sla.due_soon", lambda e, a: sla.due_soon(e, a.filters, a.as_of, a.offset),
           lambda a: sla.due_soon_stmt(a.filters, a.as_of, a.as_of), "open"),
        _q("sla.answer_time", lambda e, a: sla.answer_time(e, a.filters, a.offset),
           lambda a: sla.answer_time_stmt(a.filters, a.offset), "median_answer_days", "median_answer_hours",
           "mean_answer_pos"),
        _q("sla.extended_share", lambda e, a: sla.extended_share(e, a.filters),
           lambda a: sla.extended_stmt(a.filters), "extended"),
        _q("sla.first_answer", lambda e, a: sla.first_answer(e, a.filters, a.as_of),
           lambda a: sla.first_answer_stmt(a.filters, a.as_of), "first_answer"),
    ),
    "rating": (
        _q("rating.rating_table", lambda e, a: rating.rating_table(e, a.filters, a.as_of),
           lambda a: rating.rating_table_stmt(a.filters, a.as_of), "items", "answered", "on_time", "rated_good",
           "reworked", "open", "overdue", "median_answer_hours", "median_term_used"),
    ),
    "heatmap": (
        _q("heatmap.district_figures", lambda e, a: heatmap.district_figures(e, a.filters, a.as_of),
           lambda a: heatmap.district_figures_stmt(a.filters, a.as_of), "items", "on_time", "overdue"),
        _q("heatmap.territory_cube", lambda e, a: heatmap.territory_cube(e, a.filters, a.as_of),
           lambda a: heatmap.territory_cube_stmt(a.filters, a.as_of), "items", "on_time", "overdue"),
        _q("heatmap.growth_cube", lambda e, a: heatmap.growth_cube(e, a.filters),
           lambda a: heatmap.growth_cube_stmt(a.filters), "items"),
    ),
    "workload": (
        _q("workload.backlog_series", lambda e, a: workload.backlog_series(e, a.filters, a.offset, "sector"),
           lambda a: workload.backlog_series_stmt(a.filters, a.offset, "sector"), "items", "outflow", "resolved",
           "backlog"),
        _q("workload.backlog_age", lambda e, a: workload.backlog_age(e, a.filters, a.as_of, "sector"),
           lambda a: workload.backlog_age_stmt(a.filters, a.as_of, "sector"), "backlog", "backlog_median_age"),
        _q("workload.weekly_inflow", lambda e, a: workload.weekly_inflow(e, a.filters, a.offset, "sector"),
           lambda a: workload.weekly_inflow_stmt(a.filters, a.offset, "sector"), "items", "inflow_forecast"),
    ),
    "satisfaction": (
        _q("satisfaction.summary", lambda e, a: satisfaction.summary(e, a.filters),
           lambda a: satisfaction.summary_stmt(a.filters), "rated_good", "rated", "reworked"),
    ),
    "slices": tuple(
        _q(f"slices.slice_cells ({key})",
           (lambda k: lambda e, a: slices.slice_cells(e, a.filters, "district", "channel", k, a.as_of, a.offset))(key),
           (lambda k: lambda a: slices.slice_stmt(a.filters, "district", "channel", k, a.as_of, a.offset))(key),
           measure.metric)
        for key, measure in slices.MEASURES.items()),
}

# Slides of the meeting screen -> the page whose queries they show.
SCREEN = {"map": "heatmap", "growth": "heatmap", "sla": "sla", "rating": "rating", "satisfaction": "satisfaction"}


def run_page(engine: sa.Engine, page: str, args: QueryArgs) -> list:
    """Run every declared query of ``page`` in order (the benchmarks' «page: all queries»)."""
    return [q.run(engine, args) for q in PAGES[page]]
