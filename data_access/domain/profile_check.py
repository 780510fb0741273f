"""``profile check``: every problem of a municipality profile at once, in Russian.

The same check runs when the app starts (``data_access.store.cached.profile_problems``). Errors stop the app (the
profile cannot be read, or would give wrong figures); warnings are shown and the app works around them.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from data_access.domain.profile import PROFILES_DIR, UNITS, ProfileError, load_profile, population_problems, timezone_problem

ERROR, WARNING = "ошибка", "замечание"


@dataclass(frozen=True)
class Problem:
    level: str   # ERROR | WARNING
    text: str    # Russian, one line

    def __str__(self) -> str:
        return f"{self.level}: {self.text}"


def profile_folder(key_or_path: str | Path) -> Path:
    folder = Path(key_or_path)
    return folder if folder.is_dir() else PROFILES_DIR / str(key_or_path)


def check_profile(key_or_path: str | Path) -> list[Problem]:
    """Every problem of the profile folder: files, time zone, population, boundaries, their districts against
    each other, executors, deadline rules, source profiles. An empty list: the profile is fine."""
    folder = profile_folder(key_or_path)
    toml_path = folder / "profile.toml"
    if not toml_path.exists():
        return [Problem(ERROR, f"нет файла {toml_path}")]
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return [Problem(ERROR, f"profile.toml повреждён: {exc}")]
    out: list[Problem] = []
    muni = data.get("municipality", {})
    if not muni.get("name"):
        out.append(Problem(WARNING, "в [municipality] нет названия (name)"))
    if problem := timezone_problem(muni.get("timezone", "Europe/Moscow")):
        out.append(Problem(ERROR, problem))
    channels = data.get("channels", [])
    if not channels:
        out.append(Problem(ERROR, "в profile.toml нет ни одного канала ([[channels]])"))
    for c in channels:
        if c.get("unit", "calendar_days") not in UNITS:
            out.append(Problem(ERROR, f"канал «{c.get('name', c.get('code'))}»: неизвестная единица срока "
                                      f"«{c.get('unit')}» (допустимо: {', '.join(UNITS)})"))
    sector_keys = {s.get("code") for s in data.get("sectors", [])} | {s.get("name") for s in data.get("sectors", [])}
    for key, value in data.get("staff", {}).items():  # optional: people per block for «Загрузка блоков»
        if key not in sector_keys:
            out.append(Problem(WARNING, f"[staff]: блока «{key}» нет в [[sectors]] (нужен код или название блока)"))
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            out.append(Problem(ERROR, f"[staff]: численность блока «{key}» должна быть целым числом больше нуля, "
                                      f"а не «{value}»"))

    out += _target_problems(data.get("targets", {}))

    population: set[str] = set()
    official: dict[str, float] = {}
    if muni.get("population"):
        path = folder / muni["population"]
        if not path.exists():
            out.append(Problem(ERROR, f"файл населения {path.name}, указанный в profile.toml, не найден"))
        else:
            districts, problems = population_problems(path)
            population = {d.name for d in districts}
            official = {d.name: d.area_km2 for d in districts if d.area_km2}
            out += [Problem(ERROR, p) for p in problems]
    out += _boundary_problems(folder, muni, population, official)

    try:
        profile = load_profile(folder, strict=False)
    except ProfileError:
        return out  # the reasons are listed above; the rest needs a readable profile
    out += _reference_problems(profile, population)
    return out


def _boundary_problems(folder: Path, muni: dict, population: set[str], official: dict[str, float]) -> list[Problem]:
    from data_access.domain.boundary_files import BoundaryFileError, load_boundaries
    from geo.boundaries import areas_km2

    if not muni.get("boundaries"):
        return []
    path = folder / muni["boundaries"]
    if not path.exists():
        return [Problem(ERROR, f"файл границ {path.name}, указанный в profile.toml, не найден")]
    try:
        got = load_boundaries(path, muni.get("boundary_name_property", "name"),
                              strip=muni.get("boundary_name_strip", ""), crs=muni.get("boundary_crs") or None,
                              layer=muni.get("boundary_layer") or None)
    except BoundaryFileError as exc:
        return [Problem(ERROR, str(exc))]
    except Exception as exc:  # a CRS string PROJ cannot parse, a broken archive: said, never a traceback
        return [Problem(ERROR, f"файл границ {path.name}: {exc}")]
    out = [Problem(WARNING, f"файл границ {path.name}: {p}") for p in got.problems]
    names = set(got.frame["district"])
    for name, measured in areas_km2(got).items():  # a blunder of units or zone shows as an absurd area
        stated = official.get(name)
        if stated and not (1 / 3 <= measured / stated <= 3):
            out.append(Problem(WARNING, f"площадь района «{name}» по границам {measured:.1f} км², а в файле населения "
                                        f"{stated:.1f} км²: проверьте систему координат и границы"))
    if not muni.get("population"):
        out.append(Problem(ERROR, "есть границы районов, но нет файла населения (population в profile.toml)"))
    else:
        if only_map := sorted(names - population):
            out.append(Problem(ERROR, f"районы есть в границах, но нет в файле населения: {', '.join(only_map)}"))
        if only_pop := sorted(population - names):
            out.append(Problem(ERROR, f"районы есть в файле населения, но нет в границах: {', '.join(only_pop)}"))
    return out


def _target_problems(targets: dict) -> list[Problem]:
    """[targets]: each key a target of a registry measure (else it would be shown nowhere), each value a number
    above zero (a score is actual ÷ target)."""
    from data_access.metrics.registry import METRICS

    known = sorted({x.target for x in METRICS.values() if x.target})
    out = []
    for key, value in targets.items():
        if key not in known:
            out.append(Problem(WARNING, f"[targets]: «{key}» не цель ни одной меры и нигде не показывается "
                                        f"(известны: {', '.join(known)})"))
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            out.append(Problem(ERROR, f"[targets]: цель «{key}» должна быть числом больше нуля, а не «{value}»"))
    return out


def _reference_problems(profile, population: set[str]) -> list[Problem]:
    from data_access.domain.deadlines import RULES_FILE, rule_problems
    from data_access.ingest.source_profile import list_sources, load_source

    out = []
    sector_codes = {s.code for s in profile.sectors}
    for e in profile.executors:
        for code in (e.sector, *e.also_sectors):
            if code and code not in sector_codes:
                out.append(Problem(ERROR, f"исполнитель «{e.name}»: неизвестный блок «{code}»"))
        if e.district and e.district not in population:
            out.append(Problem(ERROR, f"исполнитель «{e.name}»: района «{e.district}» нет в файле населения"))
    topics = [t for s in profile.sectors for t in s.topics]
    if dup := sorted({t for t in topics if topics.count(t) > 1}):
        out.append(Problem(ERROR, f"темы в нескольких блоках сразу: {', '.join(dup)}"))
    rules = profile.folder / RULES_FILE
    if rules.exists():
        out += [Problem(ERROR, p) for p in rule_problems(rules, profile)[1]]
    for key in list_sources(profile):
        try:
            load_source(profile, key)
        except ProfileError as exc:
            out.append(Problem(ERROR, f"профиль источника {key}: {exc}"))
    return out


def report(problems: list[Problem], name: str) -> str:
    """The check's text for the console."""
    if not problems:
        return f"Профиль «{name}»: проблем не найдено."
    errors = sum(p.level == ERROR for p in problems)
    head = f"Профиль «{name}»: ошибок {errors}, замечаний {len(problems) - errors}."
    return "\n".join([head, *(f"  - {p}" for p in problems)])
