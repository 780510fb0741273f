"""The municipality profile: a folder of data (profile.toml, boundaries, population, calendar overrides).

Chosen by ``MCU_PROFILE`` (a folder name under ``profiles/`` or a path); Krasnoyarsk is the default.
"""
from __future__ import annotations

import csv
import logging
import os
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
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
    staff: dict = field(default_factory=dict, hash=False, compare=False)  # optional [staff]: sector code -> people
    boundaries_file: Path | None = None
    boundary_name_property: str = "name"
    boundary_name_strip: str = ""
    boundary_attribution: str = "© участники OpenStreetMap (ODbL)."
    boundary_crs: str | None = None     # for a file that does not say its CRS (a shapefile without .prj)
    boundary_layer: str | None = None   # for a GeoPackage with several layers
    city_boundary_file: Path | None = None
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

    def channel(self, code: str) -> Channel:
        return next(c for c in self.channels if c.code == code)

    @property
    def boundary_options(self) -> dict:
        """Keyword arguments of ``data_access.domain.boundary_files`` for this profile's boundaries file."""
        return {"strip": self.boundary_name_strip, "crs": self.boundary_crs, "layer": self.boundary_layer}

    def boundary_geojson(self) -> dict | None:
        """District boundaries for the map (WGS 84, simplified, ≤ 300 KB) with a ``district`` property matching
        the district names; None without a usable boundaries file (``profile check`` says why)."""
        if not self.boundaries_file or not self.boundaries_file.exists():
            return None
        from data_access.domain.boundary_files import BoundaryFileError, map_geojson

        try:
            return map_geojson(self.boundaries_file, self.boundary_name_property, **self.boundary_options)
        except BoundaryFileError as exc:
            logging.getLogger(__name__).error("boundaries of profile %s unusable: %s", self.key, exc)
            return None


def timezone_problem(name: str) -> str | None:
    """Why the zone ``name`` cannot be the municipality's (Russian), or None.

    Local days and weeks are computed in SQL from the epoch and one constant offset (README, «Местное время»): a
    zone with daylight saving would put an hour of items into the wrong day twice a year, so it is refused.
    """
    try:
        tz = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return f"неизвестный часовой пояс «{name}» (нужно имя из базы IANA, например Asia/Krasnoyarsk)"
    offsets = {tz.utcoffset(datetime(year, month, 15)) for year in range(2015, 2041) for month in (1, 7)}
    if len(offsets) > 1:
        return (f"часовой пояс «{name}» переходит на летнее время; приложение считает местные сутки в базе с одним "
                f"постоянным смещением (в России переходов нет с 2014 года), поэтому такой пояс не поддерживается — "
                f"укажите пояс без перехода (например Europe/Moscow или Asia/Krasnoyarsk)")
    return None


def population_problems(path: Path) -> tuple[tuple[District, ...], list[str]]:
    """The districts of a population file and every problem found in it (Russian, one line each).

    Columns: ``district`` and ``population`` (both required in every row: the per-1,000 measures divide by it),
    ``official_area_km2`` (or ``area_km2``) optional. Rows with a problem are left out of the districts.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = [h.strip() for h in reader.fieldnames or []]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return (), [f"Файл населения {path.name} не читается: {exc}"]
    missing = [c for c in ("district", "population") if c not in header]
    if missing:
        return (), [f"Файл населения {path.name}: нет столбца {', '.join(f'«{c}»' for c in missing)} "
                    f"(нужны district,population[,official_area_km2])"]
    out, problems, seen = [], [], set()
    for line, row in enumerate(rows, 2):
        name = (row.get("district") or "").strip()
        raw_pop = (row.get("population") or "").strip().replace(" ", "").replace("\u00a0", "")
        raw_area = (row.get("official_area_km2") or row.get("area_km2") or "").strip().replace(",", ".")
        where = f"Файл населения {path.name}, строка {line}"
        if not name:
            problems.append(f"{where}: пустое название района")
            continue
        if name in seen:
            problems.append(f"{where}: район «{name}» указан второй раз")
            continue
        seen.add(name)
        if not raw_pop:
            problems.append(f"{where}: не указано население района «{name}» (оно обязательно: по нему считаются "
                            f"обращения на 1 000 жителей)")
            continue
        try:
            population = int(raw_pop)
            if population <= 0:
                raise ValueError
        except ValueError:
            problems.append(f"{where}: население района «{name}» — «{raw_pop}», а нужно целое число больше нуля")
            continue
        try:
            area = float(raw_area) if raw_area else None
        except ValueError:
            problems.append(f"{where}: площадь района «{name}» — «{raw_area}», а нужно число (км²) или пусто")
            area = None
        out.append(District(name, population, area))
    return tuple(out), problems


def _read_population(path: Path) -> tuple[District, ...]:
    districts, problems = population_problems(path)
    if problems:
        raise ProfileError("; ".join(problems))
    return districts


def load_profile(key_or_path: str | os.PathLike | None = None, *, strict: bool = True) -> Profile:
    """Read a profile folder. ``None`` means ``MCU_PROFILE`` or the default (Krasnoyarsk).

    ``strict=False`` (``profile check`` only) keeps the good rows of a population file with problems, so that the
    check can go on to the rest of the profile."""
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
    if strict and (problem := timezone_problem(muni.get("timezone", "Europe/Moscow"))):
        raise ProfileError(f"Профиль «{folder.name}»: {problem}")

    def opt_path(name: str) -> Path | None:
        return folder / muni[name] if muni.get(name) else None

    pop_path = opt_path("population")
    if pop_path and not pop_path.exists():
        if strict:
            raise ProfileError(f"Профиль «{folder.name}»: файл населения {pop_path.name}, указанный в profile.toml, "
                               f"не найден")
        pop_path = None
    if pop_path:
        districts = _read_population(pop_path) if strict else population_problems(pop_path)[0]
    else:
        districts = ()
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
    # a folder outside profiles/ keeps its path as the key: the store records it and must find it again
    inside = folder.resolve().parent == PROFILES_DIR.resolve()
    return Profile(
        key=folder.name if inside else str(folder.resolve()),
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
        staff=dict(data.get("staff", {})),
        boundaries_file=opt_path("boundaries"),
        boundary_name_property=muni.get("boundary_name_property", "name"),
        boundary_name_strip=muni.get("boundary_name_strip", ""),
        boundary_attribution=muni.get("boundary_attribution", "© участники OpenStreetMap (ODbL)."),
        city_boundary_file=opt_path("city_boundary"),
        boundary_crs=muni.get("boundary_crs") or None,
        boundary_layer=muni.get("boundary_layer") or None,
        population_source=muni.get("population_source", ""),
        calendar_overrides_file=opt_path("calendar_overrides"),
        map_center=tuple(muni.get("map_center", [0.0, 0.0])),
        map_zoom=float(muni.get("map_zoom", 10)),
    )


if __name__ == "__main__":  # python -m data_access.domain.profile new|check … (data_access/domain/profile_cli.py)
    import sys

    from data_access.domain.profile_cli import main

    sys.exit(main())
