"""One module per page: each defines ``cases(ctx) -> list[Case]`` for the query functions that page calls."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from collections.abc import Callable

import sqlalchemy as sa

from data_access.metrics.filters import Filters
from data_access.domain.profile import Profile


@dataclass(frozen=True)
class BenchContext:
    """What a case needs: the profile, a «now» and the default filter (last 30 days, everything)."""

    profile: Profile
    as_of: datetime
    filters: Filters

    @property
    def today(self) -> date:
        return self.as_of.date()

    @property
    def offset(self) -> int:
        return self.profile.utc_offset_seconds()


@dataclass(frozen=True)
class Case:
    """``run(engine)`` is what the page calls; ``stmt()`` the SQL it sends (or None if it sends several)."""

    name: str
    run: Callable[[sa.Engine], object]
    stmt: Callable[[], sa.Select] | None = None
