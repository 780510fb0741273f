"""«Растущие проблемы»: (district, topic) pairs whose volume grew against the previous equal period.

Method (conditional binomial test). With equal periods and no change, each of the n = current + previous
items of a pair falls in the current period with probability ½, so the current count is Binomial(n, ½).
A pair is listed when it has at least ``min_items`` items now, grew, and the exact one-sided p-value
P(X ≥ current) is below ``alpha``. Pairs are ranked by the strength of that evidence: the signed root of
the likelihood-ratio statistic, z = √(2·(c·ln(2c/n) + p·ln(2p/n))), which orders pairs like −log p without
underflowing for thousands of items. A pair going 1 → 3 has p ≈ 0.31 and z ≈ 1 (and too few items to be
listed), while a sharp rise over dozens of items has a large z: small counts cannot dominate.
Each pair also gets the lower confidence bound of its growth factor (Clopper–Pearson bound q of the
current share, as q / (1 − q)): «grew at least ×…».
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

MIN_ITEMS = 10
ALPHA = 0.01
CONFIDENCE = 0.95


def rank_growth(counts: pd.DataFrame, *, min_items: int = MIN_ITEMS, alpha: float = ALPHA,
                confidence: float = CONFIDENCE, limit: int | None = None) -> pd.DataFrame:
    """Rank growing pairs of ``counts`` (columns: district_id, row_id, items, prev_items, others kept).

    Adds: growth (items / prev_items − 1, NaN from zero), p_value (exact one-sided binomial), z (signed
    likelihood-ratio statistic, the ranking key), growth_low (lower ``confidence`` bound of the growth
    factor items / prev_items). Returns the listed pairs, strongest evidence first.
    """
    c = counts["items"].to_numpy(dtype="int64")
    p = counts["prev_items"].to_numpy(dtype="int64")
    keep = (c >= min_items) & (c > p)
    out = counts.loc[keep].copy()
    c, p = c[keep], p[keep]
    out["p_value"] = stats.binom.sf(c - 1, c + p, 0.5)
    share_low = stats.beta.ppf(1 - confidence, c, p + 1)
    out["growth_low"] = share_low / (1 - share_low)
    out["growth"] = np.where(p > 0, c / np.maximum(p, 1) - 1, np.nan)
    out["z"] = likelihood_ratio_z(c, p)
    out = out[out["p_value"] < alpha]
    out = out.sort_values(["z", "items"], ascending=[False, False], kind="stable")
    out = out.reset_index(drop=True)
    return out.head(limit) if limit else out


def likelihood_ratio_z(current: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Signed root of the likelihood-ratio (G) statistic of «current and previous have the same rate»:
    positive for growth. Asymptotically standard normal under no change."""
    c = np.asarray(current, dtype="float64")
    p = np.asarray(previous, dtype="float64")
    half = (c + p) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(c > 0, c * np.log(c / half), 0.0) + np.where(p > 0, p * np.log(p / half), 0.0)
    return np.sign(c - p) * np.sqrt(np.maximum(2 * terms, 0.0))
