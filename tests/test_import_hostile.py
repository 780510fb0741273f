"""Hostile files against the importer, on DuckDB and PostgreSQL: every one is a row reject or one Russian message.

Each case asserts what the user is told (summary line, exception text, or the command's exit code and output),
what the report says, and what the store holds — unchanged, by a checksum of every table, where the file must
not change it. Expected values are written by hand from the files built here.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import datetime

import pandas as pd
import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from data_access.store import schema as s
from data_access.ingest.report import ImportFailed, aggregate, report_csv
from data_access.ingest.importer import import_bytes
from tests.test_import_cli import cli
from tests.test_import_store import HEADER, NOW, csv_bytes, fresh, items, local, row  # noqa: F401  (fixture)

TABLES = ("messages", "events", "topics", "sectors", "executors", "districts", "channels", "store_meta")


@pytest.fixture
def store(fresh):  # noqa: F811  (the imported fixture, requested by name)
    """An empty, migrated store of this test on each engine (``tests.test_import_store.fresh``)."""
    return fresh


def checksum(engine) -> str:
    """A digest of every row of the store's tables (ordered), to prove a failed import changed nothing."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for name in TABLES:
            table = s.metadata.tables[name]
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns or table.columns)).all()
            digest.update(f"{name}:{rows!r}".encode())
    return digest.hexdigest()


def seeded(engine) -> str:
    """Two items in the store (so that «unchanged» means something), and the store's checksum."""
    s1 = import_bytes(engine, csv_bytes([row("S-1"), row("S-2", status="ответ дан")]), "seed.csv", "generic", now=NOW)
    assert s1.added == 2
    return checksum(engine)


def statuses(engine) -> dict[str, str]:
    got = items(engine)
    return dict(zip(got["external_id"], got["status"]))


# ---- control bytes -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_nul_and_control_bytes_are_removed_on_both_engines(store, encoding):
    data = csv_bytes([row("N-1", text="Нет\x00 воды\x07 в доме"), row("N-2\x00", text="\x1bобычный\x0bтекст")],
                     encoding=encoding)
    s1 = import_bytes(store, data, "nul.csv", "generic", now=NOW)
    assert (s1.added, s1.rejected, s1.removed_controls) == (2, 0, 5)
    assert "удалено управляющих символов (NUL и подобных): 5" in s1.lines()
    got = items(store)
    assert got["external_id"].tolist() == ["N-1", "N-2"]
    assert got["text"].tolist() == ["Нет воды в доме", "обычныйтекст"]


# ---- dates ---------------------------------------------------------------------------------------------------

def test_out_of_range_iso_dates_are_row_rejects(store):
    rows = [row("R-1", "0001-01-01"), row("R-2", "2262-04-12"), row("R-3", "2262-04-12T00:00+03:00"),
            row("R-4", "9999-12-31 23:59"), row("R-5", "01.01.0001"), row("R-6", "2025-03-01 10:00")]
    s1 = import_bytes(store, csv_bytes(rows), "iso.csv", "generic", now=NOW)
    assert (s1.added, s1.rejected) == (1, 5)
    assert s1.report["Строка"].tolist() == [2, 3, 4, 5, 6]
    assert s1.report["Причина"].str.startswith("дата не распознана").all()
    assert items(store)["external_id"].tolist() == ["R-6"]


def test_out_of_range_dates_in_a_workbook_are_row_rejects(store):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["W-1", "pos", datetime(1, 1, 1), "новое", "Отопление", "", None, None, "т", None])
    sheet.append(["W-2", "pos", datetime(2025, 3, 2, 9, 30), "новое", "Отопление", "", None, None, "т", None])
    buf = io.BytesIO()
    book.save(buf)
    s1 = import_bytes(store, buf.getvalue(), "old.xlsx", "generic", now=NOW)
    assert (s1.added, s1.rejected) == (1, 1)
    assert s1.report["Строка"].tolist() == [2]


