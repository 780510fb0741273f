"""Headline figures: a pure builder of cards (value, change, method) and a thin renderer."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components.common.formatting import NO_CHANGE, change_text, fmt_int, fmt_num, share
from components.common.metric_text import fmt_metric, metric_help
from data_access.metrics.registry import METRICS, OFFSETS


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None
    delta_color: str   # "normal": growth is good; "inverse": growth is bad; "off": neutral
    help: str          # the method, shown next to the figure


def per_1000(items: int, population: int) -> float | None:
    return None if not population else items / population * 1000


def _base(h: dict, key: str, prefix: str = "") -> int:
    """The denominator of a share: ``<key>_base`` from the registry (old frames: answered / rated)."""
    fallback = {"on_time": "answered", "rated_good": "rated"}[key]
    return h.get(prefix + key + "_base", h.get(prefix + fallback, 0))


def _year_text(h: dict, key: str) -> str:
    """«К тому же периоду прошлого года: +12,0 % (было 1 234).» — growth against the season."""
    if "yoy_" + key not in h:
        return ""
    change = change_text(h[key], h["yoy_" + key])
    return (f"{OFFSETS['year'].capitalize()}: {change or 'нет данных'} (было {fmt_int(h['yoy_' + key])}).")


def headline_cards(h: dict, population: int, targets: dict) -> list[Card]:
    """Cards for the overview from ``overview.headline`` figures and the population of the selected districts.

    Labels, formats, methods and targets come from the metric registry (``data_access.metrics.registry``)."""
    on_time, prev_on_time = share(h["on_time"], _base(h, "on_time")), share(h["prev_on_time"], _base(h, "on_time", "prev_"))
    sat, prev_sat = share(h["rated_good"], _base(h, "rated_good")), share(h["prev_rated_good"],
                                                                           _base(h, "rated_good", "prev_"))
    rate, prev_rate = per_1000(h["items_located"], population), per_1000(h["prev_items_located"], population)
    median, prev_median = h["median_answer_days"], h["prev_median_answer_days"]
    no_deadline = h.get("no_deadline", 0)
    M = METRICS
    return [
        Card(M["items"].label, fmt_metric("items", h["items"]), change_text(h["items"], h["prev_items"]), "off",
             metric_help("items", offset="previous", extra=_year_text(h, "items"))),
        Card("На 1 000 жителей", fmt_num(rate, 2), change_text(rate, prev_rate), "off",
             f"{M['items_located'].method} На 1 000 жителей выбранных районов "
             f"(население: {fmt_int(population)} чел., перепись 2020)."),
        Card(M["on_time"].label, fmt_metric("on_time", on_time), change_text(on_time, prev_on_time, kind="pp"),
             "normal", metric_help("on_time", targets, extra=f"Ответов со сроком: {fmt_int(_base(h, 'on_time'))}"
                                   + (f"; без срока: {fmt_int(no_deadline)}." if no_deadline else "."))),
        Card(M["overdue"].label, fmt_metric("overdue", h["overdue"]),
             change_text(h["overdue"], h["prev_overdue"], kind="int"), "inverse",
             metric_help("overdue", extra="Изменение — к концу предыдущего периода.")),
        Card(M["median_answer_days"].label, fmt_metric("median_answer_days", median),
             change_text(median, prev_median, kind="abs"), "inverse", metric_help("median_answer_days")),
        Card(M["rated_good"].label, fmt_metric("rated_good", sat), change_text(sat, prev_sat, kind="pp"), "normal",
             metric_help("rated_good", targets | {"satisfaction_share": targets.get("satisfaction_share", 0.6)},
                         extra=f"Оценок: {fmt_int(_base(h, 'rated_good'))}.")),
    ]


def render_cards(cards: list[Card], *, arrows: bool = True) -> None:
    """One bordered metric per card. ``arrows=False``: second lines are breakdowns, not changes (no arrow, no colour)."""
    for col, card in zip(st.columns(len(cards)), cards):
        moved = arrows and card.delta != NO_CHANGE
        col.metric(card.label, card.value, card.delta, delta_color=card.delta_color if moved else "off",
                   delta_arrow="auto" if moved else "off", help=card.help, border=True)
