"""The rating maths on small hand-built tables whose right answers are worked out below."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from data_access.metrics.rating_method import (
    RatingMethod, composite_index, component_scores, load_rating_method, rank_change_text, rating, wilson_interval, zone_of,
)

COUNTS = ("items", "answered", "on_time", "substantive", "rated", "rated_good", "reworked", "open_now", "overdue_now")


def table(rows: list[dict]) -> pd.DataFrame:
    """Aggregated rows as ``rating.rating_table`` returns them; unspecified counts are 0, medians NaN."""
    full = []
    for r in rows:
        row = {"key": r["key"]}
        for prefix in ("", "prev_"):
            for c in COUNTS:
                row[prefix + c] = r.get(prefix + c, 0)
            for c in ("median_answer_hours", "median_term_used"):
                row[prefix + c] = r.get(prefix + c, math.nan)
        full.append(row)
    return pd.DataFrame(full)


ON_TIME_ONLY = RatingMethod(weights=(("on_time", 1.0), ("completeness", 0.0), ("satisfaction", 0.0),
                                     ("speed", 0.0), ("rework", 0.0), ("overdue", 0.0)),
                            min_items=10, green_from=80, yellow_from=70)


def test_index_formula_by_hand():
    df = table([
        # on time 8/10 = 0.8; on substance 9/10 = 0.9; rated 4–5: 4/5 = 0.8; speed 1 − 0.25 = 0.75;
        # without rework 1 − 1/10 = 0.9; without overdue 1 − 1/4 = 0.75.
        # 100 × (0.3·0.8 + 0.2·0.9 + 0.2·0.8 + 0.1·0.75 + 0.1·0.9 + 0.1·0.75) = 82.0
        dict(key=1, items=12, answered=10, on_time=8, substantive=9, rated=5, rated_good=4, reworked=1,
             open_now=4, overdue_now=1, median_term_used=0.25),
        # only 4 ratings (< min_ratings 5): satisfaction leaves the index and the weights are renormalised:
        # 100 × (0.24 + 0.18 + 0.075 + 0.09 + 0.075) / 0.8 = 82.5
        dict(key=2, items=12, answered=10, on_time=8, substantive=9, rated=4, rated_good=4, reworked=1,
             open_now=4, overdue_now=1, median_term_used=0.25),
        # nothing in work: «without overdue» = 1; median beyond the deadline: speed 0;
        # 100 × (0.3·1 + 0.2·1 + 0.2·0 + 0.1·0 + 0.1·1 + 0.1·1) = 70.0
        dict(key=3, items=12, answered=5, on_time=5, substantive=5, rated=5, rated_good=0, reworked=0,
             open_now=0, overdue_now=0, median_term_used=1.4),
    ])
    method = RatingMethod(min_ratings=5)
    scores = component_scores(df, method)
    assert scores.loc[0].tolist() == pytest.approx([0.8, 0.9, 0.8, 0.75, 0.9, 0.75])
    assert math.isnan(scores.loc[1, "s_satisfaction"])
    assert scores.loc[2, "s_speed"] == 0 and scores.loc[2, "s_overdue"] == 1
    assert composite_index(scores, method).tolist() == pytest.approx([82.0, 82.5, 70.0])


def test_ranks_ties_minimum_volume_and_rank_change():
    df = table([
        dict(key=1, items=20, answered=10, on_time=9, prev_items=10, prev_answered=10, prev_on_time=10),
        dict(key=2, items=15, answered=10, on_time=9, prev_items=5, prev_answered=5, prev_on_time=5),
        dict(key=3, items=12, answered=4, on_time=3, prev_items=10, prev_answered=10, prev_on_time=5),
        dict(key=4, items=9, answered=10, on_time=10, prev_items=10, prev_answered=10, prev_on_time=8),
        dict(key=5, items=30, answered=20, on_time=19, prev_items=10, prev_answered=10, prev_on_time=5),
        dict(key=6, items=10, answered=0, on_time=0),
    ])
    out = rating(df, ON_TIME_ONLY).set_index("key")
    # Current: 5 → 95, 1 → 90, 2 → 90 (tie), 3 → 75; 4 has 9 items (< 10) and 6 no answers: not ranked.
    assert out["index"].drop(6).to_dict() == pytest.approx({5: 95.0, 1: 90.0, 2: 90.0, 3: 75.0, 4: 100.0})
    assert math.isnan(out.loc[6, "index"])
    ranks = {k: (None if pd.isna(v) else int(v)) for k, v in out["rank"].items()}
    assert ranks == {5: 1, 1: 2, 2: 2, 3: 4, 4: None, 6: None}
    # Previous: 1 → 100 (1st), 4 → 80 (2nd), 3 and 5 → 50 (3rd, tie); 2 had 5 items: not ranked.
    prev = {k: (None if pd.isna(v) else int(v)) for k, v in out["prev_rank"].items()}
    assert prev == {1: 1, 4: 2, 3: 3, 5: 3, 2: None, 6: None}
    change = {k: (None if pd.isna(v) else int(v)) for k, v in out["rank_change"].items()}
    assert change == {5: 2, 1: -1, 3: -1, 2: None, 4: None, 6: None}
    # Ranked ones first by place (tie: more items first), then the unranked ones by items.
    assert list(out.index) == [5, 1, 2, 3, 6, 4]
    zones = {k: v if isinstance(v, str) else None for k, v in out["zone"].items()}
    assert zones == {5: "green", 1: "green", 2: "green", 3: "yellow", 4: None, 6: None}
    texts = [rank_change_text(out.loc[k, "rank_change"], out.loc[k, "prev_rank"]) for k in (5, 1, 2)]
    assert texts == ["▲ 2", "▼ 1", "новый"]


def test_ties_are_on_the_index_as_shown():
    """85.04 and 84.96 are both shown as 85,0: they share the place; 84.94 (84,9) is next but one."""
    df = table([dict(key=1, items=10, answered=10_000, on_time=8_504),
                dict(key=2, items=10, answered=10_000, on_time=8_496),
                dict(key=3, items=10, answered=10_000, on_time=8_494)])
    out = rating(df, ON_TIME_ONLY).set_index("key")
    assert out["rank"].astype(int).to_dict() == {1: 1, 2: 1, 3: 3}


def test_zone_thresholds():
    m = RatingMethod(green_from=80, yellow_from=70)
    zones = [zone_of(x, m) for x in (100, 80, 79.99, 70, 69.99, 0)]
    assert zones == ["green", "green", "yellow", "yellow", "red", "red"]
    assert zone_of(float("nan"), m) is None
    assert rank_change_text(0, 3) == "=" and rank_change_text(pd.NA, pd.NA) == "новый"


def test_wilson_interval_by_hand():
    # 8 of 10 at 95 %: z = 1.95996; centre (0.8 + z²/20) / (1 + z²/10) = 0.71681,
    # half-width z·√(0.016 + z²/400) / (1 + z²/10) = 0.22656.
    low, high = wilson_interval([8, 0], [10, 0])
    assert low[0] == pytest.approx(0.49025, abs=1e-4) and high[0] == pytest.approx(0.94337, abs=1e-4)
    assert math.isnan(low[1]) and math.isnan(high[1])
    # three votes of 1 say less than thirty: the upper bound is far higher
    assert wilson_interval(0, 3)[1] > 0.5 > wilson_interval(0, 30)[1]


def test_profile_method_is_read(profile):
    method = load_rating_method(profile.folder)
    assert sum(method.weight.values()) == pytest.approx(1.0)
    assert method.min_items == 10 and method.green_from == 80 and method.yellow_from == 70
    assert [s.code for s in method.scopes] == ["all", "pos", "im"]
    assert method.scopes[2].channels == ("im", "gospabliki")
    assert method.excluded_statuses == ("rejected", "forwarded") and method.repeat_days == 30


def test_unknown_weight_is_refused(tmp_path):
    (tmp_path / "rating.toml").write_text("[rating.weights]\nspeed = 1\nbeauty = 2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="beauty"):
        load_rating_method(tmp_path)
    assert load_rating_method(tmp_path / "missing") == RatingMethod()
