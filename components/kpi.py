"""Headline figures: a pure builder of cards (value, change, method) and a thin renderer."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components.formatting import NO_CHANGE, RATINGS, change_text, fmt_count, fmt_int, fmt_num, fmt_pct, share


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None
    delta_color: str   # "normal": growth is good; "inverse": growth is bad; "off": neutral
    help: str          # the method, shown next to the figure


def per_1000(items: int, population: int) -> float | None:
    return None if not population else items / population * 1000


def headline_cards(h: dict, population: int, targets: dict) -> list[Card]:
    """Cards for the overview from ``overview.headline`` figures and the population of the selected districts."""
    on_time, prev_on_time = share(h["on_time"], h["answered"]), share(h["prev_on_time"], h["prev_answered"])
    sat, prev_sat = share(h["rated_good"], h["rated"]), share(h["prev_rated_good"], h["prev_rated"])
    rate, prev_rate = per_1000(h["items_located"], population), per_1000(h["prev_items_located"], population)
    sat_target = targets.get("satisfaction_share", 0.6)
    on_time_target = targets.get("on_time_share")
    median, prev_median = h["median_answer_days"], h["prev_median_answer_days"]
    return [
        Card("Поступило", fmt_int(h["items"]), change_text(h["items"], h["prev_items"]), "off",
             "Сообщения и обращения, поступившие за период (по дате поступления); изменение — к предыдущему "
             "периоду той же длины."),
        Card("На 1 000 жителей", fmt_num(rate, 2), change_text(rate, prev_rate), "off",
             f"Обращения с известным районом за период на 1 000 жителей выбранных районов "
             f"(население: {fmt_int(population)} чел., перепись 2020)."),
        Card("Ответов в срок", fmt_pct(on_time), change_text(on_time, prev_on_time, kind="pp"), "normal",
             "Доля ответов, данных не позже действующего срока (продлённого, если срок продлевали), среди ответов, "
             f"данных за период ({fmt_int(h['answered'])})."
             + (f" Цель: {fmt_pct(on_time_target, 0)}." if on_time_target else "")),
        Card("Просрочено сейчас", fmt_int(h["overdue"]), change_text(h["overdue"], h["prev_overdue"], kind="int"),
             "inverse",
             "Обращения без ответа, срок по которым уже истёк на момент просмотра (за всё время, с учётом фильтров, "
             "кроме периода); изменение — к концу предыдущего периода."),
        Card("Медиана ответа, дней", fmt_num(median), change_text(median, prev_median, kind="abs"), "inverse",
             "Медиана календарных дней от регистрации до ответа по ответам, данным за период. Время ответа — не время "
             "решения проблемы."),
        Card("Оценки 4–5", fmt_pct(sat), change_text(sat, prev_sat, kind="pp"), "normal",
             f"Доля оценок 4–5 среди оценённых ответов за период ({fmt_count(h['rated'], *RATINGS)}). "
             f"Цель: не менее {fmt_pct(sat_target, 0)}."),
    ]


def render_cards(cards: list[Card], *, arrows: bool = True) -> None:
    """One bordered metric per card. ``arrows=False``: second lines are breakdowns, not changes (no arrow, no colour)."""
    for col, card in zip(st.columns(len(cards)), cards):
        moved = arrows and card.delta != NO_CHANGE
        col.metric(card.label, card.value, card.delta, delta_color=card.delta_color if moved else "off",
                   delta_arrow="auto" if moved else "off", help=card.help, border=True)
