"""Queries of the heat-map page: figures by district, the territory × topic cube, hot-spot cells, a slice's list.

Every figure is counted in SQL; pandas only divides counts into rates (``with_rates``) and renames ids.
Figures of a period (``f``): items received in it, of them in the previous equal period (``prev_items``),
answered in it and answered on time; «overdue now» counts the items past their deadline at ``as_of``
whatever their period (as on the overview), with the same dimension filters.
"""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from data_access.store import dialect as d
from data_access.metrics.arms import summed_arms
from data_access.metrics.filters import Filters, dimension_clauses, in_period
from data_access.metrics.registry import (
    answered_on_time, compare_filters, deadline_in_force, has_deadline, overdue_at_arms,
)
from data_access.store.personal_columns import shown
from data_access.store.schema import channels, districts, messages as m, topics

COUNT_FIELDS = ("items", "prev_items", "answered", "on_time", "on_time_base", "overdue")
ROW_COLUMNS = {"topic": m.c.topic_id, "sector": m.c.sector_id}
H3_RESOLUTIONS = (7, 8, 9)  # the stored cell is resolution 9; coarser ones are computed in SQL


def _count_arms(f: Filters, as_of: datetime, keys: list) -> sa.Subquery:
    """The counts of ``COUNT_FIELDS`` per ``keys`` (columns of messages), each basis aggregated over its own rows and
    the parts added: receipts of the previous and the current period (one range of received_at), answers of the
    period (one range of answered_at), and the items overdue at ``as_of`` in two arms (``metrics.overdue_at_arms``:
    never answered; answered after it). One OR of these ranges made PostgreSQL read the whole table at 10M rows
    (2.1 s); each arm is one index range (DuckDB: one zone-map range). A key appears only with some count."""
    prev = compare_filters(f, "previous")
    start, end = prev.bounds()[0], f.bounds()[1]
    received = {"items": d.count_if(in_period(f, m.c.received_at)),
                "prev_items": d.count_if(in_period(prev, m.c.received_at))}
    answers = {"answered": sa.func.count(), "on_time": d.count_if(answered_on_time),
               "on_time_base": d.count_if(has_deadline)}
    where = (m.c.district_id.is_not(None), *dimension_clauses(f))
    return summed_arms(keys, COUNT_FIELDS, [
        (received, (m.c.received_at >= start, m.c.received_at < end, *where)),
        (answers, (in_period(f, m.c.answered_at), *where)),
        *[({"overdue": sa.func.count()}, (rows, *where)) for rows in overdue_at_arms(as_of)]])


def with_rates(df: pd.DataFrame, population: pd.Series | None = None) -> pd.DataFrame:
    """Add ``per_1000`` (items per 1,000 residents of ``population``), ``on_time_share`` (0..1 of answers with
    a deadline) and ``growth`` (items / prev_items − 1; NaN where the previous period had none) to a frame of
    counts."""
    out = df.copy()
    pop = out["population"] if population is None else population
    out["per_1000"] = (out["items"] * 1000 / pop.where(pop > 0)).astype("float64")
    base = out["on_time_base"] if "on_time_base" in out else out["answered"]
    out["on_time_share"] = (out["on_time"] / base.where(base > 0)).astype("float64")
    out["growth"] = (out["items"] / out["prev_items"].where(out["prev_items"] > 0) - 1).astype("float64")
    return out


def district_figures_stmt(f: Filters, as_of: datetime) -> sa.Select:
    """Counts per district, every district of the store listed (zeros where nothing matches the filters)."""
    inner = _count_arms(f, as_of, [m.c.district_id])
    return (sa.select(districts.c.id.label("district_id"), districts.c.name.label("district"), districts.c.population,
                      *[sa.func.coalesce(inner.c[k], 0).label(k) for k in COUNT_FIELDS])
            .join_from(districts, inner, inner.c.district_id == districts.c.id, isouter=True)
            .order_by(districts.c.id))


