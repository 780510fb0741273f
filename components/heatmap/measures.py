"""The measures a heat map can be coloured by: Russian names, units, method, formats and colour scales."""
from __future__ import annotations

import math
from dataclasses import dataclass
from collections.abc import Callable

from components.common.formatting import NBSP, fmt_int, fmt_num, fmt_pct
from data_access.metrics.registry import METRICS, OFFSETS
from geo.colors import ColorScale, diverging_scale, sequential_scale


def fmt_growth(value: float | None) -> str:
    """A relative change as «+35,9 %» / «−12,0 %»; «нет данных» without a previous count."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "нет данных"
    sign = "+" if value >= 0 else "−"
    return f"{sign}{fmt_num(abs(value) * 100)}{NBSP}%"


def fmt_share(value: float | None) -> str:
    """A share 0..1 as «87,5 %»; «—» without answers."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return fmt_pct(value)


@dataclass(frozen=True)
class Measure:
    key: str          # the column of the figures frames
    label: str        # the selector's and the legend's title
    unit: str         # what the numbers are
    method: str       # how it is counted (shown as help / caption)
    fmt: Callable[[float | None], str]
    kind: str = "sequential"   # sequential | reverse (low is bad) | diverging (around zero)

    def scale(self, values) -> ColorScale:
        if self.kind == "diverging":  # growth rates: nothing falls below −100 %
            return diverging_scale(values, floor=-1.0)
        return sequential_scale(values, reverse=self.kind == "reverse", floor_zero=self.key in ("items", "overdue"))


MEASURES: dict[str, Measure] = {m.key: m for m in (
    Measure("per_1000", "На 1 000 жителей", "обращений на 1 000 жителей",
            "Обращения с известным районом, поступившие за период, на 1 000 жителей района (население — из "
            "профиля муниципалитета, его источник назван под картой).", lambda v: fmt_num(v, 2)),
    Measure("items", METRICS["items"].label, "обращений за период", METRICS["items_located"].method, fmt_int),
    Measure("overdue", METRICS["overdue"].label, "обращений без ответа после срока", METRICS["overdue"].method,
            fmt_int),
    Measure("on_time_share", METRICS["on_time"].label, "% ответов со сроком, данных за период",
            METRICS["on_time"].method + " Красный — меньше ответов в срок.", fmt_share, kind="reverse"),
    # the selector's entry; the comparison beside it names what the growth is against (``growth_measure``)
    Measure("growth", "Рост", f"% {OFFSETS['previous']}",
            f"Изменение числа поступивших обращений {OFFSETS['previous']}: красный — рост, синий — снижение.",
            fmt_growth, kind="diverging"),
)}
DEFAULT_MEASURE = "per_1000"


def growth_measure(comparison: str) -> Measure:
    """The growth measure against a comparison of ``data_access.queries.growth.COMPARISONS`` (label, method)."""
    from dataclasses import replace

    from data_access.queries.growth import COMPARISON_METHOD, COMPARISONS

    label = COMPARISONS[comparison][0]
    return replace(MEASURES["growth"], label=f"Рост {label}", unit="%",
                   method=f"Изменение числа поступивших обращений {COMPARISON_METHOD[comparison]}: красный — рост, "
                          "синий — снижение.")


def legend_classes(measure: Measure, scale: ColorScale) -> list[tuple[str, str]]:
    """(CSS colour, range label) per class of ``scale``, formatted for ``measure``, low to high."""
    out = []
    classes = scale.classes()
    for i, (lo, hi, color) in enumerate(classes):
        if len(classes) == 1:
            label = f"{measure.fmt(lo)} – {measure.fmt(hi)}"
        elif i == 0:
            label = f"до {measure.fmt(hi)}"
        elif i == len(classes) - 1:
            label = f"{measure.fmt(lo)} и больше"
        else:
            label = f"{measure.fmt(lo)} – {measure.fmt(hi)}"
        out.append((f"rgb({color[0]},{color[1]},{color[2]})", label))
    return out
