"""What part of the store a user may read: a ``Scope`` of allowed sectors, districts and executors.

The scope travels inside every ``Filters`` value (``Filters.scope``), and ``filters.dimension_clauses`` ANDs it
into every query built from filters; queries by an item's id take it explicitly. It is part of the cache key
because it is part of ``Filters``.

Semantics: within one dimension the allowed values are alternatives (ЖКХ or Дороги); across dimensions they
all hold (ЖКХ items of the Кировский district). An empty tuple does not restrict that dimension; a scope with
nothing restricted is the whole store. An item without a value in a restricted dimension (no district, say)
is outside the scope. ``NOTHING`` lets nothing through.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa


@dataclass(frozen=True)
class Scope:
    """Allowed ids (sorted, unique); ``()`` — no restriction in that dimension; ``none`` — nothing at all."""

    sectors: tuple[int, ...] = ()
    districts: tuple[int, ...] = ()
    executors: tuple[int, ...] = ()
    none: bool = False

    def __post_init__(self) -> None:
        for name in ("sectors", "districts", "executors"):
            object.__setattr__(self, name, tuple(sorted({int(v) for v in getattr(self, name)})))

    @property
    def unrestricted(self) -> bool:
        return not (self.none or self.sectors or self.districts or self.executors)

    def allows(self, sector_id, district_id, executor_id) -> bool:
        """The same decision as ``scope_clauses`` for one item's values (None for a missing value)."""
        if self.none:
            return False
        return all(not allowed or (value is not None and int(value) in allowed)
                   for allowed, value in ((self.sectors, sector_id), (self.districts, district_id),
                                          (self.executors, executor_id)))


EVERYTHING = Scope()
NOTHING = Scope(none=True)


def scope_clauses(scope: Scope, m: sa.Table | sa.Subquery) -> list:
    """WHERE clauses (bound parameters) that keep only the rows of ``m`` inside ``scope``.

    ``m``: the messages table or any select/alias with its ``sector_id``, ``district_id``, ``executor_id``."""
    if scope.none:
        return [sa.false()]
    out = []
    for values, column in ((scope.sectors, m.c.sector_id), (scope.districts, m.c.district_id),
                           (scope.executors, m.c.executor_id)):
        if values:
            out.append(column.in_(values))
    return out
