"""The municipality profile: a folder of data (profile.toml, boundaries, population, calendar overrides).

Chosen by ``MCU_PROFILE`` (a folder name under ``profiles/`` or a path); Krasnoyarsk is the default.
"""
from __future__ import annotations

import csv
import json
import os
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROFILES_DIR = PROJECT_ROOT / "profiles"
DEFAULT_PROFILE = "krasnoyarsk"

UNITS = ("work_days", "calendar_days", "work_hours", "hours")


class ProfileError(ValueError):
    """A profile folder that cannot be read; the message is in Russian for the user."""


@dataclass(frozen=True)
class Channel:
    code: str
    name: str
    kinds: tuple[str, ...]
    unit: str
    term: int
    extension_max: int


@dataclass(frozen=True)
class Sector:
    code: str
    name: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Executor:
    name: str
    sector: str | None = None
    district: str | None = None
    also_sectors: tuple[str, ...] = ()


@dataclass(frozen=True)
class District:
    name: str
    population: int
    area_km2: float | None


@dataclass(frozen=True)
class Profile:
    key: str
    folder: Path
    name: str
    full_name: str
    timezone: str
    holiday_country: str
    working_hours: tuple[str, str]
    districts: tuple[District, ...]
    channels: tuple[Channel, ...]
    sectors: tuple[Sector, ...]
    executors: tuple[Executor, ...]
    targets: dict = field(default_factory=dict, hash=False, compare=False)
    boundaries_file: Path | None = None
    boundary_name_property: str = "name"
    boundary_name_strip: str = ""
    population_source: str = ""
    calendar_overrides_file: Path | None = None
    map_center: tuple[float, float] = (0.0, 0.0)
    map_zoom: float = 10.0

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def utc_offset_seconds(self, at: datetime | None = None) -> int:
        """UTC offset of the municipality's zone, in seconds.

        Russian zones keep one offset all year (no daylight saving since 2014), which lets the SQL
        turn instants into local days with plain arithmetic on both engines.
        """
        at = at or datetime(2025, 1, 1)
        return int(self.tz.utcoffset(at.replace(tzinfo=None)).total_seconds())

    def local_midnight(self, day: date) -> datetime:
        """The instant (aware, municipality zone) at which a local calendar day begins."""
        return datetime(day.year, day.month, day.day, tzinfo=self.tz)

    def local_day_bounds(self, first: date, last: date) -> tuple[datetime, datetime]:
        """[start, end) instants of the local days first..last inclusive."""
        return self.local_midnight(first), self.local_midnight(last + timedelta(days=1))

    def channel(self, code: str) -> Channel:
        return next(c for c in self.channels if c.code == code)

    def boundary_geojson(self) -> dict | None:
        """District boundaries as GeoJSON with a ``district`` property matching the district names."""
        if not self.boundaries_file or not self.boundaries_file.exists():
            return None
        data = json.loads(self.boundaries_file.read_text(encoding="utf-8"))
        for feature in data.get("features", []):
            props = feature.setdefault("properties", {})
            raw = str(props.get(self.boundary_name_property, ""))
            props["district"] = raw.removesuffix(self.boundary_name_strip) if self.boundary_name_strip else raw
        return data


def _read_population(path: Path) -> tuple[District, ...]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        area = row.get("official_area_km2") or row.get("area_km2")
        out.append(District(row["district"].strip(), int(row["population"]), float(area) if area else None))
    return tuple(out)


def load_profile(key_or_path: str | os.PathLike | None = None) -> Profile:
    """Read a profile folder. ``None`` means ``MCU_PROFILE`` or the default (Krasnoyarsk)."""
    raw = key_or_path or os.environ.get("MCU_PROFILE") or DEFAULT_PROFILE
    folder = Path(raw)
    if not folder.is_dir():
        folder = PROFILES_DIR / str(raw)
    toml_path = folder / "profile.toml"
    if not toml_path.exists():
        raise ProfileError(f"Профиль муниципалитета «{raw}» не найден: нет файла {toml_path}")
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"Файл профиля {toml_path} повреждён: {exc}") from exc
    muni = data.get("municipality", {})

    def opt_path(name: str) -> Path | None:
        return folder / muni[name] if muni.get(name) else None

    pop_path = opt_path("population")
    districts = _read_population(pop_path) if pop_path and pop_path.exists() else ()
    channels = tuple(
        Channel(c["code"], c["name"], tuple(c.get("kinds", ["message"])), c.get("unit", "calendar_days"),
                int(c.get("term", 30)), int(c.get("extension_max", 0)))
        for c in data.get("channels", [])
    )
    for ch in channels:
        if ch.unit not in UNITS:
            raise ProfileError(f"Канал «{ch.name}»: неизвестная единица срока «{ch.unit}» (допустимо: {', '.join(UNITS)})")
    sectors = tuple(Sector(s["code"], s["name"], tuple(s.get("topics", []))) for s in data.get("sectors", []))
    executors = tuple(
        Executor(e["name"], e.get("sector"), e.get("district"), tuple(e.get("also_sectors", [])))
        for e in data.get("executors", [])
    )
    return Profile(
        key=folder.name,
        folder=folder,
        name=muni.get("name", folder.name),
        full_name=muni.get("full_name", muni.get("name", folder.name)),
        timezone=muni.get("timezone", "Europe/Moscow"),
        holiday_country=muni.get("holiday_country", "RU"),
        working_hours=tuple(muni.get("working_hours", ["09:00", "18:00"])),
        districts=districts,
        channels=channels,
        sectors=sectors,
        executors=executors,
        targets=dict(data.get("targets", {})),
        boundaries_file=opt_path("boundaries"),
        boundary_name_property=muni.get("boundary_name_property", "name"),
        boundary_name_strip=muni.get("boundary_name_strip", ""),
        population_source=muni.get("population_source", ""),
        calendar_overrides_file=opt_path("calendar_overrides"),
        map_center=tuple(muni.get("map_center", [0.0, 0.0])),
        map_zoom=float(muni.get("map_zoom", 10)),
    )


@lru_cache(maxsize=8)
def cached_profile(key: str | None = None) -> Profile:
    return load_profile(key)
