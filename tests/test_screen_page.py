
"""AppTest of the meeting screen: screen routing, every slide on both the real app and its data, rotation and
refresh through the fragments' own state, and masked texts only."""
from __future__ import annotations

import re
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.frame.keys import K
from components.screen.options import SLIDES
from data_access.domain.profile import PROFILES_DIR

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = tomllib.loads((PROFILES_DIR / "krasnoyarsk" / "demo.toml").read_text(encoding="utf-8"))["people"]


@pytest.fixture
def app_env(monkeypatch, duckdb_url):
    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    monkeypatch.chdir(ROOT)


def screen(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["mode"] = "screen"
    # the test store ends on 15.11.2026: a custom period in it
    at.query_params["period"] = "Свой период"
    at.query_params["dates"] = ["2026-10-17", "2026-11-15"]
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def slide_of(at: AppTest) -> int:
    html = [h.proto.body for h in at.get("html") if 'class="screen-title"' in h.proto.body]
    assert len(html) == 1, "one slide title"
    return int(re.search(r'data-slide="(\d+)"', html[0]).group(1))


def page_text(at: AppTest) -> str:
    parts = [h.proto.body for h in at.get("html")] + [t.value for t in at.text]
    parts += [t.value.to_string() for t in at.table]
    return "\n".join(parts)


def personal_data_in(text: str) -> list[str]:
    words = set(PEOPLE["male_first"] + PEOPLE["female_first"] + PEOPLE["male_patronymic"] +
                PEOPLE["female_patronymic"] + PEOPLE["male_last"] + PEOPLE["female_last"])
    # streets named after people («ул. Попова», «ул. Алексеева») are places, not personal data
    text = re.sub(r"(ул|пр|пер)\.\s+(им\.\s+)?[А-ЯЁ][\w-]+(\s+[А-ЯЁ][\w-]+)*", " ", text)
    found = [w for w in words if re.search(rf"(?<![\w]){w}(?![\w])", text)]
    found += re.findall(r"\+7\s*\(\d{3}\)|8[ -]\d{3}[ -]\d{3}|@\w+\.(?:ru|com)", text)
    return found


def test_screen_mode_has_no_sidebar_and_no_filter_widgets(app_env):
    at = screen()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.sidebar.children or all(not c.children for c in at.sidebar.children.values())
    assert not at.multiselect and not at.selectbox
    assert "screen-top" in page_text(at) and "данные на" in page_text(at)


@pytest.mark.parametrize("code", list(SLIDES))
def test_every_slide_draws_without_errors_or_personal_data(app_env, code):
    at = screen(slide=code, slide_seconds="600")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert slide_of(at) == list(SLIDES).index(code)
    assert SLIDES[code] in page_text(at)
    assert personal_data_in(page_text(at)) == []


def test_growth_slide_shows_masked_samples(app_env):
    at = screen(slide="growth", slide_seconds="600")
    samples = [t.value for t in at.text]
    assert samples, "growing problems show a sample text"
    assert any("[" in s for s in samples), "the demo texts carry personal data: something is masked"


def test_filters_from_the_url_narrow_the_slides(app_env):
    at = screen(slide="map", slide_seconds="600", district="Кировский")
    assert "Кировский" in page_text(at) and "все районы" not in page_text(at)
    table = at.table[0].value
    assert table["Район"].tolist() == ["Кировский"]


def test_rotation_moves_to_the_next_slide_when_due_and_a_refresh_keeps_it(app_env):
    at = screen(slide="sla", slide_seconds="600", refresh_minutes="60")
    assert slide_of(at) == 2
    at.run()                                             # any rerun before the turn: the same slide
    assert slide_of(at) == 2
    rotation = at.session_state[K.SCREEN_ROTATION]
    rotation.due = datetime.now(rotation.due.tzinfo) - timedelta(seconds=1)
    at.run()
    assert slide_of(at) == 3
    clock = at.session_state[K.SCREEN_DATA]
    before = clock.as_of
    clock.due = datetime.now(clock.due.tzinfo) - timedelta(seconds=1)   # the refresh is due
    clock.as_of = before - timedelta(hours=1)
    at.run()
    assert at.session_state[K.SCREEN_DATA].as_of > before - timedelta(hours=1), "the data moment moved on"
    assert slide_of(at) == 3, "a data refresh does not reset the slide"
    assert at.session_state[K.SCREEN_DATA].as_of.strftime("%H:%M") in page_text(at)


def test_store_error_in_screen_mode_is_a_russian_message(monkeypatch):
    monkeypatch.setenv("MCU_DATABASE_URL", "postgresql://mcu:s3cret@127.0.0.1:1/mcu")
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["mode"] = "screen"
    at.run()
    assert not at.exception
    assert "Хранилище данных недоступно" in at.error[0].value and "s3cret" not in at.error[0].value


def test_without_screen_mode_the_page_links_to_the_screen(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/screen.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Экран заседания"
    assert "mode=screen" in str(at.get("link_button")[0].proto)
