"""Source words -> store values: statuses, channels, kinds, topics, sectors, districts, executors.

A value is looked up (case, «ё» and spacing ignored) first in the source profile's map for its
dimension, then among the store's own names and codes. Reference rows the profile allows to create
are inserted in the import's transaction, so a failed import leaves no orphan rows behind.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data_access.store import schema as s
from data_access.ingest.source_profile import SourceProfile, normalize
from data_access.domain.profile import Profile
from data_access.store.vocabulary import KINDS, STATUSES


@dataclass
class RefState:
    """Lookups {normalized name or code: id (or code for statuses and kinds)} read inside the transaction."""

    lookups: dict[str, dict[str, object]]
    channel_codes: dict[int, str]
    topic_sector: dict[int, int]
    topic_names: dict[int, str]
    sector_codes: dict[str, int]
    next_id: dict[str, int]
    created: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


def read_state(conn: sa.Connection, profile: Profile) -> RefState:
    def rows(table, *cols):
        return conn.execute(sa.select(*[table.c[c] for c in cols])).all()

    lookups: dict[str, dict[str, object]] = {}
    lookups["statuses"] = {**{normalize(v): k for k, v in STATUSES.items()}, **{k: k for k in STATUSES}}
    lookups["kinds"] = {**{normalize(v): k for k, v in KINDS.items()}, **{k: k for k in KINDS}}
    ch = rows(s.channels, "id", "code", "name")
    lookups["channels"] = {**{normalize(n): i for i, _, n in ch}, **{normalize(c): i for i, c, _ in ch}}
    sec = rows(s.sectors, "id", "code", "name")
    lookups["sectors"] = {**{normalize(n): i for i, _, n in sec}, **{normalize(c): i for i, c, _ in sec}}
    top = rows(s.topics, "id", "name", "sector_id")
    lookups["topics"] = {normalize(n): i for i, n, _ in sorted(top, reverse=True)}  # lowest id wins on a clash
    dis = rows(s.districts, "id", "name")
    strip = profile.boundary_name_strip
    lookups["districts"] = {**({normalize(n + strip): i for i, n in dis} if strip else {}),
                            **{normalize(n): i for i, n in dis}}
    ex = rows(s.executors, "id", "name")
    lookups["executors"] = {normalize(n): i for i, n in ex}
    next_id = {name: (max(ids) if ids else 0) + 1 for name, ids in
               (("sectors", [r[0] for r in sec]), ("topics", [r[0] for r in top]), ("executors", [r[0] for r in ex]))}
    return RefState(lookups, {i: c for i, c, _ in ch}, {i: sid for i, _, sid in top}, {i: n for i, n, _ in top},
                    {c: i for i, c, _ in sec}, next_id)


@dataclass(frozen=True)
class Resolved:
    values: pd.Series     # ids/codes (object), None where empty or unknown
    unknown: np.ndarray   # non-empty values neither mapped nor in the store
    raw: pd.Series        # the cells as text


def resolve(text: pd.Series, dim: str, state: RefState, source: SourceProfile) -> Resolved:
    """Look every distinct value up once; return ids aligned with ``text``."""
    lookup, mapping = state.lookups[dim], source.maps.get(dim, {})
    codes, uniques = pd.factorize(text)
    found = np.empty(len(uniques) + 1, dtype=object)  # the last slot answers code -1 (a missing cell)
    for i, value in enumerate(uniques):
        key = normalize(value)
        target = mapping.get(key)
        found[i] = lookup.get(normalize(target) if target is not None else key) if value != "" else None
    values = pd.Series(found[codes], index=text.index, dtype=object)
    unknown = (text != "").to_numpy() & values.isna().to_numpy()
    return Resolved(values, unknown, text)


def create_missing(conn: sa.Connection, dim: str, names: list[str], state: RefState,
                   sector_ids: dict[str, int | None]) -> dict[str, int]:
    """Insert new reference rows (topics, sectors, executors) and return {normalized name: id}.

    ``sector_ids``: for topics and executors, the sector of each new name (None: none known).
    """
    out, rows = {}, []
    for name in names:
        new_id = state.next_id[dim]
        state.next_id[dim] += 1
        if dim == "sectors":
            rows.append({"id": new_id, "code": f"import_{new_id}", "name": name})
        elif dim == "topics":
            rows.append({"id": new_id, "name": name, "sector_id": sector_ids[normalize(name)]})
            state.topic_sector[new_id] = sector_ids[normalize(name)]
            state.topic_names[new_id] = name
        else:
            rows.append({"id": new_id, "name": name, "sector_id": sector_ids.get(normalize(name)), "district_id": None})
        out[normalize(name)] = new_id
        state.lookups[dim][normalize(name)] = new_id
        state.created.setdefault(dim, []).append((new_id, name))
    if rows:
        table = {"sectors": s.sectors, "topics": s.topics, "executors": s.executors}[dim]
        conn.execute(sa.insert(table), rows)
    return out


def unknown_counts(res: Resolved, mask: np.ndarray | None = None) -> dict[str, int]:
    """{source value: rows} of the unknown values, most frequent first."""
    sel = res.unknown if mask is None else res.unknown & mask
    counts = res.raw[sel].value_counts()
    return {str(k): int(v) for k, v in counts.items()}
