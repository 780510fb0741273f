"""Source profiles of the importer: one YAML file per source system, in ``profiles/<municipality>/sources/``.

A source profile says which column of the export is which field of an item, and how the source's words
map to the store's values (statuses, channels, kinds, topics, sectors, districts, executors). What to do
with a value that is neither in the store nor mapped is said per dimension in ``unknown``:
``reject`` (the row goes to the reject report), ``create`` (a new reference row; topics, sectors and
executors only) or ``empty`` (the row is loaded without that value and counted in the report).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from data_access.domain.profile import Profile, ProfileError
from data_access.store.vocabulary import KINDS, STATUSES

SOURCES_DIR = "sources"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: 10× faster

DATE_FIELDS = ("received_at", "registered_at", "deadline_at", "extended_deadline_at", "first_answer_at",
               "answered_at", "resolved_at", "updated_at")
TEXT_FIELDS = ("address", "text", "answer_text")
REFERENCE_FIELDS = ("channel", "kind", "status", "topic", "sector", "district", "executor")
NUMBER_FIELDS = ("lat", "lon", "rating", "reopened_count")
FIELDS = ("external_id", *DATE_FIELDS, *REFERENCE_FIELDS, *NUMBER_FIELDS, *TEXT_FIELDS, "fast_track")
REQUIRED = ("external_id", "received_at")
# Field -> the dimension of its value map in the YAML (plural, as the tables are named).
DIMENSIONS = {"channel": "channels", "kind": "kinds", "status": "statuses", "topic": "topics",
              "sector": "sectors", "district": "districts", "executor": "executors"}
CREATABLE = ("topics", "sectors", "executors")
POLICIES = ("reject", "create", "empty")
# Values that can never be created or left empty: an item needs them.
NEEDED = ("channels", "kinds", "statuses")

FIELD_NAMES = {
    "external_id": "номер в источнике", "received_at": "дата поступления", "registered_at": "дата регистрации",
    "deadline_at": "срок", "extended_deadline_at": "продлённый срок", "first_answer_at": "первый ответ",
    "answered_at": "дата ответа", "resolved_at": "дата решения", "updated_at": "дата изменения",
    "channel": "канал", "kind": "вид", "status": "статус", "topic": "тема", "sector": "направление",
    "district": "район", "executor": "исполнитель", "lat": "широта", "lon": "долгота", "rating": "оценка",
    "reopened_count": "возвратов на доработку", "address": "адрес", "text": "текст", "answer_text": "текст ответа",
    "fast_track": "фаст-трек",
}


def normalize(value: str) -> str:
    """The form in which source words are compared: lower case, «ё» as «е», single spaces."""
    return re.sub(r"\s+", " ", str(value).replace("ё", "е").replace("Ё", "Е")).strip().lower()


@dataclass(frozen=True)
class SourceProfile:
    """One source system's export format. ``columns``: field -> list of accepted column headers."""

    key: str
    name: str
    description: str
    columns: dict[str, tuple[str, ...]]
    maps: dict[str, dict[str, str]]            # dimension -> {normalized source value: store value}
    unknown: dict[str, str]                    # dimension -> reject | create | empty
    defaults: dict[str, str] = field(default_factory=dict)  # field -> value when the file has no column
    new_topic_sector: str | None = None        # sector code for created topics without a sector
    path: Path | None = None
    date_order: str | None = None              # day-first | month-first | iso (data_access/ingest/dates.py)
    date_formats: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field or «*» -> strptime formats

    def policy(self, dimension: str) -> str:
        return self.unknown.get(dimension, "reject")

    def headers_for(self, field_name: str) -> tuple[str, ...]:
        return self.columns.get(field_name, ())


