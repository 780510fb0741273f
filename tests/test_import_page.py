"""The upload page in AppTest: it runs, lists the source profiles, and its result figures match the summary."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from components.admin.upload_result import report_file_name, result_cards
from data_access.ingest.report import ImportSummary, report_csv
from tests.roles_env import with_roles

ROOT = Path(__file__).resolve().parent.parent


def test_upload_page_runs_and_offers_every_source_profile(monkeypatch, duckdb_url):
    monkeypatch.setenv("MCU_DATABASE_URL", duckdb_url)
    monkeypatch.chdir(ROOT)
    at = with_roles(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), "admin")
    at.run()
    at.switch_page("app_pages/upload.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == "Загрузка данных"
    assert set(at.selectbox[0].options) >= {"ПОС (Госуслуги)", "Инцидент Менеджмент", "СЭД (обращения 59-ФЗ)",
                                             "Госпаблики", "Региональный портал", "Общий шаблон"}
    assert at.button[0].disabled  # nothing to load before a file is chosen


def test_result_cards_and_report_file():
    s = ImportSummary("выгрузка.xlsx", "ПОС", rows=12, added=5, updated=3, unchanged=1, older=1, rejected=2)
    s.report = pd.DataFrame({"Строка": [3], "Столбец": ["Дата"], "Значение": ["вчера"], "Причина": ["дата не распознана"],
                             "Что сделано": ["строка не загружена"]})
    cards = result_cards(s)
    assert [(c.label, c.value) for c in cards] == [("Добавлено", "5"), ("Обновлено", "3"), ("Без изменений", "2"),
                                                   ("Отклонено", "2")]
    raw = report_csv(s.report)
    assert raw.startswith(b"\xef\xbb\xbf") and raw.decode("utf-8-sig").splitlines()[1] == \
        "3;Дата;вчера;дата не распознана;строка не загружена"
    assert report_file_name(s.file_name) == "выгрузка_отчёт_загрузки.csv"
