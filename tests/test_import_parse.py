"""Reading and parsing cells of an export, without a store: the rules the importer's speed must not bend."""
from __future__ import annotations

from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from data_access.ingest.parse import parse_dates
from data_access.ingest.read import first_line, read_table
from data_access.ingest.report import ImportFailed

TZ = ZoneInfo("Asia/Krasnoyarsk")  # UTC+7 all year


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=TZ).tz_convert("UTC")


@pytest.mark.parametrize("cell, local", [
    ("05.03.2025 10:30", "2025-03-05 10:30"),
    ("05.03.2025 10:30:15", "2025-03-05 10:30:15"),
    ("05.03.2025", "2025-03-05 00:00"),
    ("5.3.2025 9:05", "2025-03-05 09:05"),
    ("29.02.2024 23:59", "2024-02-29 23:59"),
    ("31.12.2025 00:00", "2025-12-31 00:00"),
    ("2025-03-05", "2025-03-05 00:00"),          # an ISO date alone is a local day, not «-05» hours from UTC
    ("2025-03-05 10:30", "2025-03-05 10:30"),
])
def test_dates_in_local_time(cell, local):
    got, bad = parse_dates(pd.Series([cell]), TZ)
    assert not bad[0] and got[0] == utc(local)


def test_dates_with_an_offset_keep_it():
    got, bad = parse_dates(pd.Series(["2025-03-05T10:30:00+03:00", "2025-03-05T10:30Z"]), TZ)
    assert not bad.any()
    assert list(got) == [pd.Timestamp("2025-03-05 07:30", tz="UTC"), pd.Timestamp("2025-03-05 10:30", tz="UTC")]


@pytest.mark.parametrize("cell", ["31.02.2025 10:00", "29.02.2025", "31.04.2025 00:00", "00.01.2025 10:00",
                                  "01.13.2025 10:00", "01.01.2025 24:00", "01.01.2025 10:60", "01.01.0001",
                                  "01.01.9999 10:00", "вчера", "05.03.25"])
def test_impossible_dates_are_errors_not_neighbours(cell):
    """Arrow's strptime would read 31.02 as 03.03: the importer must refuse it (and never overflow)."""
    many = pd.Series(["05.03.2025 10:30"] * 5 + [cell])  # the fast path sees a whole column, one cell wrong
    got, bad = parse_dates(many, TZ)
    assert bad.tolist() == [False] * 5 + [True] and pd.isna(got.iloc[-1])
    assert (got.iloc[:5] == utc("2025-03-05 10:30")).all()


def test_empty_cells_are_not_errors():
    got, bad = parse_dates(pd.Series(["", "  ", "05.03.2025"]), TZ)
    assert bad.tolist() == [False, False, False] and got.isna().tolist() == [True, True, False]


def test_quoted_line_breaks_and_leading_blank_lines():
    data = ('\r\n\r\nНомер;Текст;Поступило\r\n1;"Первая строка\r\nвторая строка";05.03.2025\r\n'
            '2;Без кавычек;06.03.2025\r\n').encode("cp1251")
    raw = read_table(data, "x.csv")
    assert list(raw.frame.columns) == ["Номер", "Текст", "Поступило"]
    assert raw.frame["Текст"].tolist() == ["Первая строка\r\nвторая строка", "Без кавычек"]
    assert raw.encoding == "Windows-1251" and raw.delimiter == ";"


def test_utf8_is_read_as_is_and_whitespace_only_is_empty():
    raw = read_table("Номер,Текст\n1,«ёлка»\n".encode(), "x.csv")
    assert raw.frame["Текст"].tolist() == ["«ёлка»"] and raw.encoding == "UTF-8"
    with pytest.raises(ImportFailed, match="Файл пустой"):
        read_table(b" \r\n\t\n", "x.csv")


def test_first_line():
    assert first_line("\r\n\nA;B\r\n1;2") == "A;B"
    assert first_line("A;B") == "A;B"
