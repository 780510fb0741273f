"""Pure builders of the satisfaction page: headline cards, breakdown and «drivers» tables, repeat places."""
from __future__ import annotations

import h3
import pandas as pd

from components.common.formatting import ITEMS_GEN, RATINGS, change_text, fmt_count, fmt_int, fmt_num, fmt_pct, share
from components.common.kpi import Card
from components.common.metric_text import fmt_metric, metric_help
from data_access.metrics.registry import METRICS as M
from data_access.metrics.rating_method import wilson_interval

DIMENSION_TABS = {"sector": "Отраслевые блоки", "district": "Районы", "executor": "Исполнители", "channel": "Каналы"}
DIMENSION_TITLES = {"sector": "Отраслевой блок", "district": "Район", "executor": "Исполнитель",
                    "channel": "Канал", "topic": "Тема"}


def satisfaction_cards(s: dict, repeats: int, located: int, target: float, repeat_days: int) -> list[Card]:
    """Headline cards from ``satisfaction.summary`` and the repeat complaints of the period."""
    sat, prev_sat = share(s["rated_good"], s["rated"]), share(s["prev_rated_good"], s["prev_rated"])
    mean, prev_mean = share(s["rating_sum"], s["rated"]), share(s["prev_rating_sum"], s["prev_rated"])
    cov, prev_cov = share(s["rated"], s["answered"]), share(s["prev_rated"], s["prev_answered"])
    rew, prev_rew = share(s["reworked"], s["answered"]), share(s["prev_reworked"], s["prev_answered"])
    return [
        Card(M["rated_good"].label, fmt_metric("rated_good", sat), change_text(sat, prev_sat, kind="pp"), "normal",
             metric_help("rated_good", {"satisfaction_share": target}, offset="previous",
                         extra=f"Оценено: {fmt_count(s['rated'], *RATINGS)}.")),
        Card("Средняя оценка", fmt_num(mean, 2), _mean_change(mean, prev_mean), "normal",
             "Среднее оценок 1–5 по оценённым ответам за период. Смотрите вместе с распределением: среднее "
             "скрывает долю единиц."),
        Card("Оценено ответов", fmt_metric("rated", cov), change_text(cov, prev_cov, kind="pp"), "off",
             metric_help("rated", extra=f"{fmt_int(s['rated'])} из {fmt_int(s['answered'])}.")),
        Card(M["reworked"].label, fmt_metric("reworked", rew), change_text(rew, prev_rew, kind="pp"), "inverse",
             metric_help("reworked")),
        Card("Повторные обращения", fmt_pct(share(repeats, located)), None, "off",
             f"Обращения за период, по которым в той же ячейке карты H3 (≈ 0,1 км²) и по той же теме уже было "
             f"обращение не раньше чем за {repeat_days} дн. (по любому каналу): {fmt_int(repeats)} из "
             f"{fmt_count(located, *ITEMS_GEN)} с местом."),
    ]


def _mean_change(current: float | None, previous: float | None) -> str | None:
    if current is None or previous is None:
        return None
    diff = round(current - previous, 2)
    return f"{'+' if diff >= 0 else '-'}{fmt_num(abs(diff), 2)}"


def with_wilson(bd: pd.DataFrame, confidence: float) -> pd.DataFrame:
    """Adds satisfaction (share 4–5), mean rating, coverage, and the Wilson interval (low, high)."""
    out = bd.copy()
    out["satisfaction"] = out["rated_good"] / out["rated"].where(out["rated"] > 0)
    out["mean"] = out["rating_sum"] / out["rated"].where(out["rated"] > 0)
    out["coverage"] = out["rated"] / out["answered"].where(out["answered"] > 0)
    out["low"], out["high"] = wilson_interval(out["rated_good"], out["rated"], confidence)
    return out


def _interval(low, high) -> str:
    return "—" if pd.isna(low) else f"{fmt_num(low * 100, 0)}–{fmt_num(high * 100, 0)} %"


def breakdown_frame(bd: pd.DataFrame, dimension: str, names: dict, urls: list[str]) -> pd.DataFrame:
    """Rows of one dimension of ``with_wilson(breakdown)`` as Russian text columns, most answers first."""
    return pd.DataFrame({
        DIMENSION_TITLES[dimension]: bd["key"].map(lambda k: names.get(k, f"№ {k}")),
        "Ответов": bd["answered"].map(fmt_int),
        "Оценено": [f"{fmt_int(r)} ({fmt_pct(c)})" for r, c in zip(bd["rated"], bd["coverage"])],
        "Оценки 4–5": bd["satisfaction"].map(lambda v: "—" if pd.isna(v) else fmt_pct(v)),
        "Интервал 95 %": [_interval(lo, hi) for lo, hi in zip(bd["low"], bd["high"])],
        "Средняя оценка": bd["mean"].map(lambda v: "—" if pd.isna(v) else fmt_num(v, 2)),
        "Обращения": urls,
    })


def drivers(bd: pd.DataFrame, min_ratings: int, limit: int = 10) -> pd.DataFrame:
    """The lowest satisfaction among rows with at least ``min_ratings`` ratings: ordered by the upper bound
    of the Wilson interval (surely low first), then by the share. ``bd``: rows of ``with_wilson``."""
    enough = bd[bd["rated"] >= min_ratings]
    return enough.sort_values(["high", "satisfaction", "key"]).head(limit)


def drivers_frame(d: pd.DataFrame, dimension: str, names: dict, urls: list[str]) -> pd.DataFrame:
    return pd.DataFrame({
        DIMENSION_TITLES[dimension]: d["key"].map(lambda k: names.get(k, f"№ {k}")),
        "Оценок": d["rated"].map(fmt_int),
        "Оценки 4–5": d["satisfaction"].map(fmt_pct),
        "Не выше (95 %)": d["high"].map(fmt_pct),
        "Оценки 1–2": [fmt_pct((a + b) / n) for a, b, n in zip(d["r1"], d["r2"], d["rated"])],
        "Обращения": urls,
    })


def cell_hex(cell: int) -> str:
    """The H3 cell of the store (signed 64-bit integer) as the usual hex string."""
    return h3.int_to_str(int(cell) & 0xFFFFFFFFFFFFFFFF)


def places_frame(p: pd.DataFrame, urls: list[str]) -> pd.DataFrame:
    """``satisfaction.repeat_places`` as Russian text columns (no citizens' texts: an address of the cell only)."""
    return pd.DataFrame({
        "Район": p["district"].fillna("без района"),
        "Тема": p["topic"],
        "Адрес (дом в ячейке)": p["address"].fillna("—"),
        "Повторных": p["repeats"].map(fmt_int),
        "Всего обращений": p["items"].map(fmt_int),
        "Обращения": urls,
    })
