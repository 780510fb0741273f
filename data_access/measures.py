"""Measure definitions shared by all queries: the deadline in force, open, overdue, on time.

Definitions follow docs/domain: «в срок» = answered no later than the deadline in force (the extended
one if the deadline was extended); «просрочено» = not answered and past that deadline at a moment.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from data_access.schema import messages as m

deadline_in_force = sa.func.coalesce(m.c.extended_deadline_at, m.c.deadline_at)

answered_on_time = m.c.answered_at <= deadline_in_force


def open_at(moment: datetime) -> sa.ColumnElement:
    """Received by ``moment`` and not yet answered at that moment."""
    return sa.and_(m.c.received_at <= moment, sa.or_(m.c.answered_at.is_(None), m.c.answered_at > moment))


def overdue_at(moment: datetime) -> sa.ColumnElement:
    """Open at ``moment`` with its deadline in force already past."""
    return sa.and_(open_at(moment), deadline_in_force < moment)


def good_rating() -> sa.ColumnElement:
    return m.c.rating >= 4
