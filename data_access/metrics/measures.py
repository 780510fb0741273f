"""Row-level measure definitions — kept for old imports; they live in ``data_access.metrics.registry`` (the registry).

«в срок» = answered no later than the deadline in force (items without a deadline are neither on time nor
late); «просрочено» = not answered and past that deadline at a moment.
"""
from __future__ import annotations

from data_access.metrics.registry import (  # noqa: F401
    answered_late, answered_on_time, deadline_in_force, good_rating, has_deadline, open_at, overdue_at, registered_from,
)