def test_implausible_dates_are_rejects_or_warnings(store):
    header = HEADER + ["Ответ дан", "Срок"]
    rows = [row("P-1", "05.04.2025 10:00") + ["", ""],                   # received after NOW + a day: refused
            row("P-2", "01.04.2025 12:00") + ["", ""],                   # within a day of NOW (clock skew): loaded
            row("P-3", "10.03.2025 10:00") + ["09.03.2025 10:00", ""],   # answered before received: warned, kept
            row("P-4", "10.03.2025 10:00") + ["", "01.03.2025 10:00"],   # deadline before received: computed
            row("P-5", "10.03.2025 10:00") + ["10.05.2025 10:00", ""]]   # answered in the future: dropped
    s1 = import_bytes(store, csv_bytes(rows, header=header), "dates.csv", "generic", now=NOW)
    assert (s1.added, s1.rejected, s1.warnings) == (4, 1, 3)
    rep = s1.report.set_index("Строка")
    assert rep.loc[2, "Причина"] == "дата поступления в будущем"
    assert rep.loc[4, "Причина"].startswith("дата ответа раньше даты поступления")
    assert rep.loc[5, "Что сделано"] == "срок рассчитан по правилам сроков"
    assert rep.loc[6, "Причина"] == "дата ответа: дата в будущем"
    with store.connect() as conn:
        got = {r.external_id: r for r in conn.execute(sa.text(
            "SELECT external_id, received_at, answered_at, deadline_at FROM messages"))}
    assert local(got["P-3"].answered_at) == "09.03.2025 10:00"
    assert got["P-4"].deadline_at > got["P-4"].received_at
    assert got["P-5"].answered_at is None


# ---- coordinates ---------------------------------------------------------------------------------------------

def test_half_nan_and_infinite_coordinates_give_no_point_and_a_report_line(store):
    rows = [row("C-1", lat="56,05", lon=""), row("C-2", lat="", lon="92,95"), row("C-3", lat="NaN", lon="92,95"),
            row("C-4", lat="inf", lon="92,95"), row("C-5", lat="56,05", lon="-inf"), row("C-6", lat="56,05", lon="92,95")]
    s1 = import_bytes(store, csv_bytes(rows), "coords.csv", "generic", now=NOW)
    assert (s1.added, s1.rejected) == (6, 0)
    got = items(store).set_index("external_id")
    assert got.loc[["C-1", "C-2", "C-3", "C-4", "C-5"], ["lat", "lon", "h3_cell"]].isna().all().all()
    assert got.loc["C-6", "lat"] == pytest.approx(56.05) and got.loc["C-6", "district"] == "Советский"
    reasons = s1.report.set_index("Строка")["Причина"]
    assert reasons[[2, 3]].str.startswith("указана только одна координата").all()
    assert reasons[[4, 5, 6]].str.startswith("координаты не число").all()
    assert 7 not in reasons.index


# ---- encodings -----------------------------------------------------------------------------------------------

def test_utf16_with_and_without_bom_is_read(store):
    text = "\t".join(HEADER) + "\r\n" + "\t".join(row("U-1", text="Текст в UTF-16")) + "\r\n"
    s1 = import_bytes(store, text.encode("utf-16"), "u16.csv", "generic", now=NOW)
    s2 = import_bytes(store, text.replace("U-1", "U-2").encode("utf-16-le"), "u16le.csv", "generic", now=NOW)
    assert (s1.added, s1.encoding, s1.delimiter, s2.added, s2.encoding) == (1, "UTF-16", "\t", 1, "UTF-16")
    assert "файл в кодировке UTF-16, разделитель «табуляция»" in s1.lines()
    assert items(store)["text"].tolist() == ["Текст в UTF-16", "Текст в UTF-16"]


def test_cp1251_behind_a_utf8_bom_and_koi8_are_detected(store):
    data = b"\xef\xbb\xbf" + csv_bytes([row("K-1", text="Холодно в подъезде, течёт крыша")], encoding="cp1251")
    s1 = import_bytes(store, data, "bom1251.csv", "generic", now=NOW)
    assert (s1.added, s1.encoding) == (1, "Windows-1251 (с ошибочной меткой UTF-8 в начале)")
    koi = csv_bytes([row("K-2", text="Холодно в подъезде, течёт крыша, нет горячей воды уже неделю")],
                    encoding="koi8_r")
    s2 = import_bytes(store, koi, "koi.csv", "generic", now=NOW)
    assert (s2.added, s2.encoding) == (1, "KOI8-R")
    assert set(items(store)["text"]) == {"Холодно в подъезде, течёт крыша",
                                         "Холодно в подъезде, течёт крыша, нет горячей воды уже неделю"}


