"""Russian number and date formats, and the headline cards built from figures."""
from datetime import date

from components.common.formatting import (
    NBSP, change_text, fmt_count, fmt_date, fmt_zone, fmt_int, fmt_num, fmt_pct, plural, sentence_end,
)
from components.common.kpi import headline_cards, per_1000


def test_numbers_dates_and_plurals():
    assert fmt_int(1234567) == "1\u00a0234\u00a0567"
    assert fmt_num(3.14159, 2) == "3,14"
    assert fmt_pct(0.875) == "87,5\u00a0%"
    assert fmt_date(date(2026, 3, 8)) == "08.03.2026"
    assert [plural(n, "обращение", "обращения", "обращений") for n in (1, 3, 5, 11, 21, 112)] == \
        ["обращение", "обращения", "обращений", "обращений", "обращение", "обращений"]


HOURS, DAYS = ("час", "часа", "часов"), ("день", "дня", "дней")


def test_plural_agreement_integers_and_fractions():
    """Every case by hand: 1/21/101 → one; 2–4/22–24 → few; 0, 5–20, 11–14, 111–114 → many; a fraction →
    the genitive singular («few» of the nominative forms)."""
    expected = {0: "часов", 1: "час", 2: "часа", 4: "часа", 5: "часов", 11: "часов", 12: "часов", 14: "часов",
                20: "часов", 21: "час", 22: "часа", 25: "часов", 101: "час", 111: "часов", 112: "часов",
                122: "часа", 1001: "час"}
    assert {n: plural(n, *HOURS) for n in expected} == expected
    assert plural(-1, *HOURS) == "час" and plural(-5, *HOURS) == "часов"
    for fraction in (72.3, 1.5, 0.5, 11.2, 5.7, 21.1):
        assert plural(fraction, *HOURS) == "часа"
    assert plural(3.0, *HOURS) == "часа" and plural(5.0, *HOURS) == "часов"  # a whole float is an integer


def test_a_count_with_its_noun():
    assert fmt_count(72.3, *HOURS, digits=1) == f"72,3{NBSP}часа"
    assert fmt_count(1, *DAYS) == f"1{NBSP}день"
    assert fmt_count(5, *DAYS) == f"5{NBSP}дней"
    assert fmt_count(1.5, *DAYS, digits=1) == f"1,5{NBSP}дня"
    assert fmt_count(2.04, *DAYS, digits=1) == f"2{NBSP}дня"  # whole at the shown precision: no «2,0»
    assert fmt_count(4.96, *HOURS, digits=1) == f"5{NBSP}часов"  # agrees with the number as shown
    assert fmt_count(21, "оценка", "оценки", "оценок") == f"21{NBSP}оценка"
    assert fmt_count(1234, "оценка", "оценки", "оценок") == f"1{NBSP}234{NBSP}оценки"
    assert fmt_count(None, *DAYS) == "—" and fmt_count(float("nan"), *DAYS) == "—"


def test_changes_use_a_sign_streamlit_understands():
    assert change_text(110, 100) == "+10,0\u00a0%"
    assert change_text(90, 100) == "-10,0\u00a0%"
    assert change_text(0.80, 0.75, kind="pp") == "+5,0\u00a0п.п."
    assert change_text(40, 50, kind="int") == "-10"
    assert change_text(2, 2, kind="int") == change_text(0.8, 0.8, kind="pp") == change_text(5, 5) == "без изменений"
    assert change_text(0, 0) is None  # no base to compare a relative change with
    assert change_text(6.21, 6.24, kind="abs") == change_text(0.6321, 0.6322, kind="pp") == "без изменений"
    assert change_text(1000, 1000.2) == "без изменений" and change_text(6.2, 6.3, kind="abs") == "-0,1"
    assert change_text(5, 0) is None and change_text(None, 3) is None


def test_headline_cards_compute_shares_from_counts():
    h = {"items": 200, "items_located": 190, "answered": 160, "on_time": 120, "overdue": 7,
         "median_answer_days": 4.25, "rated": 50, "rated_good": 35, "prev_items": 100, "prev_items_located": 95,
         "prev_answered": 80, "prev_on_time": 64, "prev_overdue": 9, "prev_median_answer_days": 5.0,
         "prev_rated": 40, "prev_rated_good": 20}
    cards = {c.label: c for c in headline_cards(h, population=95_000, targets={"satisfaction_share": 0.6})}
    assert cards["Поступило"].value == "200" and cards["Поступило"].delta == "+100,0\u00a0%"
    assert cards["На 1 000 жителей"].value == fmt_num(per_1000(190, 95_000), 2) == "2,00"
    assert cards["Ответов в срок"].value == "75,0\u00a0%" and cards["Ответов в срок"].delta == "-5,0\u00a0п.п."
    assert cards["Просрочено сейчас"].delta == "-2" and cards["Просрочено сейчас"].delta_color == "inverse"
    assert cards["Оценки 4–5"].value == "70,0\u00a0%" and "60" in cards["Оценки 4–5"].help
    assert cards["На 1 000 жителей"].value != "—"
    assert headline_cards(h, population=0, targets={})[1].value == "—"


def test_time_zone_in_words():
    assert fmt_zone(7 * 3600) == "местное время UTC+7, МСК+4"
    assert fmt_zone(3 * 3600) == "местное время UTC+3, московское"
    assert fmt_zone(int(5.5 * 3600)) == "местное время UTC+5:30, МСК+2:30"
    assert fmt_zone(2 * 3600) == "местное время UTC+2, МСК−1"


def test_week_ticks_fall_on_the_week_starts():
    """Plotly's weekly ticks fell on Sundays («29.11.26» under the point of the week of 30.11); the week axis puts
    them on Mondays, every k-th week for long periods."""
    from datetime import date, timedelta

    import pandas as pd

    from components.common.charts import DAY_MS, week_axis
    five = [date(2026, 11, 2) + timedelta(weeks=i) for i in range(5)]
    axis = week_axis(five)
    assert pd.Timestamp(axis["tick0"]).weekday() == 0 and axis["dtick"] == 7 * DAY_MS
    assert all((pd.Timestamp(w) - pd.Timestamp(axis["tick0"])).days % 7 == 0 for w in five)
    year = [date(2025, 12, 1) + timedelta(weeks=i) for i in range(53)]
    assert week_axis(year)["dtick"] == 5 * 7 * DAY_MS  # 53 weeks: every fifth, 11 ticks
    assert week_axis(five * 3)["dtick"] == 7 * DAY_MS  # the same week of several channels counts once


def test_a_sentence_ends_with_one_full_stop():
    assert sentence_end("30 дн., продление до 30 дн.") == "30 дн., продление до 30 дн."  # the card showed «дн..»
    assert sentence_end("8 ч") == "8 ч."
    assert sentence_end("8 ч ") == "8 ч."
    assert sentence_end("нет?") == "нет?"
