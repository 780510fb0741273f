"""Rating page texts: the note when answers exceed items, the name column wide enough for the longest name."""
import pandas as pd

from components.rating_table import COLUMN_HELP, NAME_CHAR_PX, answers_note, name_column_width
from data_access.profile import load_profile


def test_answers_above_items_are_explained():
    table = pd.DataFrame({"items": [10, 4, 7], "answered": [9, 6, 8]})
    note = answers_note(table)
    assert note and "в 2\u00a0строках" in note and "поступившие раньше" in note
    assert "в 1\u00a0строке" in answers_note(table.iloc[:2])
    assert answers_note(pd.DataFrame({"items": [5], "answered": [5]})) is None
    assert answers_note(pd.DataFrame({"items": [], "answered": []})) is None
    assert "поступившие раньше" in COLUMN_HELP["Ответов"]


def test_the_name_column_fits_every_executor_of_the_profile():
    names = [e.name for e in load_profile("krasnoyarsk").executors]
    longest = max(names, key=len)
    assert name_column_width(names) >= len(longest) * NAME_CHAR_PX + 16  # plus the cell's padding
    assert name_column_width(["Советский"]) == 330  # short names keep the usual width
