"""Colour scales of the maps: classed, with «nice» class breaks, cool-to-hot (or diverging around zero).

Colours are RGB tuples; ``ColorScale.rgba`` gives the ``[r, g, b, a]`` lists deck.gl layers take.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

# ColorBrewer YlOrRd (cool to hot) and RdBu reversed (decrease blue, growth red), colour-blind safe.
# The palest yellow is left out of the district scales: on the plain white map it would read as «nothing».
YL_OR_RD = ((255, 255, 204), (255, 237, 160), (254, 217, 118), (254, 178, 76), (253, 141, 60),
            (252, 78, 42), (227, 26, 28), (189, 0, 38), (128, 0, 38))
BLUE_RED = ((33, 102, 172), (67, 147, 195), (146, 197, 222), (209, 229, 240),
            (253, 219, 199), (244, 165, 130), (214, 96, 77), (178, 24, 43))
# ColorBrewer Purples: hot-spot cells, distinct from the districts' colours under them.
PURPLES = ((218, 218, 235), (188, 189, 220), (158, 154, 200), (128, 125, 186), (106, 81, 163), (84, 39, 143),
           (63, 0, 125))
NO_DATA = (205, 205, 205)


@dataclass(frozen=True)
class ColorScale:
    """Classes ``[-inf, b0), [b0, b1), …, [b_last, +inf)`` with one colour each (len(colors) = len(breaks) + 1).

    ``lower``/``upper`` are the nominal ends of the first and last class, for the legend.
    """

    breaks: tuple[float, ...]
    colors: tuple[tuple[int, int, int], ...]
    lower: float
    upper: float

    def __post_init__(self) -> None:
        if len(self.colors) != len(self.breaks) + 1:
            raise ValueError("a scale needs one colour more than breaks")

    def color(self, value: float | None) -> tuple[int, int, int]:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return NO_DATA
        return self.colors[bisect_right(self.breaks, value)]

    def rgba(self, value: float | None, alpha: int = 210) -> list[int]:
        return [*self.color(value), alpha]

    def classes(self) -> list[tuple[float, float, tuple[int, int, int]]]:
        """(from, to, colour) of every class, ends taken from ``lower``/``upper``."""
        edges = (self.lower, *self.breaks, self.upper)
        return [(edges[i], edges[i + 1], c) for i, c in enumerate(self.colors)]


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k not below ``raw`` (> 0)."""
    if raw <= 0 or math.isnan(raw):
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))


def _sample(palette: tuple, n: int) -> tuple:
    if n == 1:
        return (palette[len(palette) // 2],)
    return tuple(palette[round(i * (len(palette) - 1) / (n - 1))] for i in range(n))


def sequential_scale(values, *, classes: int = 5, reverse: bool = False, floor_zero: bool = False,
                     palette: tuple = YL_OR_RD[1:]) -> ColorScale:
    """Equal classes with a nice step covering the finite ``values`` (cool = low, hot = high; ``reverse``
    for measures where low is bad, such as the on-time share). ``floor_zero`` starts the first class at zero;
    otherwise it starts at the nice step below the smallest value, so that districts of one level differ."""
    finite = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if floor_zero:
        lo = min(lo, 0.0) if lo <= 0 else 0.0
    step = nice_step((hi - lo) / classes if hi > lo else max(abs(hi), 1.0) / classes)
    start = round(math.floor(lo / step) * step, 10)
    n = max(1, min(len(palette), math.ceil((hi - start) / step - 1e-9) or 1))
    breaks = tuple(round(start + step * i, 10) for i in range(1, n))
    colors = _sample(palette, n)
    return ColorScale(breaks, colors[::-1] if reverse else colors, start, round(start + step * n, 10))


def diverging_scale(values, *, classes_each_side: int = 4, floor: float | None = None) -> ColorScale:
    """Classes symmetric around zero (blue below, red above) with a nice step, for growth rates; ``floor``: the
    least possible value (−1 for a growth rate: −100 %), below which no class is drawn."""
    finite = [abs(float(v)) for v in values if v is not None and not math.isnan(float(v))]
    top = max(finite) if finite else 1.0
    step = nice_step(top / classes_each_side if top > 0 else 0.1)
    k = max(1, min(4, math.ceil(top / step - 1e-9)))
    breaks = tuple(round(step * i, 10) for i in range(-k + 1, k))
    palette = BLUE_RED[4 - k:4 + k]
    lower = round(-step * k, 10)
    if floor is not None and lower < floor:  # e.g. «до −200 %» for a growth that cannot fall below −100 %
        cut = sum(b <= floor for b in breaks)
        breaks, palette, lower = breaks[cut:], palette[cut:], floor
    return ColorScale(breaks, palette, lower, round(step * k, 10))
