"""Which stored copy of a citizen's text a user reads: the original (the role needs personal data) or the copy
masked at load time (``text_masked``, ``answer_masked``, ``address_masked``; ``data_access.ingest.masker``).

Queries that return or search a text, an answer or an address take ``personal_data`` and read through here, so
that a user without access never receives, and never searches, the original."""
from __future__ import annotations

from data_access.ingest.masker import MASKED_COLUMNS
from data_access.store.schema import messages as m


def shown(name: str, personal_data: bool, table=m):
    """The column ``name`` (``text``, ``answer_text``, ``address``) as this user may see it (unlabelled)."""
    return table.c[name] if personal_data else table.c[MASKED_COLUMNS[name]]
