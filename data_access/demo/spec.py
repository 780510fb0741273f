"""The demo-data parameters of a profile (``demo.toml``): topic seasons, executors' habits, streets, people."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass

from data_access.domain.profile import Profile

DEFAULT_HABITS = {"late": 0.08, "speed": 0.55, "rework": 0.05, "reject": 0.03, "fast_track": 0.04}


@dataclass(frozen=True)
class DemoSpec:
    channel_weights: dict
    pos_appeal_share: float
    topics: dict          # topic name -> {weight, season[12], phrases, district_share}
    habits: dict          # executor name -> habit dict (with defaults filled in)
    emerging: dict
    streets: dict         # district name -> [street, ...]
    people: dict


def load_demo_spec(profile: Profile) -> DemoSpec:
    """Read ``demo.toml`` from the profile folder; a profile without one gets neutral defaults."""
    path = profile.folder / "demo.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    channels = dict(data.get("channels", {}))
    appeal_share = float(channels.pop("pos_appeal_share", 0.0))
    weights = {c.code: float(channels.get(c.code, 1.0)) for c in profile.channels}
    default = {**DEFAULT_HABITS, **data.get("habits", {}).get("default", {})}
    habits = {e.name: {**default, **data.get("habits", {}).get(e.name, {})} for e in profile.executors}
    topics = {}
    for sector in profile.sectors:
        for name in sector.topics:
            spec = data.get("topics", {}).get(name, {})
            topics[name] = {
                "weight": float(spec.get("weight", 1.0)),
                "season": [float(x) for x in spec.get("season", [1.0] * 12)],
                "phrases": list(spec.get("phrases", [f"проблема: {name.lower()}"])),
                "district_share": float(spec.get("district_share", 0.0)),
            }
    streets = {d.name: list(data.get("streets", {}).get(d.name, ["ул. Центральная", "ул. Садовая", "ул. Мира"]))
               for d in profile.districts}
    people = data.get("people") or {
        "male_first": ["Иван"], "female_first": ["Мария"], "male_patronymic": ["Иванович"],
        "female_patronymic": ["Ивановна"], "male_last": ["Иванов"], "female_last": ["Иванова"],
        "email_domains": ["mail.ru"], "phone_codes": ["900"],
    }
    return DemoSpec(weights, appeal_share, topics, habits, dict(data.get("emerging", {})), streets, people)