def district_figures(engine: sa.Engine, f: Filters, as_of: datetime) -> pd.DataFrame:
    """Columns: district_id, district, population, items, prev_items, answered, on_time, overdue, per_1000,
    on_time_share (0..1), growth (relative, NaN without a previous count). One row per district."""
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(district_figures_stmt(f, as_of)).all(),
                          columns=["district_id", "district", "population", *COUNT_FIELDS])
    return with_rates(df.astype({k: "int64" for k in ("district_id", "population", *COUNT_FIELDS)}))


def territory_cube_stmt(f: Filters, as_of: datetime, rows: str = "topic") -> sa.Select:
    """Counts per (district, topic) or (district, sector) — ``rows`` — for items with a known district."""
    row = ROW_COLUMNS[rows]
    counts = _count_arms(f, as_of, [m.c.district_id, row])
    return (sa.select(counts.c.district_id, counts.c[row.name].label("row_id"), *[counts.c[k] for k in COUNT_FIELDS])
            .order_by(counts.c.district_id, counts.c[row.name]))


def territory_cube(engine: sa.Engine, f: Filters, as_of: datetime, rows: str = "topic") -> pd.DataFrame:
    """Columns: district_id, row_id (topic or sector id; −1 for none), and the counts of ``COUNT_FIELDS``.

    Only combinations with some count are returned; rates need the district population (``with_rates``).
    """
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(territory_cube_stmt(f, as_of, rows)).all(),
                          columns=["district_id", "row_id", *COUNT_FIELDS])
    df["row_id"] = df["row_id"].fillna(-1)
    return df.astype({k: "int64" for k in ("district_id", "row_id", *COUNT_FIELDS)})


def hot_cells_stmt(f: Filters, resolution: int, limit: int, personal_data: bool = False) -> sa.Select:
    """The ``limit`` H3 cells at ``resolution`` with most items received in the period, with the address
    met most often in each and the district of most of its items."""
    cell = d.h3_parent(m.c.h3_cell, resolution)
    items = sa.func.count().label("items")
    return (sa.select(cell.label("cell"), items, d.most_frequent(shown("address", personal_data)).label("address"),
                      d.most_frequent(m.c.district_id).label("district_id"))
            .where(in_period(f, m.c.received_at), m.c.h3_cell.is_not(None), *dimension_clauses(f))
            .group_by(cell)
            .order_by(items.desc(), cell)
            .limit(limit))


def hot_cells(engine: sa.Engine, f: Filters, resolution: int = 8, limit: int = 400,
              personal_data: bool = False) -> pd.DataFrame:
    """Columns: cell (H3 index as a hex string), items, address (most frequent; masked without
    ``personal_data``), district_id. Hottest first."""
    import h3

    with engine.connect() as conn:
        rows = conn.execute(hot_cells_stmt(f, resolution, limit, personal_data)).all()
    df = pd.DataFrame(rows, columns=["cell", "items", "address", "district_id"])
    df["cell"] = [h3.int_to_str(int(c)) for c in df["cell"]]
    return df.astype({"items": "int64"})


def weekly_items_stmt(f: Filters, utc_offset_seconds: int) -> sa.Select:
    """Items received per local week (Monday) within the period."""
    week = d.week_start_day(d.local_day(m.c.received_at, utc_offset_seconds)).label("week_day")
    return (sa.select(week, sa.func.count().label("items"))
            .where(in_period(f, m.c.received_at), *dimension_clauses(f))
            .group_by(week).order_by(week))


def weekly_items(engine: sa.Engine, f: Filters, utc_offset_seconds: int) -> pd.DataFrame:
    """Columns: week (date of the Monday), items."""
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(weekly_items_stmt(f, utc_offset_seconds)).all(), columns=["week_day", "items"])
    df.insert(0, "week", pd.to_datetime(df.pop("week_day").astype("int64"), unit="D").dt.date)
    return df


