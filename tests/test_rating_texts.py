"""Rating page texts: the note when answers exceed items; column widths that fit every header and cell."""
import pandas as pd
import pytest

from components.rating.table import COLUMN_HELP, LINK, TABLE_PX, WRAP_ROW_PX, answers_note, column_widths
from components.common.text_width import text_px
from data_access.domain.profile import load_profile


def test_answers_above_items_are_explained():
    table = pd.DataFrame({"items": [10, 4, 7], "answered": [9, 6, 8]})
    note = answers_note(table)
    assert note and "в 2\u00a0строках" in note and "поступившие раньше" in note
    assert "в 1\u00a0строке" in answers_note(table.iloc[:2])
    assert answers_note(pd.DataFrame({"items": [5], "answered": [5]})) is None
    assert answers_note(pd.DataFrame({"items": [], "answered": []})) is None
    assert "поступившие раньше" in COLUMN_HELP["Ответов"]


# Widths measured in Chromium with the app's font (canvas measureText, 14 px «Source Sans»), by hand.
MEASURED = {"Место": 37, "Поступило": 67, "Медиана, дн.": 80, "61,5 % (273)": 71, "100,0 % (1 234)": 88,
            "зелёная": 50, "Главное управление по физической культуре, спорту и туризму": 390.8,
            "Департамент дорожной инфраструктуры и транспорта": 340}


@pytest.mark.parametrize(("text", "px"), MEASURED.items())
def test_text_width_agrees_with_the_browser(text, px):
    assert abs(text_px(text) - px) <= max(1.0, px * 0.01), text_px(text)


def row(name: str, **over) -> dict:
    return {"Место": "15", "Изм.": "▼ 8", "Исполнитель": name, "Зона": "зелёная", "Индекс": "88,5",
            "Поступило": "1\u00a0654", "Ответов": "1\u00a0538", "В срок": "97,4 %", "Медиана, дн.": "10,2",
            "По существу": "91,7 %", "Оценки 4–5": "61,2 % (502)", "Доработка": "25,2 %", "Просрочено": "27",
            LINK: "/items?executor=1", **over}


def test_columns_fit_every_executor_of_the_profile_within_the_screen():
    names = [e.name for e in load_profile("krasnoyarsk").executors]
    frame = pd.DataFrame([row(n) for n in names])
    widths, row_height = column_widths(frame, "Исполнитель")
    assert row_height is None and sum(widths.values()) <= TABLE_PX
    assert widths["Исполнитель"] >= 390.8 + 16  # the longest name, measured, plus the cell's padding
    assert widths["Оценки 4–5"] >= 71 + 16 and widths["Поступило"] >= 67 + 16  # header wider than the figures
    assert widths[LINK] >= 51 + 16  # «открыть», not the address


def test_a_name_longer_than_the_room_wraps_in_taller_rows():
    long = "Муниципальное казённое учреждение «Управление капитального строительства и реконструкции объектов»"
    frame = pd.DataFrame([row(long), row("Советский", **{"Оценки 4–5": "100,0 % (1\u00a0234)"})])
    widths, row_height = column_widths(frame, "Исполнитель")
    assert row_height == WRAP_ROW_PX > 64  # Streamlit wraps only rows taller than 4 rem
    assert sum(widths.values()) == TABLE_PX and widths["Исполнитель"] < text_px(long)
    assert widths["Оценки 4–5"] >= 88 + 16
    short = column_widths(pd.DataFrame([row("Советский")]), "Исполнитель")
    assert short[1] is None and short[0]["Исполнитель"] >= 200  # short names keep a usual width


def test_satisfaction_drivers_fit_half_the_page_and_wrap_long_names():
    """«Исполнители с самой низкой долей оценок 4–5» in half of the page: «Департамент дорожной инфраструктуры и
    транспорта» (340 px measured) was cut at «инфраструк»; now the figures keep their widths and the name wraps."""
    from components.satisfaction.view import HALF_PX, driver_grid
    frame = pd.DataFrame({"Исполнитель": ["Департамент ЖКХ и благоустройства",
                                          "Департамент дорожной инфраструктуры и транспорта"],
                          "Оценок": ["217", "96"], "Оценки 4–5": ["63,1 %", "60,4 %"],
                          "Не выше (95 %)": ["69,3 %", "69,6 %"], "Оценки 1–2": ["29,0 %", "28,1 %"],
                          "Обращения": ["/items?executor=5", "/items?executor=6"]})
    grid = driver_grid(frame, "Исполнитель")
    widths = {c: cfg["width"] for c, cfg in grid["column_config"].items()}
    assert grid["row_height"] == WRAP_ROW_PX and sum(widths.values()) <= HALF_PX
    assert widths["Не выше (95 %)"] >= text_px("Не выше (95 %)") + 16 and widths["Обращения"] >= 72 + 16
    short = driver_grid(frame.iloc[:1], "Исполнитель")
    assert short["row_height"] is None  # «Департамент ЖКХ и благоустройства» fits on one line
