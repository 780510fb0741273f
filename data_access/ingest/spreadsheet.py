"""Cells for spreadsheets: a text that Excel would run as a formula is written with a leading apostrophe.

Citizens' texts and cells of uploaded files may start with ``=``, ``+``, ``-`` or ``@`` (or a tab / carriage
return): a spreadsheet would run such a cell as a formula (OWASP «CSV injection»). Exports of the pages and the
importer's reports both write through this rule.
"""
from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_PATTERN = r"^[=+\-@\t\r]"


def neutralize(value):
    """A text that a spreadsheet would read as a formula, prefixed with ``'``; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralize_texts(values: pd.Series) -> pd.Series:
    """The same rule over a whole text column (vectorized: reports of a million rows)."""
    text = values.astype(str)
    return text.where(~text.str.contains(FORMULA_PATTERN, regex=True), "'" + text)
