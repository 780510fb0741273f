"""«Сезонный рост»: the one rule that marks a growing problem as seasonal in the weekly note.

A pair (district × topic) that grew this week is seasonal when, in the same ISO week a year earlier, it grew
against the week before by at least half as much (on the log scale, with one item added to each count so that
zeros compare): snow in November is not a new problem. Kept in one function so that it can later point at the
seasonal comparison of ``data_access.growth``.
"""
from __future__ import annotations

import math

RULE_TEXT = ("Рост отмечен как сезонный, если год назад в ту же неделю ISO число обращений по этой паре тоже выросло "
             "к предыдущей неделе — не меньше чем наполовину от нынешнего роста (в логарифмической шкале, к каждому "
             "числу прибавлено одно обращение).")


def is_seasonal(items: int, prev_items: int, year_items: int, year_prev_items: int) -> bool:
    """Whether growth ``prev_items → items`` repeats the growth ``year_prev_items → year_items`` of the same
    week a year earlier (see the module's rule)."""
    now = math.log((items + 1) / (prev_items + 1))
    then = math.log((year_items + 1) / (year_prev_items + 1))
    return now > 0 and then > 0 and then >= now / 2