def test_a_file_in_two_encodings_is_refused_naming_the_lines(store):
    before = seeded(store)
    data = csv_bytes([row("M-1", text="Строка в UTF-8")]) + \
        (";".join(row("M-2", text="Строка в 1251")) + "\r\n").encode("cp1251")
    with pytest.raises(ImportFailed) as err:
        import_bytes(store, data, "mixed.csv", "generic", now=NOW)
    assert str(err.value).startswith("Файл в смешанной кодировке: строка 1 — в UTF-8, строка 3 — в Windows-1251.")
    assert checksum(store) == before


# ---- ragged rows ---------------------------------------------------------------------------------------------

def test_ragged_rows_are_rejected_by_physical_line_and_field_count(store):
    rows = [row("G-1"), row("G-2") + ["лишнее"], row("G-3")[:-2], row("G-4"), row("G-5", received="никогда")]
    s1 = import_bytes(store, csv_bytes(rows), "ragged.csv", "generic", now=NOW)
    assert (s1.rows, s1.added, s1.rejected) == (5, 2, 3)
    assert s1.report[["Строка", "Причина"]].values.tolist() == [
        [3, "в строке 3 11 полей вместо 10: строка не разобрана (лишний или недостающий разделитель)"],
        [4, "в строке 4 8 полей вместо 10: строка не разобрана (лишний или недостающий разделитель)"],
        [6, "дата не распознана: ожидается ДД.ММ.ГГГГ [ЧЧ:ММ[:СС]], ГГГГ-ММ-ДД [ЧЧ:ММ] или число Excel"]]
    assert any(line.startswith("строк с неверным числом полей: 2 (первая: в строке 3 11 полей вместо 10)")
               for line in s1.lines())
    assert items(store)["external_id"].tolist() == ["G-1", "G-4"]


# ---- workbooks -----------------------------------------------------------------------------------------------