def slice_items_stmt(f: Filters, limit: int, personal_data: bool = False) -> sa.Select:
    """The newest ``limit`` items received in the period (no citizen text: see ``slice_items``)."""
    return (sa.select(m.c.external_id, m.c.received_at, channels.c.name.label("channel"),
                      topics.c.name.label("topic"), districts.c.name.label("district"),
                      shown("address", personal_data).label("address"), m.c.status,
                      deadline_in_force.label("deadline_at"), m.c.answered_at)
            .select_from(m.join(channels, channels.c.id == m.c.channel_id)
                         .outerjoin(topics, topics.c.id == m.c.topic_id)
                         .outerjoin(districts, districts.c.id == m.c.district_id))
            .where(in_period(f, m.c.received_at), *dimension_clauses(f))
            .order_by(m.c.received_at.desc(), m.c.id.desc())
            .limit(limit))


def slice_items(engine: sa.Engine, f: Filters, limit: int = 20, personal_data: bool = False) -> pd.DataFrame:
    """The first page of a slice's items, newest first. Columns: external_id, received_at, channel, topic,
    district, address (building; masked without ``personal_data``), status, deadline_at (in force), answered_at.
    Citizens' texts are left to the items page."""
    with engine.connect() as conn:
        result = conn.execute(slice_items_stmt(f, limit, personal_data))
        return pd.DataFrame(result.all(), columns=list(result.keys()))


GROWTH_FIELDS = ("items", "prev_items", "yoy_items", "yoy2_items")


def growth_periods(f: Filters) -> dict[str, Filters]:
    """The periods ``growth_cube`` counts: the period, the previous equal one, the same dates one and two years ago
    (``metrics.compare_filters``)."""
    year = compare_filters(f, "year")
    return {"items": f, "prev_items": compare_filters(f, "previous"), "yoy_items": year,
            "yoy2_items": compare_filters(year, "year")}


def growth_cube_stmt(f: Filters, rows: str = "topic") -> sa.Select:
    """Items received per (district, topic or sector) in each period of ``growth_periods``: one scan per period
    (each a plain range on received_at, which DuckDB's min/max maps and PostgreSQL's index narrow), then pivoted."""
    row = sa.func.coalesce(ROW_COLUMNS[rows], -1)
    arms = [sa.select(m.c.district_id, row.label("row_id"), sa.literal(i, sa.Integer).label("part"),
                      sa.func.count().label("n"))
            .where(in_period(flt, m.c.received_at), m.c.district_id.is_not(None), *dimension_clauses(f))
            .group_by(m.c.district_id, ROW_COLUMNS[rows])
            for i, flt in enumerate(growth_periods(f).values())]
    u = sa.union_all(*arms).subquery("parts")
    cols = [sa.cast(sa.func.coalesce(sa.func.sum(sa.case((u.c.part == i, u.c.n))), 0), sa.BigInteger).label(k)
            for i, k in enumerate(GROWTH_FIELDS)]
    return (sa.select(u.c.district_id, u.c.row_id, *cols).group_by(u.c.district_id, u.c.row_id)
            .order_by(u.c.district_id, u.c.row_id))


def growth_cube(engine: sa.Engine, f: Filters, rows: str = "topic") -> pd.DataFrame:
    """Columns: district_id, row_id (−1: none), items, prev_items, yoy_items, yoy2_items and seasonal_base
    (yoy_items + yoy2_items: ``data_access.queries.growth``). Pairs with a count in any of the periods."""
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(growth_cube_stmt(f, rows)).all(), columns=["district_id", "row_id",
                                                                                   *GROWTH_FIELDS])
    df = df.astype({k: "int64" for k in ("district_id", "row_id", *GROWTH_FIELDS)})
    df["seasonal_base"] = df["yoy_items"] + df["yoy2_items"]
    return df
