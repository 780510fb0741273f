"""The weekly note (reports/): the DOCX read back with python-docx, its figures against pandas over the generated
rows AND against the registry's query functions for the same week and scope, on DuckDB and PostgreSQL; masked
texts only; the empty week; week parsing, the seasonal rule and the summary's plurals by hand."""
from __future__ import annotations

import io
import re
from datetime import date, datetime

import pandas as pd
import pytest
from docx import Document

from data_access.metrics.filters import Filters
from data_access.queries.overview import headline
from data_access.store.reference import read_reference
from data_access.store.scope import Scope
from reports.docx_writer import docx_bytes
from reports.note import build_note, headline_figures, summary_text
from reports.week import IsoWeek, WeekError, last_full_week, parse_week
from tests.frames import (TZ, deadline_in_force, on_time_mask, period_end, previous_period, registered_from,
                          same_period_last_year, select)

W45, W46 = IsoWeek(2026, 45), IsoWeek(2026, 46)  # the demo data ends on Sunday 15.11.2026 (week 46) at 14:00
CITY = Filters(date(2026, 1, 1), date(2026, 1, 1), tz=TZ)
SCOPES = {"city": CITY, "ЖКХ": CITY.with_(sectors=(1,)), "district 3": CITY.with_(districts=(3,)),
          "lead of ЖКХ": Filters(date(2026, 1, 1), date(2026, 1, 1), tz=TZ, scope=Scope(sectors=(1,)))}
