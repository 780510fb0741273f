"""The page «Аналитическая записка» (AppTest): a sector lead's note covers only their block, whatever they pick;
the figures shown are the note's (equal to pandas over the rows of that block)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.frame.keys import K
from data_access.metrics.filters import Filters
from reports.week import last_full_week
from tests.frames import TZ, select
from tests.roles_env import ZHKH, with_roles

ROOT = Path(__file__).resolve().parent.parent
PAGE = "app_pages/note.py"


def open_note(monkeypatch, duckdb_url, who: str | None) -> AppTest:
    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    if who:
        with_roles(at, who)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> dict[str, str]:
    table = at.dataframe[0].value
    return dict(zip(table["Показатель"], table["Значение"]))


def items_of(value: str) -> int:
    return int(value.replace("\u00a0", ""))


def test_a_sector_leads_note_covers_only_their_block(monkeypatch, duckdb_url, demo_frames, profile):
    import data_access.store.cached as cached

    at = open_note(monkeypatch, duckdb_url, "zhkh")
    assert any(f"Охват: блок «{ZHKH}»" in c.value for c in at.caption)
    week = last_full_week(cached.as_of_now(profile.tz).date())
    m = demo_frames[0]
    rows = select(m[m["sector_id"] == 1], Filters(week.monday, week.sunday, tz=TZ))
    assert items_of(figures(at)["Поступило"]) == len(rows)
    # picking «Район» keeps the block: the lead's scope is part of every query
    at.segmented_control(key=K.NOTE_SCOPE).set_value("Район").run()
    at.selectbox(key=K.NOTE_DISTRICT).set_value("Кировский").run()
    kirov = next(i for i, d in enumerate(profile.districts, 1) if d.name == "Кировский")
    rows = select(m[(m["sector_id"] == 1) & (m["district_id"] == kirov)], Filters(week.monday, week.sunday, tz=TZ))
    assert any("Охват: блок" in c.value and "Кировский район" in c.value for c in at.caption)
    assert items_of(figures(at)["Поступило"]) == len(rows)


def test_the_heads_note_of_a_week_with_data(monkeypatch, duckdb_url, demo_frames):
    """The test store ends on 15.11.2026: week 46 has data; the whole city's figure equals pandas."""
    at = open_note(monkeypatch, duckdb_url, None)
    week = at.selectbox(key=K.NOTE_WEEK)
    week.select_index(next(i for i, o in enumerate(week.options) if o.startswith("46-я неделя 2026"))).run()
    rows = select(demo_frames[0], Filters(date(2026, 11, 9), date(2026, 11, 15), tz=TZ))
    assert len(rows) > 0 and items_of(figures(at)["Поступило"]) == len(rows)
    assert any("За неделю поступило" in md.value for md in at.markdown)
    assert [b.label for b in at.button] == ["Подготовить PDF"] or at.warning