def _as_tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def parse_source(data: dict, key: str, path: Path | None = None) -> SourceProfile:
    """Check a source profile (a dict read from YAML); raise ``ProfileError`` with a Russian message."""
    where = f"Профиль источника «{key}»"
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: ожидался словарь YAML")
    columns = {}
    for name, headers in (data.get("columns") or {}).items():
        if name not in FIELDS:
            raise ProfileError(f"{where}: неизвестное поле «{name}» в columns (допустимо: {', '.join(FIELDS)})")
        columns[name] = _as_tuple(headers)
    defaults = {k: str(v) for k, v in (data.get("defaults") or {}).items()}
    for name in defaults:
        if name not in REFERENCE_FIELDS:
            raise ProfileError(f"{where}: значение по умолчанию можно задать только для {', '.join(REFERENCE_FIELDS)}")
    for name in REQUIRED:
        if name not in columns:
            raise ProfileError(f"{where}: не указан столбец для обязательного поля «{FIELD_NAMES[name]}» ({name})")
    for name in ("channel", "status"):
        if name not in columns and name not in defaults:
            raise ProfileError(f"{where}: нужен столбец или значение по умолчанию для поля «{FIELD_NAMES[name]}»")
    maps = {}
    for dim in DIMENSIONS.values():
        raw = data.get(dim) or {}
        if not isinstance(raw, dict):
            raise ProfileError(f"{where}: раздел {dim} должен быть словарём «значение в источнике: значение в хранилище»")
        maps[dim] = {normalize(k): str(v) for k, v in raw.items()}
    bad = [v for v in maps["statuses"].values() if v not in STATUSES]
    if bad:
        raise ProfileError(f"{where}: статусы {bad} не из справочника (допустимо: {', '.join(STATUSES)})")
    bad = [v for v in maps["kinds"].values() if v not in KINDS]
    if bad:
        raise ProfileError(f"{where}: виды {bad} не из справочника (допустимо: {', '.join(KINDS)})")
    unknown = {str(k): str(v) for k, v in (data.get("unknown") or {}).items()}
    for dim, policy in unknown.items():
        if dim not in DIMENSIONS.values() or policy not in POLICIES:
            raise ProfileError(f"{where}: unknown.{dim} = {policy}: ожидается reject, create или empty")
        if policy == "create" and dim not in CREATABLE:
            raise ProfileError(f"{where}: новые значения можно создавать только для {', '.join(CREATABLE)}, не для {dim}")
        if policy == "empty" and dim in NEEDED:
            raise ProfileError(f"{where}: {dim} нельзя оставить пустым — без него обращение не загрузить")
    order, formats = _date_section(data.get("dates"), where)
    return SourceProfile(key=key, name=str(data.get("name", key)), description=str(data.get("description", "")),
                         columns=columns, maps=maps, unknown=unknown, defaults=defaults,
                         new_topic_sector=data.get("new_topic_sector"), path=path, date_order=order,
                         date_formats=formats)


def _date_section(raw, where: str) -> tuple[str | None, dict[str, tuple[str, ...]]]:
    """The ``dates`` section: ``order`` and per-field ``formats`` (see ``data_access.ingest.dates``)."""
    from data_access.ingest.dates import ORDERS

    if raw is None:
        return None, {}
    if not isinstance(raw, dict):
        raise ProfileError(f"{where}: раздел dates должен быть словарём (order, formats)")
    order = raw.get("order")
    if order is not None and order not in ORDERS:
        raise ProfileError(f"{where}: dates.order = {order}: ожидается {', '.join(ORDERS)}")
    formats = {}
    for name, values in (raw.get("formats") or {}).items():
        if name != "*" and name not in DATE_FIELDS:
            raise ProfileError(f"{where}: dates.formats.{name}: это не поле даты (допустимо: *, {', '.join(DATE_FIELDS)})")
        values = _as_tuple(values)
        if not values or any("%" not in v for v in values):
            raise ProfileError(f"{where}: dates.formats.{name}: нужен формат вида «%d/%m/%Y %H:%M»")
        formats[name] = values
    return order, formats


def sources_dir(profile: Profile) -> Path:
    return profile.folder / SOURCES_DIR


def list_sources(profile: Profile) -> list[str]:
    """Keys (file names without .yaml) of the municipality's source profiles, sorted."""
    folder = sources_dir(profile)
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load_source(profile: Profile, key_or_path: str | Path) -> SourceProfile:
    """Read a source profile by key (``pos``) or by path to a YAML file."""
    path = Path(key_or_path)
    if not path.suffix:
        path = sources_dir(profile) / f"{key_or_path}.yaml"
    if not path.exists():
        known = ", ".join(list_sources(profile)) or "нет ни одного"
        raise ProfileError(f"Профиль источника «{key_or_path}» не найден ({path}). Есть: {known}")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise ProfileError(f"Профиль источника {path.name} повреждён: {exc}") from exc
    return parse_source(data, path.stem, path)
