"""Each page's list of queries, declared once (Superset's ``QueryObject`` is the model): which function runs, the
arguments the page gives it, the SQL it sends and which registry measures (``data_access.metrics.registry``) it shows.

Every page (``app_pages/<page>.py``) and the meeting screen run their queries through this list only —
``data_access.store.cached.page_query(page, name, args, **params)`` — and so do ``python -m benchmarks`` (``run_page``)
and ``tests/test_metrics.py``, which walks these lists and the pages' source and fails on a measure defined
elsewhere or a query a page calls past the list.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType

import sqlalchemy as sa

from data_access.queries import heatmap
from data_access.queries import items
from data_access.queries import overview
from data_access.queries import rating
from data_access.queries import satisfaction
from data_access.metrics import scores
from data_access.queries import slices
from data_access.queries import sla
from data_access.queries import workload
from data_access.metrics.filters import Filters
from data_access.metrics.registry import METRICS


@dataclass(frozen=True)
class QueryArgs:
    """What a page passes to its queries: the shared filter, «now», the zone's UTC offset and whether the user may
    see personal data."""

    filters: Filters
    as_of: datetime
    offset: int
    personal_data: bool = False
    targets: tuple[tuple[str, float], ...] = ()  # the profile's [targets] as sorted items; () — every registry target

    def with_(self, **changes) -> QueryArgs:
        return replace(self, **changes)


# Every target of the registry (for QueryArgs without the profile's: the SQL depends on which targets there are,
# not on their values).
ALL_TARGETS = tuple(sorted((x.target, 1.0) for x in METRICS.values() if x.target))
TARGET_KEYS = tuple(scores.target_keys(dict(ALL_TARGETS)))


def _targets(a: QueryArgs) -> tuple[tuple[str, float], ...]:
    return a.targets or ALL_TARGETS


def _target_keys(a: QueryArgs) -> tuple[str, ...]:
    return tuple(scores.target_keys(dict(_targets(a))))


@dataclass(frozen=True)
class PageQuery:
    name: str                                      # «module.function», as in the benchmarks
    fn: Callable                                   # the query function: fn(engine, *call(args, **params))
    call: Callable[..., tuple]                     # (QueryArgs, **params) -> its arguments after the engine
    stmt: Callable[..., sa.Select] | None = None   # (QueryArgs, **params) -> the SQL it sends
    metrics: tuple[str, ...] = ()                  # registry keys it shows (empty: lists, reference data)
    defaults: Mapping = field(default_factory=lambda: MappingProxyType({}))  # params when the page gives none

    def arguments(self, a: QueryArgs, **params) -> tuple:
        return self.call(a, **{**self.defaults, **params})

    def run(self, engine: sa.Engine, a: QueryArgs, **params):
        return self.fn(engine, *self.arguments(a, **params))

    def sql(self, a: QueryArgs, **params) -> sa.Select | None:
        return None if self.stmt is None else self.stmt(a, **{**self.defaults, **params})


def _q(fn, call, stmt=None, *metrics, **defaults) -> PageQuery:
    return PageQuery(f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}", fn, call, stmt, tuple(metrics),
                     MappingProxyType(defaults))


def _item_query(a: QueryArgs, q: items.ItemQuery | None) -> items.ItemQuery:
    return q if q is not None else items.ItemQuery(a.filters, a.as_of, personal_data=a.personal_data)


# --- the queries, once each ---------------------------------------------------------------------------------------

HEADLINE = _q(overview.headline, lambda a: (a.filters, a.as_of), lambda a: overview.headline_stmt(a.filters, a.as_of),
              *overview.HEADLINE_METRICS)
WEEKLY_VOLUME = _q(overview.weekly_volume_by_channel, lambda a: (a.filters, a.offset),
                   lambda a: overview.weekly_volume_stmt(a.filters, a.offset), "items")
TOP_TOPICS = _q(overview.top_topics, lambda a, limit: (a.filters, limit),
                lambda a, limit: overview.top_topics_stmt(a.filters, limit), "items", limit=10)

ON_TIME = _q(sla.on_time_by_period, lambda a, grain: (a.filters, a.offset, grain),
             lambda a, grain: sla.on_time_stmt(a.filters, a.offset, grain), "on_time", "no_deadline", grain="week")
OVERDUE = _q(sla.overdue_now, lambda a: (a.filters, a.as_of), lambda a: sla.overdue_stmt(a.filters, a.as_of), "overdue")
DUE_SOON = _q(sla.due_soon, lambda a: (a.filters, a.as_of, a.offset),
              lambda a: sla.due_soon_stmt(a.filters, a.as_of, a.as_of), "open")
ANSWER_TIME = _q(sla.answer_time, lambda a: (a.filters, a.offset), lambda a: sla.answer_time_stmt(a.filters, a.offset),
                 "median_answer_days", "median_answer_hours", "mean_answer_pos")
RESOLUTION_TIME = _q(sla.resolution_time, lambda a: (a.filters, a.offset),
                     lambda a: sla.resolution_time_stmt(a.filters, a.offset), "resolution_time")
EXTENDED = _q(sla.extended_share, lambda a: (a.filters,), lambda a: sla.extended_stmt(a.filters), "extended")
FIRST_ANSWER = _q(sla.first_answer, lambda a: (a.filters, a.as_of), lambda a: sla.first_answer_stmt(a.filters, a.as_of),
                  "first_answer")
DUE_SOON_HORIZON = _q(sla.due_soon_horizon, lambda a: (a.as_of, a.offset))

_RULE = {"excluded": ("rejected", "forwarded"), "max_reopened": 0}
RATING_TABLE = _q(rating.rating_table, lambda a, group, excluded, max_reopened: (a.filters, a.as_of, group, excluded,
                                                                                 max_reopened),
                  lambda a, group, excluded, max_reopened: rating.rating_table_stmt(a.filters, a.as_of, group, excluded,
                                                                                    max_reopened),
                  "items", "answered", "on_time", "rated_good", "reworked", "open", "overdue", "median_answer_hours",
                  "median_term_used", group="executor", **_RULE)
MONTHLY_TREND = _q(rating.monthly_trend, lambda a, months, excluded, max_reopened: (a.filters, months, excluded,
                                                                                     max_reopened),
                   lambda a, months, excluded, max_reopened: rating.monthly_trend_stmt(a.filters, months, excluded,
                                                                                       max_reopened),
                   "items", "answered", "on_time", "rated_good", "reworked", months=12, **_RULE)
WORST_TOPICS = _q(rating.worst_topics, lambda a, limit: (a.filters, a.as_of, limit),
                  lambda a, limit: rating.worst_topics_stmt(a.filters, a.as_of, limit), "items", "on_time", "rated_good",
                  limit=10)
OVERDUE_ITEMS = _q(rating.overdue_items, lambda a, limit: (a.filters, a.as_of, limit),
                   lambda a, limit: rating.overdue_items_stmt(a.filters, a.as_of, limit), "overdue", limit=50)

DISTRICT_FIGURES = _q(heatmap.district_figures, lambda a: (a.filters, a.as_of),
                      lambda a: heatmap.district_figures_stmt(a.filters, a.as_of), "items", "on_time", "overdue")
TERRITORY_CUBE = _q(heatmap.territory_cube, lambda a, rows: (a.filters, a.as_of, rows),
                    lambda a, rows: heatmap.territory_cube_stmt(a.filters, a.as_of, rows), "items", "on_time",
                    "overdue", rows="topic")
HOT_CELLS = _q(heatmap.hot_cells, lambda a, resolution, limit: (a.filters, resolution, limit, a.personal_data),
               lambda a, resolution, limit: heatmap.hot_cells_stmt(a.filters, resolution, limit, a.personal_data),
               "items", resolution=8, limit=400)
WEEKLY_ITEMS = _q(heatmap.weekly_items, lambda a: (a.filters, a.offset),
                  lambda a: heatmap.weekly_items_stmt(a.filters, a.offset), "items")
SLICE_ITEMS = _q(heatmap.slice_items, lambda a, limit: (a.filters, limit, a.personal_data),
                 lambda a, limit: heatmap.slice_items_stmt(a.filters, limit, a.personal_data), limit=20)

SUMMARY = _q(satisfaction.summary, lambda a: (a.filters,), lambda a: satisfaction.summary_stmt(a.filters),
             "rated_good", "rated", "reworked")
SAT_WEEKLY = _q(satisfaction.weekly, lambda a: (a.filters, a.offset),
                lambda a: satisfaction.weekly_stmt(a.filters, a.offset), "rated_good", "rated", "reworked")
BREAKDOWN = _q(satisfaction.breakdown, lambda a: (a.filters,), lambda a: satisfaction.breakdown_stmt(a.filters),
               "rated_good", "rated")
REPEATS_WEEKLY = _q(satisfaction.repeats_weekly, lambda a, repeat_days: (a.filters, a.offset, repeat_days),
                    lambda a, repeat_days: satisfaction.repeats_weekly_stmt(a.filters, a.offset, repeat_days),
                    repeat_days=30)
REPEAT_PLACES = _q(satisfaction.repeat_places,
                   lambda a, repeat_days, limit: (a.filters, repeat_days, limit, a.personal_data),
                   lambda a, repeat_days, limit: satisfaction.repeat_places_stmt(a.filters, repeat_days, limit,
                                                                                 a.personal_data),
                   repeat_days=30, limit=15)

SLICE_CELLS = _q(slices.slice_cells, lambda a, row, col, measure: (a.filters, row, col, measure, a.as_of, a.offset),
                 lambda a, row, col, measure: slices.slice_stmt(a.filters, row, col, measure, a.as_of, a.offset),
                 *sorted({x.metric for x in slices.MEASURES.values()}), row="district", col="channel",
                 measure="items")

COUNT_ITEMS = _q(items.count_items, lambda a, q: (_item_query(a, q),), lambda a, q: items.count_stmt(_item_query(a, q)),
                 q=None)
ITEMS_PAGE = _q(items.items_page, lambda a, q, cursor, size: (_item_query(a, q), cursor, size),
                lambda a, q, cursor, size: items.page_stmt(_item_query(a, q), cursor, size), q=None, cursor=None,
                size=50)
SEEK_CURSOR = _q(items.seek_cursor, lambda a, q, cursor, skip: (_item_query(a, q), cursor, skip),
                 lambda a, q, cursor, skip: items.seek_stmt(_item_query(a, q), cursor, skip), q=None, cursor=None,
                 skip=0)
ITEM_DETAIL = _q(items.item_detail, lambda a, item_id: (item_id, a.filters.scope, a.personal_data),
                 lambda a, item_id: items.item_stmt(item_id, a.filters.scope, a.personal_data), item_id=1)
ITEM_EVENTS = _q(items.item_events, lambda a, item_id: (item_id, a.filters.scope),
                 lambda a, item_id: items.events_stmt(item_id), item_id=1)


TARGET_SCORES = _q(scores.target_scores, lambda a: (a.filters, a.as_of, a.offset, _targets(a)),
                   lambda a: scores.scores_stmt(a.filters, a.as_of, a.offset, _target_keys(a)), *TARGET_KEYS)
TARGET_SCORES_BY = _q(scores.target_scores_by, lambda a, period: (a.filters, a.as_of, a.offset, _targets(a), period),
                      lambda a, period: scores.scores_by_stmt(a.filters, a.as_of, a.offset, _target_keys(a), period),
                      *TARGET_KEYS, period="month")

GROWTH_CUBE = _q(heatmap.growth_cube, lambda a, rows: (a.filters, rows),
                 lambda a, rows: heatmap.growth_cube_stmt(a.filters, rows), "items", rows="topic")
BACKLOG_SERIES = _q(workload.backlog_series, lambda a, by: (a.filters, a.offset, by),
                    lambda a, by: workload.backlog_series_stmt(a.filters, a.offset, by), "items", "outflow", "resolved",
                    "backlog", by="sector")
BACKLOG_AGE = _q(workload.backlog_age, lambda a, by: (a.filters, a.as_of, by),
                 lambda a, by: workload.backlog_age_stmt(a.filters, a.as_of, by), "backlog", "backlog_median_age",
                 by="sector")
WEEKLY_INFLOW = _q(workload.weekly_inflow, lambda a, by: (a.filters, a.offset, by),
                   lambda a, by: workload.weekly_inflow_stmt(a.filters, a.offset, by), "items", "inflow_forecast",
                   by="sector")

PAGES: dict[str, tuple[PageQuery, ...]] = {
    "overview": (HEADLINE, WEEKLY_VOLUME, TOP_TOPICS),
    "sla": (ON_TIME, OVERDUE, DUE_SOON, ANSWER_TIME, RESOLUTION_TIME, EXTENDED, FIRST_ANSWER),
    "rating": (RATING_TABLE, MONTHLY_TREND, WORST_TOPICS, OVERDUE_ITEMS, ANSWER_TIME, RESOLUTION_TIME),
    "heatmap": (DISTRICT_FIGURES, TERRITORY_CUBE, GROWTH_CUBE, HOT_CELLS, TOP_TOPICS, HEADLINE, WEEKLY_ITEMS,
                SLICE_ITEMS),
    "workload": (BACKLOG_SERIES, BACKLOG_AGE, WEEKLY_INFLOW),
    "satisfaction": (SUMMARY, REPEATS_WEEKLY, SAT_WEEKLY, BREAKDOWN, REPEAT_PLACES),
    "slices": (SLICE_CELLS,),
    "targets": (TARGET_SCORES, TARGET_SCORES_BY),
    "items": (ITEM_DETAIL, ITEM_EVENTS, DUE_SOON_HORIZON, COUNT_ITEMS, SEEK_CURSOR, ITEMS_PAGE),
    "screen": (DISTRICT_FIGURES, GROWTH_CUBE, ITEMS_PAGE, ON_TIME, OVERDUE, RATING_TABLE, SUMMARY, SAT_WEEKLY,
               BREAKDOWN),
}

# Slides of the meeting screen -> the page queries (names in PAGES["screen"]) each slide shows.
SCREEN: dict[str, tuple[str, ...]] = {
    "map": ("heatmap.district_figures", "heatmap.growth_cube"),
    "growth": ("heatmap.growth_cube", "items.items_page"),
    "sla": ("sla.on_time_by_period", "sla.overdue_now"),
    "rating": ("rating.rating_table",),
    "satisfaction": ("satisfaction.summary", "satisfaction.weekly", "satisfaction.breakdown"),
}


def declared(page: str, name: str) -> PageQuery:
    """The query ``name`` («module.function») of ``page``'s list; KeyError if the page does not declare it."""
    for q in PAGES[page]:
        if q.name == name:
            return q
    raise KeyError(f"{page}: query {name} is not declared in data_access.queries.page_queries.PAGES")


def run_page(engine: sa.Engine, page: str, args: QueryArgs) -> list:
    """Run every declared query of ``page`` in order with its default parameters (the benchmarks' «page: all
    queries»)."""
    return [q.run(engine, args) for q in PAGES[page]]
