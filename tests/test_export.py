"""Exports for Russian Excel: BOM, «;», decimal comma, neutralized formulas; XLSX readable by openpyxl."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pandas as pd

from components.common.export import csv_bytes, neutralize, xlsx_bytes
from components.items.table import export_frame
from data_access.metrics.filters import Filters
from data_access.queries.items import ItemQuery, export_batches
from data_access.store.reference import read_reference

EVIL = ["=HYPERLINK(\"http://x\")", "+7 (902) 000-00-00", "-1+2", "@SUM(A1)", "\tTAB", "обычный текст"]


def frame() -> pd.DataFrame:
    return pd.DataFrame({"Текст": EVIL, "Число": [1.5, -2.0, 3.25, None, 0.0, 10.0],
                         "Когда": pd.to_datetime(["2026-11-15 09:30"] * 6), "День": [date(2026, 11, 1)] * 6})


def test_neutralize_only_texts_that_start_like_formulas():
    assert [neutralize(v) for v in EVIL] == ["'" + v for v in EVIL[:5]] + ["обычный текст"]
    assert neutralize(-5) == -5 and neutralize(None) is None


def test_csv_opens_with_the_right_columns_and_neutralized_formulas():
    data = csv_bytes(frame())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Текст;Число;Когда;День"
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",", dtype=str, keep_default_na=False)
    assert list(back.columns) == ["Текст", "Число", "Когда", "День"]
    assert back["Текст"].tolist() == ["'" + v for v in EVIL[:5]] + ["обычный текст"]
    assert back["Число"].tolist()[:3] == ["1,5", "-2,0", "3,25"]  # numbers stay numbers, with a decimal comma
    assert back["Когда"][0] == "15.11.2026 09:30" and back["День"][0] == "01.11.2026"


def test_csv_from_batches_has_one_header():
    text = csv_bytes([frame(), frame()]).decode("utf-8-sig")
    assert text.count("Текст;Число") == 1 and len(text.strip().splitlines()) == 13


def test_xlsx_keeps_types_and_never_stores_a_formula():
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame(), "Обращения")))
    ws = wb["Обращения"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Текст", "Число", "Когда", "День")
    assert [r[0] for r in rows[1:]] == ["'" + v for v in EVIL[:5]] + ["обычный текст"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert rows[1][1] == 1.5 and rows[1][2] == datetime(2026, 11, 15, 9, 30)


def test_items_export_streams_batches_up_to_the_cap(store_engine, demo_now):
    f = Filters(date(2026, 10, 17), date(2026, 11, 15), tz="Asia/Krasnoyarsk")
    q = ItemQuery(f, demo_now)
    batches = list(export_batches(store_engine, q, cap=250, batch=100))
    assert [len(b) for b in batches] == [100, 100, 50]
    ref = read_reference(store_engine)
    text = csv_bytes(export_frame(b, ref, f.tz) for b in batches).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), sep=";", dtype=str)
    assert len(back) == 250 and back["№ в системе"].is_unique
    assert {"Номер", "Поступило", "Район", "Исполнитель", "Текст", "Ответ (текст)", "Адрес"} <= set(back.columns)


def test_items_export_masks_personal_data_unless_allowed(store_engine, demo_now):
    """Demo texts carry fake phones and names: without access none of them may reach the file."""
    f = Filters(date(2026, 10, 17), date(2026, 11, 15), tz="Asia/Krasnoyarsk")
    query = ItemQuery(f, demo_now, search="телефон для связи")
    batch = next(export_batches(store_engine, replace(query, personal_data=True), cap=50, batch=50))
    ref = read_reference(store_engine)
    full = export_frame(batch, ref, f.tz)
    masked = export_frame(next(export_batches(store_engine, query, cap=50, batch=50)), ref, f.tz)
    assert full["Текст"].tolist() == batch["text"].fillna("").tolist()
    phones = full["Текст"].str.extract(r"(\+7 \(\d{3}\) \d{3}-\d{2}-\d{2})")[0].dropna()
    assert len(phones) == len(batch) > 0  # the rows do carry phone numbers
    assert not any(p in t for p, t in zip(phones, masked["Текст"]))
    assert masked["Текст"].str.contains("[телефон]", regex=False).all()
    assert masked.drop(columns=["Текст", "Ответ (текст)", "Адрес"]).equals(
        full.drop(columns=["Текст", "Ответ (текст)", "Адрес"]))
