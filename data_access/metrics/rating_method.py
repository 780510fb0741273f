"""The rating method as pure functions: the profile's rating.toml, component scores, the index, ranks, zones.

Everything here works on the small aggregated DataFrame of ``data_access.queries.rating`` (one row per
executor, counts and medians) and never touches the store, so the maths can be checked by hand.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd

from data_access.metrics.registry import AT_PERIOD_END, ON_TIME_RULE, REGISTRATION_RULE

# Component code -> Russian name and how its score (0..1, higher is better) is computed; the shared rules
# («в срок», «от регистрации», «на конец периода») are the registry's texts.
COMPONENTS = {
    "on_time": ("Ответы в срок", f"доля ответов в срок среди ответов со сроком за период: {ON_TIME_RULE}"),
    "completeness": ("Полнота по существу", "доля ответов по существу (не отклонено, не перенаправлено, "
                                            "не возвращено на доработку) среди ответов за период"),
    "satisfaction": ("Удовлетворенность", "доля оценок 4–5 среди оценённых ответов за период "
                                          "(если оценок не меньше порога)"),
    "speed": ("Скорость", f"1 − медиана доли действующего срока, израсходованной {REGISTRATION_RULE} до ответа "
                          "(0, если медиана за пределами срока)"),
    "rework": ("Без доработки", "1 − доля ответов за период, возвращённых на доработку"),
    "overdue": ("Без просрочки", f"1 − доля просроченных среди находящихся в работе {AT_PERIOD_END} "
                                 "(1, если в работе ничего нет)"),
}
DEFAULT_WEIGHTS = {"on_time": 0.30, "completeness": 0.20, "satisfaction": 0.20, "speed": 0.10,
                   "rework": 0.10, "overdue": 0.10}
ZONES = {"green": "зелёная", "yellow": "жёлтая", "red": "красная"}


@dataclass(frozen=True)
class Scope:
    code: str
    title: str
    channels: tuple[str, ...]  # channel codes; empty = all channels


@dataclass(frozen=True)
class RatingMethod:
    """Parameters of the rating (hashable: it is part of cache keys)."""

    weights: tuple[tuple[str, float], ...] = tuple(DEFAULT_WEIGHTS.items())
    min_items: int = 10
    min_ratings: int = 5
    green_from: float = 80.0
    yellow_from: float = 70.0
    excluded_statuses: tuple[str, ...] = ("rejected", "forwarded")
    max_reopened: int = 0
    scopes: tuple[Scope, ...] = (Scope("all", "Общий", ()),)
    sat_min_ratings: int = 20
    sat_confidence: float = 0.95
    repeat_days: int = 30

    @property
    def weight(self) -> dict[str, float]:
        return dict(self.weights)


def load_rating_method(folder: Path) -> RatingMethod:
    """Read ``rating.toml`` of a profile folder; the defaults of ``RatingMethod`` where it is silent."""
    path = Path(folder) / "rating.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    r, s = data.get("rating", {}), data.get("satisfaction", {})
    weights = {**DEFAULT_WEIGHTS, **r.get("weights", {})}
    unknown = set(weights) - set(COMPONENTS)
    if unknown:
        raise ValueError(f"rating.toml: неизвестные составляющие индекса: {', '.join(sorted(unknown))}")
    base = RatingMethod()
    zones, comp = r.get("zones", {}), r.get("completeness", {})
    scopes = tuple(Scope(x["code"], x["title"], tuple(x.get("channels", []))) for x in r.get("scopes", [])) \
        or base.scopes
    return RatingMethod(
        weights=tuple((k, float(v)) for k, v in weights.items()),
        min_items=int(r.get("min_items", base.min_items)),
        min_ratings=int(r.get("min_ratings", base.min_ratings)),
        green_from=float(zones.get("green", base.green_from)),
        yellow_from=float(zones.get("yellow", base.yellow_from)),
        excluded_statuses=tuple(comp.get("excluded_statuses", base.excluded_statuses)),
        max_reopened=int(comp.get("max_reopened", base.max_reopened)),
        scopes=scopes,
        sat_min_ratings=int(s.get("min_ratings", base.sat_min_ratings)),
        sat_confidence=float(s.get("confidence", base.sat_confidence)),
        repeat_days=int(s.get("repeat_days", base.repeat_days)),
    )


def _ratio(part: pd.Series, whole: pd.Series) -> pd.Series:
    whole = whole.astype("float64")
    return part.astype("float64") / whole.where(whole > 0)


def add_measures(df: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
    """Shares from the counts of ``rating.rating_table``: on_time_share, completeness, satisfaction,
    rework_share, overdue_share (NaN where the base is zero)."""
    p = prefix
    out = df.copy()
    out[p + "on_time_share"] = _ratio(df[p + "on_time"], df[p + "on_time_base"] if p + "on_time_base" in df
                                      else df[p + "answered"])
    out[p + "completeness"] = _ratio(df[p + "substantive"], df[p + "answered"])
    out[p + "satisfaction"] = _ratio(df[p + "rated_good"], df[p + "rated"])
    out[p + "rework_share"] = _ratio(df[p + "reworked"], df[p + "answered"])
    out[p + "overdue_share"] = _ratio(df[p + "overdue_now"], df[p + "open_now"])
    return out


def component_scores(df: pd.DataFrame, method: RatingMethod, prefix: str = "") -> pd.DataFrame:
    """Scores 0..1 of each component (columns ``s_<component>``); NaN where the executor has no data."""
    p = prefix
    m = add_measures(df, prefix)
    out = pd.DataFrame(index=df.index)
    out["s_on_time"] = m[p + "on_time_share"]
    out["s_completeness"] = m[p + "completeness"]
    out["s_satisfaction"] = m[p + "satisfaction"].where(df[p + "rated"] >= method.min_ratings)
    out["s_speed"] = (1 - df[p + "median_term_used"].astype("float64")).clip(lower=0, upper=1)
    out["s_rework"] = 1 - m[p + "rework_share"]
    out["s_overdue"] = (1 - m[p + "overdue_share"]).where(df[p + "open_now"] > 0, 1.0)
    return out


def composite_index(scores: pd.DataFrame, method: RatingMethod) -> pd.Series:
    """100 × Σ wᵢ·sᵢ / Σ wᵢ over the components with data (NaN if none has data)."""
    num = pd.Series(0.0, index=scores.index)
    den = pd.Series(0.0, index=scores.index)
    for name, w in method.weights:
        s = scores[f"s_{name}"]
        num += (s * w).fillna(0.0)
        den += s.notna() * w
    return (100 * num / den.where(den > 0)).astype("float64")


def zone_of(index: float, method: RatingMethod) -> str | None:
    if index is None or (isinstance(index, float) and math.isnan(index)):
        return None
    return "green" if index >= method.green_from else "yellow" if index >= method.yellow_from else "red"


def rank_frame(df: pd.DataFrame, method: RatingMethod, prefix: str = "") -> pd.DataFrame:
    """Index, eligibility, rank and zone for one period.

    Eligible: at least ``min_items`` items received and an index. Rank: by the index rounded to tenths (as
    shown), highest first; equal indexes share the place and the next place skips («1, 2, 2, 4»).
    """
    scores = component_scores(df, method, prefix)
    out = pd.concat([df[["key"]], scores], axis=1)
    out["index"] = composite_index(scores, method)
    out["eligible"] = (df[prefix + "items"] >= method.min_items) & out["index"].notna()
    shown = out["index"].round(1).where(out["eligible"])
    out["rank"] = shown.rank(method="min", ascending=False).astype("Int64")
    out["zone"] = [zone_of(i, method) if e else None for i, e in zip(out["index"], out["eligible"])]
    return out


def rating(df: pd.DataFrame, method: RatingMethod) -> pd.DataFrame:
    """The rating table: current measures, scores, index, rank, zone, and ``prev_rank`` / ``rank_change``
    against the previous equal period (positive = moved up; NA if not ranked in either period).

    ``df``: the output of ``rating.rating_table`` (columns ``<count>`` and ``prev_<count>``).
    Rows: ranked executors first by rank, then the unranked ones; within a place, most items first, then key.
    """
    cur = rank_frame(df, method)
    prev = rank_frame(df, method, prefix="prev_")
    out = add_measures(df).join(cur.drop(columns="key"))
    out["prev_index"] = prev["index"].where(prev["eligible"])
    out["prev_rank"] = prev["rank"]
    out["rank_change"] = (out["prev_rank"] - out["rank"]).astype("Int64")
    out["_order"] = np.where(out["eligible"], 0, 1)
    out = out.sort_values(["_order", "rank", "items", "key"], ascending=[True, True, False, True],
                          na_position="last", kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def rank_change_text(change, prev_rank) -> str:
    """«▲ 2», «▼ 1», «=» or «новый» (not ranked in the previous period)."""
    if prev_rank is None or pd.isna(prev_rank):
        return "новый"
    if change is None or pd.isna(change):
        return "—"
    return "=" if change == 0 else f"▲ {int(change)}" if change > 0 else f"▼ {int(-change)}"


def wilson_interval(good: pd.Series | int, n: pd.Series | int, confidence: float = 0.95):
    """Wilson score interval (low, high) of a share good/n; NaN where n = 0."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    good = np.asarray(good, dtype="float64")
    n = np.asarray(n, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        p = good / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low, high = np.where(n > 0, centre - half, np.nan), np.where(n > 0, centre + half, np.nan)
    return low, high