PHONE = re.compile(r"(\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_NOTES: dict = {}


def note_of(engine, profile, week: IsoWeek, scope: str, as_of: datetime):
    """(note, DOCX bytes, python-docx Document read back from the bytes), built once per engine/week/scope."""
    key = (str(engine.url), week, scope)
    if key not in _NOTES:
        note = build_note(engine, profile, read_reference(engine), week, SCOPES[scope], as_of)
        data = docx_bytes(note)
        _NOTES[key] = (note, data, Document(io.BytesIO(data)))
    return _NOTES[key]


def docx_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def table_rows(doc, first_header: str) -> list[list[str]]:
    """The body rows of the tables whose first header cell is ``first_header`` (all of them, in order)."""
    out = []
    for table in doc.tables:
        cells = [[c.text for c in row.cells] for row in table.rows]
        if cells and cells[0][0] == first_header:
            out += cells[1:]
    return out


def number(text: str) -> float:
    """«3 072» → 3072, «79,3 %» → 79.3, «-0,7» → -0.7 (as shown in the note)."""
    return float(re.sub(r"[^\d,\-−]", "", text).replace(",", ".").replace("−", "-"))


def expected_figures(m: pd.DataFrame, f: Filters, as_of: datetime) -> dict:
    """Pandas over the raw rows, for the week, the previous week and the same dates a year earlier."""
    out = {}
    for prefix, flt in (("", f), ("prev_", previous_period(f)), ("yoy_", same_period_last_year(f))):
        moment = min(period_end(flt), pd.Timestamp(as_of))
        received, answered = select(m, flt), select(m, flt, period_on="answered_at")
        dims = select(m, flt, period_on=None)
        open_then = (dims["received_at"] <= moment) & (dims["answered_at"].isna() | (dims["answered_at"] > moment))
        with_deadline = deadline_in_force(answered).notna()
        rated = answered["rating"].notna()
        days = (answered["answered_at"] - registered_from(answered)).dt.total_seconds() / 86400
        out |= {prefix + "items": len(received), prefix + "answered": len(answered),
                prefix + "on_time": on_time_mask(answered).sum() / with_deadline.sum() if with_deadline.any() else None,
                prefix + "overdue": int((open_then & (deadline_in_force(dims) < moment)).sum()),
                prefix + "median_answer_days": float(days.median()) if len(days) else None,
                prefix + "rated_good": (answered["rating"] >= 4).sum() / rated.sum() if rated.any() else None}
    return out


def scoped(m: pd.DataFrame, scope: str) -> pd.DataFrame:
    """The rows a scope covers, written by hand (a sector lead's scope = their sector; a sector or district)."""
    if scope in ("ЖКХ", "lead of ЖКХ"):
        return m[m["sector_id"] == 1]
    if scope == "district 3":
        return m[m["district_id"] == 3]
    return m


@pytest.mark.parametrize("scope", list(SCOPES))
@pytest.mark.parametrize("week", [W45, W46], ids=["closed week", "running week"])
def test_docx_figures_equal_pandas_and_the_registry(store_engine, demo_frames, profile, demo_now, week, scope):
    note, _, doc = note_of(store_engine, profile, week, scope, demo_now)
    f = week.filters(SCOPES[scope])
    want = expected_figures(scoped(demo_frames[0], scope), f.with_(sectors=(), districts=(), scope=Scope()), demo_now)
    registry = headline(store_engine, f, min(f.bounds()[1], demo_now))
    rows = {r[0]: r for r in table_rows(doc, "Показатель")}
    assert want["items"] > 0 and len(rows) == 6
    shown = {fig.key: rows[fig.label] for fig in note.figures}
    assert number(shown["items"][1]) == want["items"] == registry["items"]
    assert number(shown["answered"][1]) == want["answered"] == registry["answered"]
    assert number(shown["overdue"][1]) == want["overdue"] == registry["overdue"]
    assert shown["on_time"][1].endswith("%")
    assert number(shown["on_time"][1]) == pytest.approx(want["on_time"] * 100, abs=0.05)
    assert number(shown["on_time"][1]) == pytest.approx(registry["on_time"] / registry["on_time_base"] * 100, abs=0.05)
    assert number(shown["rated_good"][1]) == pytest.approx(want["rated_good"] * 100, abs=0.05)
    assert number(shown["median_answer_days"][1]) == pytest.approx(want["median_answer_days"], abs=0.05)
    # the comparisons: «(было N)» of the previous week and of the same dates a year earlier
    assert f"(было {want['prev_items']:,})".replace(",", "\u00a0") in shown["items"][3]
    assert f"(было {want['yoy_items']:,})".replace(",", "\u00a0") in shown["items"][4]
    assert number(shown["overdue"][3].split("(было")[1]) == want["prev_overdue"]
    assert shown["on_time"][5] == "не менее 95 %".replace(" %", "\u00a0%") and shown["rated_good"][5].endswith("60\u00a0%")


def test_growing_problems_counts_overdue_by_block_and_examples(store_engine, demo_frames, profile, demo_now):
    """Week 46 has a sharp rise (district 3, topic 2: 10 → 37 items): listed with counts equal to pandas; overdue by
    block equals pandas at the moment; each example belongs to its pair and shows the masked text."""
    m = demo_frames[0]
    note, _, doc = note_of(store_engine, profile, W46, "city", demo_now)
    f = W46.filters(CITY)
    ref = read_reference(store_engine)
    districts, topics = ref.names("districts"), ref.names("topics")
    growth = table_rows(doc, "Район")
    growth = [r for r in growth if len(r) == 9]  # the growth table (the district table has 5 columns)
    assert growth, "the demo's rise is not listed"
    now, prev = select(m, f), select(m, previous_period(f))
    for row in growth:
        d = next(k for k, v in districts.items() if v == row[0])
        t = next(k for k, v in topics.items() if v == row[1])
        assert number(row[2]) == ((now["district_id"] == d) & (now["topic_id"] == t)).sum()
        assert number(row[3]) == ((prev["district_id"] == d) & (prev["topic_id"] == t)).sum()
    assert (districts[3], topics[2]) in {(r[0], r[1]) for r in growth}
    # overdue by block at «now» (the running week): pandas
    moment = pd.Timestamp(demo_now)
    open_now = (m["received_at"] <= moment) & (m["answered_at"].isna() | (m["answered_at"] > moment))
    overdue = m[open_now & (deadline_in_force(m) < moment)]
    want = overdue["sector_id"].value_counts()
    sectors = ref.names("sectors")
    got = {r[0]: int(number(r[1])) for r in table_rows(doc, "Блок")}
    assert got == {sectors[int(k)]: int(v) for k, v in want.items()}
    # examples: five per growing problem, of that pair and week, text = the masked copy, never the original
    examples = table_rows(doc, "Номер")
    assert len(examples) == sum(min(5, int(number(r[2]))) for r in growth)
    by_number = m.set_index("external_id")
    originals_with_contacts = 0
    for number_, _, text in examples:
        item = by_number.loc[number_]
        assert item["received_at"] >= f.bounds()[0] and item["received_at"] < f.bounds()[1]
        masked = " ".join(item["text_masked"].split())
        assert text.rstrip("…") == masked[:len(text.rstrip("…"))]
        if item["text"] != item["text_masked"]:
            originals_with_contacts += 1
            assert text != " ".join(item["text"].split())[:len(text)]
    assert originals_with_contacts > 0


def test_no_personal_data_in_the_docx(store_engine, demo_frames, profile, demo_now):
    """No phone or e-mail pattern anywhere; no name of the citizens whose texts are quoted."""
    m = demo_frames[0].set_index("external_id")
    _, _, doc = note_of(store_engine, profile, W46, "city", demo_now)
    text = docx_text(doc)
    assert not PHONE.search(text) and not EMAIL.search(text)
    assert "[телефон]" in text or "[ФИО]" in text or "[e-mail]" in text  # masked texts are there
    for number_, _, shown in table_rows(doc, "Номер"):
        original, masked = m.loc[number_, "text"], m.loc[number_, "text_masked"]
        hidden = set(re.findall(r"[А-ЯЁ][а-яё]+", original)) - set(re.findall(r"[А-ЯЁ][а-яё]+", masked))
        assert not hidden & set(re.findall(r"[А-ЯЁ][а-яё]+", shown)), number_


def test_a_week_without_data_says_so(store_engine, profile, demo_now):
    note, _, doc = note_of(store_engine, profile, IsoWeek(2019, 10), "city", demo_now)
    assert note.empty
    text = docx_text(doc)
    assert "нет ни обращений, ни ответов" in text and "04.03.2019 — 10.03.2019" in text
    assert [r[1] for r in table_rows(doc, "Показатель")][:2] == ["0", "0"]


# --- by hand: weeks, the seasonal rule, the summary -------------------------------------------------------------

def test_iso_weeks():
    assert (parse_week("2026-W48").monday, parse_week("2026W48").sunday) == (date(2026, 11, 23), date(2026, 11, 29))
    assert parse_week("2026-W01").monday == date(2025, 12, 29)  # ISO week 1 starts in the old year
    assert parse_week("2020-W53").sunday == date(2021, 1, 3)
    assert IsoWeek(2020, 53).year_earlier() == IsoWeek(2019, 52) and IsoWeek(2026, 48).year_earlier() == IsoWeek(2025, 48)
    assert last_full_week(date(2026, 12, 1)) == IsoWeek(2026, 48) and last_full_week(date(2026, 11, 29)) == IsoWeek(2026, 47)
    for bad in ("2026-48", "W48", "2026-W54", "2026-W00", ""):
        with pytest.raises(WeekError, match="Недел"):
            parse_week(bad)


def test_summary_plurals_and_comparison():
    h = {p + k: 0 for p in ("prev_", "yoy_") for k in ("on_time", "on_time_base", "rated_good", "rated_good_base")}
    h |= {"items": 21, "prev_items": 20, "answered": 1, "on_time": 1, "on_time_base": 1, "overdue": 2,
          "rated_good": 0, "rated_good_base": 0}
    text = summary_text(h, {"on_time_share": 0.95}, growing=1, seasonal=0).replace("\u00a0", " ")
    assert text.startswith("За неделю поступило 21 обращение, на 1 обращение больше, чем за предыдущую неделю "
                           "(20 обращений).")
    assert "Дано 1 ответ; в срок — 100,0 % ответов со сроком при цели 95 %." in text
    assert "просрочено 2 обращения" in text and "Значимый рост обращений: 1 пара «район — тема»." in text
    text = summary_text(h | {"items": 15, "prev_items": 20}, {}, growing=5, seasonal=2).replace("\u00a0", " ")
    assert "на 5 обращений меньше" in text and "5 пар" in text and "сезонный — 2 пары" in text
    same = summary_text(h | {"prev_items": 21}, {}, 0, 0)
    assert "столько же, сколько за предыдущую неделю" in same and "роста по парам «район — тема» нет" in same


def test_headline_rows_take_labels_units_and_targets_from_the_registry():
    h = {p + k: v for p in ("", "prev_", "yoy_") for k, v in
         {"items": 10, "answered": 8, "on_time": 6, "on_time_base": 8, "overdue": 3, "median_answer_days": 2.5,
          "rated_good": 3, "rated_good_base": 4}.items()}
    rows = {f.key: f for f in headline_figures(h, {"on_time_share": 0.95})}
    assert rows["on_time"].label == "Ответов в срок" and rows["on_time"].value == "75,0\u00a0%"
    assert rows["on_time"].target == "не менее 95\u00a0%" and rows["rated_good"].target == "не менее 60\u00a0%"
    assert rows["items"].previous == "без изменений (было 10)" and rows["items"].unit == "обращений"
    assert rows["overdue"].label == "Просрочено на конец недели" and rows["median_answer_days"].target == "—"