def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows:
        sheet.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def with_cached_value(data: bytes, cell: str, value: str) -> bytes:
    """The workbook with Excel's stored result written into a formula cell (openpyxl writes none: an empty
    ``<v />``, or ``<v></v>`` when lxml is installed — python-docx brings it)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            body = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                body = re.sub(rf'<c r="{cell}"><f>(.*?)</f>(?:<v ?/>|<v></v>)'.encode(),
                              lambda m: f'<c r="{cell}" t="str"><f>'.encode() + m.group(1) + f"</f><v>{value}</v>".encode(),
                              body)
            dst.writestr(name, body)
    return out.getvalue()


def test_truncated_and_damaged_workbooks_get_one_russian_message(store):
    before = seeded(store)
    good = workbook([["X-1", "pos", "01.03.2025 10:00", "новое", "Отопление", "", None, None, "т", None]])
    no_sheet = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(no_sheet, "w") as dst:
        for name in src.namelist():
            if name != "xl/worksheets/sheet1.xml":
                dst.writestr(name, src.read(name))
    for data in (good[: len(good) // 2], good[:-30], b"PK\x03\x04" + b"\x00" * 200, no_sheet.getvalue()):
        with pytest.raises(ImportFailed) as err:
            import_bytes(store, data, "broken.xlsx", "generic", now=NOW)
        assert str(err.value).startswith("Файл Excel повреждён или обрезан"), str(err.value)
        assert not re.search(r"BadZipFile|KeyError|Error", str(err.value))
    assert checksum(store) == before


def test_formula_cells_read_by_cached_value_or_rejected(store):
    data = workbook([["F-1", "pos", "01.03.2025 10:00", "новое", "Отопление", "", None, None, '="Текст "&"ф"', None],
                     ["F-2", "pos", "01.03.2025 10:00", "новое", "Отопление", "", None, None, "=1+1", None],
                     ["F-3", "pos", "01.03.2025 10:00", "новое", "Отопление", "", None, None, "простой", None]])
    s1 = import_bytes(store, with_cached_value(data, "I2", "Текст ф"), "f.xlsx", "generic", now=NOW)
    assert (s1.added, s1.rejected) == (2, 1)
    assert s1.report[["Строка", "Столбец", "Значение"]].values.tolist() == [[3, "Текст", "=1+1"]]
    assert s1.report["Причина"][0].startswith("в ячейке формула =1+1 без сохранённого значения")
    assert items(store)["text"].tolist() == ["Текст ф", "простой"]


# ---- nothing accepted, summary, report -----------------------------------------------------------------------

def test_a_file_with_no_accepted_row_changes_nothing_and_says_so(store):
    before = seeded(store)
    rows = [row("Z-1", received="вчера", topic="Неведомая тема"), row("Z-2", topic="Неведомая тема"),
            row("Z-3", received="никогда")]
    s1 = import_bytes(store, csv_bytes(rows), "bad.csv", "generic", now=NOW)
    assert (s1.accepted, s1.rejected) == (0, 3)
    assert s1.lines()[0].startswith("Не загружено ни одной строки: файл «bad.csv»")
    assert not any(line.startswith("Загружено") for line in s1.lines())
    # the unknown topic counts once: Z-1 is refused for its date anyway
    assert s1.unknown["topics"] == {"Неведомая тема": 1}
    assert checksum(store) == before


def test_report_is_aggregated_and_safe_to_open_in_excel(store):
    hostile = ["=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0", "@SUM(A1:A2)", "+7", "-1", "\tТаб"]
    rows = [row(f"H-{i}", topic=t) for i, t in enumerate(hostile)] + [row(f"B-{i}", received="когда-то")
                                                                      for i in range(30)]
    s1 = import_bytes(store, csv_bytes(rows), "hostile.csv", "generic", now=NOW)
    assert (s1.added, s1.rejected) == (0, 36)
    by_reason = aggregate(s1.report)
    assert len(by_reason) == 2
    dates = by_reason.set_index("Столбец").loc["Поступило"]
    assert (dates["Строк"], dates["Первые строки"]) == (30, "8, 9, 10, 11, 12")
    full = report_csv(s1.report).decode("utf-8-sig")
    cells = [c for line in full.splitlines()[1:] for c in line.split(";")]
    assert not [c for c in cells if c.lstrip('"')[:1] in ("=", "+", "-", "@", "\t")]
    table = pd.read_csv(io.BytesIO(report_csv(s1.report)), sep=";", encoding="utf-8-sig", dtype=str)
    assert set(table["Значение"][:6]) == {"'" + v.strip() if v.strip()[0] in "=+-@" else v.strip() for v in hostile}
    aggregated = pd.read_csv(io.BytesIO(report_csv(by_reason)), sep=";", encoding="utf-8-sig", dtype=str)
    assert not aggregated.map(lambda c: str(c)[:1] in ("=", "+", "-", "@", "\t")).any().any()
    assert "«=cmd|' /C calc'!A0»" in aggregated.set_index("Столбец").loc["Тема", "Примеры значений"]


# ---- forward-only merge --------------------------------------------------------------------------------------

def test_an_older_export_without_change_dates_never_reverts_an_answer(store):
    header = HEADER + ["Ответ дан"]
    newer = [row("F-1", status="ответ дан", updated="20.03.2025 10:00") + ["19.03.2025 15:00"],
             row("F-2", status="в работе", updated="20.03.2025 10:00") + [""],
             row("F-3", status="ответ дан", updated="20.03.2025 10:00") + ["19.03.2025 15:00"]]
    import_bytes(store, csv_bytes(newer, header=header), "newer.csv", "generic", now=NOW)
    with store.connect() as conn:
        events_before = conn.execute(sa.text("SELECT count(*) FROM events")).scalar()
    older = [row("F-1", status="в работе") + [""],                 # older export: no «Изменено», no answer yet
             row("F-2", status="ответ дан") + ["21.03.2025 09:00"],  # moves forward: applied even without proof
             row("F-3", status="ответ дан") + ["18.03.2025 09:00"]]  # an earlier answer date: refused
    s2 = import_bytes(store, csv_bytes(older, header=header), "older.csv", "generic", now=NOW)
    assert (s2.updated, s2.unchanged, s2.conflicts) == (1, 2, 2)
    assert statuses(store) == {"F-1": "answered", "F-2": "answered", "F-3": "answered"}
    with store.connect() as conn:
        answered = dict(conn.execute(sa.text("SELECT external_id, answered_at FROM messages")).all())
        events_after = conn.execute(sa.text("SELECT count(*) FROM events")).scalar()
    assert [local(answered[k]) for k in ("F-1", "F-2", "F-3")] == ["19.03.2025 15:00", "21.03.2025 09:00",
                                                                  "19.03.2025 15:00"]
    assert events_after == events_before + 1  # F-2's step forward only
    conflicts = s2.report[s2.report["Причина"].str.startswith("конфликт")]
    assert conflicts[["Строка", "Столбец", "Значение"]].values.tolist() == [
        [2, "дата ответа", "в файле: пусто; в хранилище: 19.03.2025 15:00"],
        [2, "статус", "в файле: в работе; в хранилище: ответ дан"],
        [4, "дата ответа", "в файле: 18.03.2025 09:00; в хранилище: 19.03.2025 15:00"]]
    assert conflicts["Причина"].str.endswith(("дата не стёрта", "статус не откачен", "дата не перенесена на более "
                                              "раннюю")).all()
    assert (conflicts["Что сделано"] == "сохранено значение хранилища").all()


def test_a_provably_newer_row_may_reopen_an_item(store):
    header = HEADER + ["Ответ дан"]
    import_bytes(store, csv_bytes([row("Q-1", status="ответ дан", updated="20.03.2025 10:00") + ["19.03.2025 15:00"]],
                                  header=header), "a.csv", "generic", now=NOW)
    s2 = import_bytes(store, csv_bytes([row("Q-1", status="на доработке", updated="25.03.2025 10:00") + [""]],
                                       header=header), "b.csv", "generic", now=NOW)
    assert (s2.updated, s2.conflicts) == (1, 0)
    assert statuses(store) == {"Q-1": "rework"}


# ---- the command line ----------------------------------------------------------------------------------------

def test_cli_exit_codes_and_messages_for_hostile_files(tmp_path, store):
    url = store.url.render_as_string(hide_password=False)
    before = seeded(store)
    store.dispose()  # the command opens the store itself (a DuckDB file has one writer)
    bad = tmp_path / "все_плохие.csv"
    bad.write_bytes(csv_bytes([row("Z-1", received="вчера"), row("Z-2", received="=1+1")]))
    res = cli(str(bad), "--profile", "generic", "--url", url)
    assert res.returncode == 1 and "Загружено" not in res.stdout and "Traceback" not in res.stderr
    assert res.stdout.startswith("Не загружено ни одной строки") and "нет ни одной принятой строки" in res.stderr
    full = (tmp_path / "все_плохие_отчёт_загрузки_все_строки.csv").read_text(encoding="utf-8-sig")
    assert "'=1+1" in full
    broken = tmp_path / "битый.xlsx"
    broken.write_bytes(workbook([["X-1", "pos", "01.03.2025 10:00", "новое", "Отопление", "", None, None, "т",
                                  None]])[:500])
    res = cli(str(broken), "--profile", "generic", "--url", url)
    assert res.returncode == 1 and res.stderr.startswith("Ошибка: Файл Excel повреждён") and "Traceback" not in res.stderr
    assert checksum(store) == before


# ---- large files in chunks -----------------------------------------------------------------------------------

def test_chunks_of_a_large_file_sum_up_as_one_file(store, monkeypatch):
    """Chunks of 2 rows: repeats across chunks, a ragged line, rejects and unknown values count as in one piece."""
    import data_access.ingest.importer as importer

    monkeypatch.setattr(importer, "CHUNK_ROWS", 2)
    rows = [row("L-1", updated="02.03.2025 10:00"), row("L-2"), row("L-3", topic="Неведомая"), row("L-1"),
            row("L-4") + ["лишнее"], row("L-5", received="когда-то", topic="Неведомая"), row("L-2"),
            row("L-6", topic="Неведомая")]
    s1 = import_bytes(store, csv_bytes(rows), "big.csv", "generic", now=NOW)
    assert (s1.rows, s1.added, s1.rejected) == (8, 2, 6)
    assert s1.unknown["topics"] == {"Неведомая": 2}
    unknown = s1.report["Причина"][1]
    assert s1.report[["Строка", "Причина"]].values.tolist() == [
        [3, "повтор номера в файле: загружена строка 8"], [4, unknown], [5, "повтор номера в файле: загружена строка 2"],
        [6, "в строке 6 11 полей вместо 10: строка не разобрана (лишний или недостающий разделитель)"],
        [7, "дата не распознана: ожидается ДД.ММ.ГГГГ [ЧЧ:ММ[:СС]], ГГГГ-ММ-ДД [ЧЧ:ММ] или число Excel"],
        [7, unknown], [9, unknown]]
    assert unknown.startswith("неизвестное значение поля «тема»")
    assert items(store)["external_id"].tolist() == ["L-1", "L-2"]
