"""Reference tables (districts, sectors, topics, channels, executors): written from a profile, read back small."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
import sqlalchemy as sa

from data_access.store import schema as s
from data_access.store.bulk import bulk_insert
from data_access.domain.profile import Profile
from data_access.domain.deadlines import channel_norm, load_rules
from data_access.domain.workcalendar import WorkCalendar


def _insert(conn: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    if rows:  # a settlement without districts has no rows to insert
        conn.execute(sa.insert(table), rows)


def write_reference(conn: sa.Connection, profile: Profile) -> None:
    """Insert the profile's reference data into an empty store (ids are 1-based positions)."""
    _insert(conn, s.districts, [
        {"id": i, "name": d.name, "population": d.population, "area_km2": d.area_km2}
        for i, d in enumerate(profile.districts, 1)])
    _insert(conn, s.sectors, [
        {"id": i, "code": sec.code, "name": sec.name} for i, sec in enumerate(profile.sectors, 1)])
    sector_id = {sec.code: i for i, sec in enumerate(profile.sectors, 1)}
    district_id = {d.name: i for i, d in enumerate(profile.districts, 1)}
    topic_rows = []
    for sec in profile.sectors:
        for name in sec.topics:
            topic_rows.append({"id": len(topic_rows) + 1, "name": name, "sector_id": sector_id[sec.code]})
    _insert(conn, s.topics, topic_rows)
    rules = load_rules(profile)  # the rules file is the one source of norms; profile.toml only without it
    norms = [channel_norm(rules, c.code, c.kinds[0]) if c.kinds else None for c in profile.channels]
    _insert(conn, s.channels, [
        {"id": i, "code": c.code, "name": c.name,
         "unit": c.unit if r is None else r.unit, "term": c.term if r is None else int(r.term),
         "extension_max": c.extension_max if r is None else int(r.extension_max)}
        for i, (c, r) in enumerate(zip(profile.channels, norms), 1)])
    _insert(conn, s.executors, [
        {"id": i, "name": e.name, "sector_id": sector_id.get(e.sector), "district_id": district_id.get(e.district)}
        for i, e in enumerate(profile.executors, 1)])


def write_calendar(conn: sa.Connection, calendar: WorkCalendar, first: date, last: date) -> None:
    """Fill ``work_calendar`` for first..last (replacing what was there)."""
    conn.execute(sa.delete(s.work_calendar))
    bulk_insert(conn, s.work_calendar.name, pd.DataFrame(calendar.rows(first, last)))


def write_meta(conn: sa.Connection, values: dict[str, str]) -> None:
    for key, value in values.items():
        conn.execute(sa.delete(s.store_meta).where(s.store_meta.c.key == key))
        conn.execute(sa.insert(s.store_meta).values(key=key, value=str(value)))


def read_meta(conn: sa.Connection) -> dict[str, str]:
    return dict(conn.execute(sa.select(s.store_meta.c.key, s.store_meta.c.value)).all())


@dataclass(frozen=True)
class Reference:
    """The small reference tables, as read from the store (ids and Russian names)."""

    districts: pd.DataFrame  # id, name, population, area_km2
    sectors: pd.DataFrame    # id, code, name
    topics: pd.DataFrame     # id, name, sector_id
    channels: pd.DataFrame   # id, code, name, unit, term, extension_max
    executors: pd.DataFrame  # id, name, sector_id, district_id
    # what is derived from the tables, built once per Reference: a page's every drill-down link asks for the
    # names of all tables (a table of 200 rows asked 200 times — most of a cached page's script time before)
    _derived: dict = field(default_factory=dict, init=False, compare=False, repr=False)  # not carried by replace()

    def derived(self, key: str, build: Callable[[], Any]) -> Any:
        """``build()`` computed once for this Reference under ``key`` (the tables never change in place)."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    def names(self, table: str) -> dict[int, str]:
        """Id -> name of a reference table (a new dict each call: callers may extend it)."""
        return dict(self.derived(f"names:{table}", lambda: dict(zip(getattr(self, table)["id"],
                                                                   getattr(self, table)["name"]))))


def read_reference(engine: sa.Engine) -> Reference:
    """Read all reference tables (a few hundred rows at most)."""
    with engine.connect() as conn:
        frames = {
            t.name: pd.DataFrame(conn.execute(sa.select(t).order_by(t.c.id)).mappings().all(),
                                 columns=[c.name for c in t.columns])
            for t in (s.districts, s.sectors, s.topics, s.channels, s.executors)
        }
    return Reference(**frames)
