"""«Растущие проблемы»: (district, topic) pairs whose volume grew against a comparison — the previous equal period,
the same period a year ago, or the seasonal norm (the default: a normal season is not a new problem).

Method (conditional binomial test). With equal periods and no change, each of the n = current + previous
items of a pair falls in the current period with probability ½, so the current count is Binomial(n, ½).
A pair is listed when it has at least ``min_items`` items now, grew, and the exact one-sided p-value
P(X ≥ current) is below ``alpha``. Pairs are ranked by the strength of that evidence: the signed root of
the likelihood-ratio statistic, z = √(2·(c·ln(2c/n) + p·ln(2p/n))), which orders pairs like −log p without
underflowing for thousands of items. A pair going 1 → 3 has p ≈ 0.31 and z ≈ 1 (and too few items to be
listed), while a sharp rise over dozens of items has a large z: small counts cannot dominate.
Each pair also gets the lower confidence bound of its growth factor (Clopper–Pearson bound q of the
current share, as q / (1 − q)): «grew at least ×…».

Comparisons (``COMPARISONS``). The same test with an expected ratio r of current to base counts: under «no
change» the current count is Binomial(n, r / (1 + r)); growth is c / (r·b) − 1, the growth bound is q / (1 − q) / r.
- ``previous``: b = the previous equal period, r = 1.
- ``year``: b = the same dates a year ago (``metrics.compare_filters(f, "year")``), r = 1.
- ``seasonal``: b = the same dates one and two years ago (summed; a year the store does not reach adds nothing),
  r = Σ current / Σ base over every pair of the filtered cube — the season of past years, scaled by how much
  busier the whole city is now. Snow clearing in November grows against October but not against past Novembers
  scaled by the city's level; a new problem grows against both. This is the default (``DEFAULT_COMPARISON``).
``seasonal_flags`` marks pairs that grow against the previous period only: «сезонный рост» (for the weekly note).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

MIN_ITEMS = 10
ALPHA = 0.01
CONFIDENCE = 0.95

# comparison -> (its label in the selector and the URL, the base count column of ``heatmap.growth_cube``)
COMPARISONS = {
    "seasonal": ("с учётом сезона", "seasonal_base"),
    "year": ("к тому же периоду прошлого года", "yoy_items"),
    "previous": ("к предыдущему периоду", "prev_items"),
}
DEFAULT_COMPARISON = "seasonal"
COMPARISON_METHOD = {
    "seasonal": "против сезонной нормы: те же даты одного и двух лет назад, умноженные на отношение всех обращений "
                "среза сейчас к обращениям тех же дат тех лет (снег в ноябре — норма сезона, а не новая проблема)",
    "year": "против тех же дат прошлого года",
    "previous": "против предыдущего периода той же длины",
}


def rank_growth(counts: pd.DataFrame, *, min_items: int = MIN_ITEMS, alpha: float = ALPHA,
                confidence: float = CONFIDENCE, limit: int | None = None, base: str = "prev_items",
                ratio: float = 1.0) -> pd.DataFrame:
    """Rank growing pairs of ``counts`` (columns: district_id, row_id, items, the ``base`` count, others kept).

    ``ratio``: the expected current / base ratio without change (1 for equal periods). Adds: expected
    (ratio × base), growth (items / expected − 1, NaN from zero), p_value (exact one-sided binomial), z (signed
    likelihood-ratio statistic, the ranking key), growth_low (lower ``confidence`` bound of items / expected).
    Returns the listed pairs, strongest evidence first.
    """
    c = counts["items"].to_numpy(dtype="int64")
    p = counts[base].to_numpy(dtype="int64")
    keep = (c >= min_items) & (c > ratio * p)
    out = counts.loc[keep].copy()
    c, p = c[keep], p[keep]
    share = ratio / (1 + ratio)
    out["expected"] = ratio * p
    out["p_value"] = stats.binom.sf(c - 1, c + p, share)
    share_low = stats.beta.ppf(1 - confidence, c, p + 1)
    out["growth_low"] = share_low / (1 - share_low) / ratio
    out["growth"] = np.where(p > 0, c / np.maximum(ratio * p, 1e-12) - 1, np.nan)
    out["z"] = likelihood_ratio_z(c, p, share)
    out = out[out["p_value"] < alpha]
    out = out.sort_values(["z", "items"], ascending=[False, False], kind="stable")
    out = out.reset_index(drop=True)
    return out.head(limit) if limit else out


def level_ratio(cube: pd.DataFrame, comparison: str) -> float:
    """The expected current / base ratio of ``comparison``: 1 for equal periods; for ``seasonal`` the whole
    cube's items over its seasonal base (1 when the store has no past years)."""
    if comparison != "seasonal":
        return 1.0
    base = float(cube["seasonal_base"].sum())
    return float(cube["items"].sum()) / base if base > 0 else 1.0


def rank_comparison(cube: pd.DataFrame, comparison: str = DEFAULT_COMPARISON, **kw) -> pd.DataFrame:
    """``rank_growth`` of a ``heatmap.growth_cube`` against ``comparison`` (``COMPARISONS``)."""
    return rank_growth(cube, base=COMPARISONS[comparison][1], ratio=level_ratio(cube, comparison), **kw)


def pair_growth(cube: pd.DataFrame, comparison: str, by: list[str]) -> pd.DataFrame:
    """Growth of the counts of ``cube`` summed over ``by`` against ``comparison``: columns ``by``, items, expected,
    growth (items / expected − 1; NaN where nothing was expected). The ratio is the whole cube's."""
    base = COMPARISONS[comparison][1]
    ratio = level_ratio(cube, comparison)
    out = cube.groupby(by, as_index=False)[["items", base]].sum()
    out["expected"] = ratio * out[base]
    out["growth"] = (out["items"] / out["expected"].where(out["expected"] > 0) - 1).astype("float64")
    return out[[*by, "items", "expected", "growth"]]


def seasonal_flags(cube: pd.DataFrame, **kw) -> pd.DataFrame:
    """Every pair with significant growth against the previous period or the seasonal norm: district_id, row_id,
    vs_previous, vs_season (bools) and ``seasonal`` — grows against the previous period but not against the
    season: a seasonal rise, not a new problem. For the weekly note and any page that wants to mark it."""
    prev = rank_comparison(cube, "previous", **kw)[["district_id", "row_id"]].assign(vs_previous=True)
    season = rank_comparison(cube, "seasonal", **kw)[["district_id", "row_id"]].assign(vs_season=True)
    out = prev.merge(season, on=["district_id", "row_id"], how="outer")
    out[["vs_previous", "vs_season"]] = out[["vs_previous", "vs_season"]].astype("boolean").fillna(False).astype(bool)
    out["seasonal"] = out["vs_previous"] & ~out["vs_season"]
    return out.astype({"district_id": "int64", "row_id": "int64"}).reset_index(drop=True)


def likelihood_ratio_z(current: np.ndarray, previous: np.ndarray, share: float = 0.5) -> np.ndarray:
    """Signed root of the likelihood-ratio (G) statistic of «the current count is a ``share`` of current +
    previous» (½: equal rates): positive for growth. Asymptotically standard normal under no change."""
    c = np.asarray(current, dtype="float64")
    p = np.asarray(previous, dtype="float64")
    n = c + p
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (np.where(c > 0, c * np.log(c / (n * share)), 0.0)
                 + np.where(p > 0, p * np.log(p / (n * (1 - share))), 0.0))
    return np.sign(c - share / (1 - share) * p) * np.sqrt(np.maximum(2 * terms, 0.0))
