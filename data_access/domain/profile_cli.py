"""Profile tools: ``python -m data_access.domain.profile new|check``.

    python -m data_access.domain.profile new NAME --boundaries FILE --name-field FIELD [--population CSV]
                                           [--title "Город"] [--timezone Asia/Krasnoyarsk] [--crs EPSG:…]
                                           [--name-suffix " район"]
    python -m data_access.domain.profile check NAME

``new`` makes ``profiles/NAME/`` (or the folder NAME when it is a path): the boundaries file copied as it is
(a shapefile with its .shx/.dbf/.prj/.cpg), the population file (or a template listing the districts of the
boundaries with empty population to fill in), a ``profile.toml`` with the usual channels and sectors to edit, the
generic source profile; then it runs ``check``. Exit code 0: no errors.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from pathlib import Path

from data_access.domain.profile import PROFILES_DIR
from data_access.domain.profile_check import ERROR, check_profile, report

SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx")

TEMPLATE = """# Профиль муниципалитета, созданный командой «python -m data_access.domain.profile new».
# Проверьте и допишите: каналы и сроки, отраслевые блоки и темы, исполнителей, цели. Затем:
#   python -m data_access.domain.profile check {key}

[municipality]
name = {title}
full_name = {full_name}
timezone = {timezone}
holiday_country = "RU"
working_hours = ["09:00", "18:00"]
boundaries = {boundaries}
boundary_name_property = {name_field}
boundary_attribution = "указать источник границ и его лицензию"
{strip_line}{crs_line}population = "population.csv"
population_source = {population_source}
map_center = [{lat:.4f}, {lon:.4f}]
map_zoom = 11

[targets]
on_time_share = 0.95
satisfaction_share = 0.60

[[channels]]
code = "pos"
name = "ПОС (Госуслуги)"
kinds = ["message", "appeal"]
unit = "work_days"
term = 10

[[channels]]
code = "fz59"
name = "Обращения 59-ФЗ"
kinds = ["appeal"]
unit = "calendar_days"
term = 30
extension_max = 30

[[channels]]
code = "im"
name = "Инцидент Менеджмент"
kinds = ["incident"]
unit = "hours"
term = 8

[[sectors]]
code = "zhkh"
name = "Жилищно-коммунальное хозяйство"
topics = ["Отопление", "Водоснабжение", "Вывоз мусора", "Благоустройство дворов"]

[[sectors]]
code = "roads"
name = "Дороги и транспорт"
topics = ["Ямы на дорогах", "Уборка снега на дорогах", "Общественный транспорт"]

[[sectors]]
code = "other"
name = "Прочие вопросы"
topics = ["Прочее"]

[[executors]]
name = "Управление ЖКХ"
sector = "zhkh"

[[executors]]
name = "Управление дорог и транспорта"
sector = "roads"

[[executors]]
name = "Администрация"
sector = "other"
"""


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's): a title with quotes cannot break the file."""
    return json.dumps(text, ensure_ascii=False)


def _copy_boundaries(source: Path, folder: Path) -> str:
    if source.suffix.lower() == ".shp":
        for part in SHAPEFILE_PARTS:
            for candidate in (source.with_suffix(part), source.with_suffix(part.upper())):
                if candidate.exists():
                    shutil.copy2(candidate, folder / (source.stem + part))
    else:
        shutil.copy2(source, folder / source.name)
    return source.stem + ".shp" if source.suffix.lower() == ".shp" else source.name


def new_profile(name: str, boundaries: Path, name_field: str, population: Path | None, *, title: str | None = None,
                timezone: str = "Europe/Moscow", crs: str | None = None, strip: str = "") -> Path:
    """Scaffold the profile folder (see the module docstring) and return it; raises ``SystemExit`` with a Russian
    message on a folder that exists or a boundaries file that cannot be read."""
    from data_access.domain.boundary_files import BoundaryFileError, load_boundaries

    folder = Path(name) if ("/" in name or "\\" in name) else PROFILES_DIR / name
    if folder.exists():
        raise SystemExit(f"Папка {folder} уже есть: выберите другое имя профиля или удалите её.")
    if not boundaries.exists():
        raise SystemExit(f"Файл границ {boundaries} не найден.")
    try:
        got = load_boundaries(boundaries, name_field, crs=crs, strip=strip)
    except BoundaryFileError as exc:
        raise SystemExit(f"Профиль не создан: {exc}") from exc
    folder.mkdir(parents=True)
    file_name = _copy_boundaries(boundaries, folder)
    if population is not None:
        shutil.copy2(population, folder / "population.csv")
        source = "указать источник (например, Росстат, ВПН-2020)"
    else:  # a template to fill in: check names every blank cell
        with (folder / "population.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["district", "population", "official_area_km2"])
            for district in sorted(got.frame["district"]):
                writer.writerow([district, "", ""])
        source = "заполнить: население каждого района"
    minx, miny, maxx, maxy = got.frame.total_bounds
    (folder / "profile.toml").write_text(TEMPLATE.format(
        key=folder.name, title=_q(title or folder.name), full_name=_q(f"Муниципальный центр управления: "
                                                                      f"{title or folder.name}"),
        timezone=_q(timezone), boundaries=_q(file_name), name_field=_q(name_field),
        crs_line=f"boundary_crs = {_q(crs)}\n" if crs else "", population_source=_q(source),
        strip_line=f"boundary_name_strip = {_q(strip)}\n" if strip else "",
        lat=(miny + maxy) / 2, lon=(minx + maxx) / 2), encoding="utf-8")
    (folder / "sources").mkdir()
    shutil.copy2(PROFILES_DIR / "krasnoyarsk" / "sources" / "generic.yaml", folder / "sources" / "generic.yaml")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_access.domain.profile",
                                     description="Профили муниципалитетов: создать и проверить.")
    sub = parser.add_subparsers(dest="command", required=True)
    new = sub.add_parser("new", help="создать профиль из файла границ и файла населения")
    new.add_argument("name", help="имя папки в profiles/ (или путь к новой папке)")
    new.add_argument("--boundaries", type=Path, required=True,
                     help="границы районов: GeoJSON, Shapefile (.shp или .zip), GeoPackage, KML")
    new.add_argument("--name-field", required=True, help="поле с названием района в файле границ")
    new.add_argument("--population", type=Path, help="CSV: district,population[,official_area_km2]")
    new.add_argument("--title", help="название муниципалитета")
    new.add_argument("--timezone", default="Europe/Moscow", help="часовой пояс IANA (по умолчанию Europe/Moscow)")
    new.add_argument("--crs", help="система координат, если её нет в файле (EPSG:… или строка PROJ)")
    new.add_argument("--name-suffix", default="", help="окончание названия в границах, которого нет в населении "
                                                       "(например « район»)")
    check = sub.add_parser("check", help="проверить профиль и перечислить все проблемы")
    check.add_argument("name", help="имя папки в profiles/ или путь к папке профиля")
    args = parser.parse_args(argv)
    if args.command == "new":
        folder = new_profile(args.name, args.boundaries, args.name_field, args.population, title=args.title,
                             timezone=args.timezone, crs=args.crs, strip=args.name_suffix)
        print(f"Профиль создан: {folder}")
        target = str(folder)
    else:
        target = args.name
    problems = check_profile(target)
    print(report(problems, Path(target).name))
    return 1 if any(p.level == ERROR for p in problems) else 0


if __name__ == "__main__":
    sys.exit(main())
