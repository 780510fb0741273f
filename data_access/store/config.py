"""The app's configuration files: a ``secrets.toml`` that does not parse stops the app, naming the file and line.

Streamlit treats an unreadable secrets file as absent; the store URL it holds would silently fall back to the
default store (and a demo store could be built there). The app reads the files itself first, to be loud.
"""
from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

from data_access.store.engine import StoreUnavailable

LINE = re.compile(r"at line (\d+), column (\d+)")


class ConfigError(StoreUnavailable):
    """A configuration file is wrong; ``str()`` is a Russian message naming the file and the line."""


def check_secrets_files(paths: list[str]) -> None:
    """Raise ``ConfigError`` for the first existing secrets file that is not valid TOML (or not UTF-8), or whose
    ``database_url`` is not a string."""
    for name in paths:
        try:
            stat = Path(name).stat()
        except OSError:
            continue
        _check_file(name, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _check_file(name: str, mtime_ns: int, size: int) -> None:
    """One file, checked once per version of it (pages ask for the store URL many times per run)."""
    path = Path(name)
    if path.is_file():
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            line = path.read_bytes()[:exc.start].count(b"\n") + 1
            raise ConfigError(f"Файл настроек {path} не в кодировке UTF-8 (строка {line}): сохраните его в UTF-8. "
                              f"Приложение остановлено, чтобы не открыть хранилище по умолчанию вместо "
                              f"заданного.") from exc
        except OSError as exc:
            raise ConfigError(f"Файл настроек {path} не прочитан: {exc.strerror}.") from exc
        try:
            values = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            where = LINE.search(str(exc))
            at = f"ошибка в строке {where.group(1)}, столбец {where.group(2)}" if where else "ошибка в записи"
            raise ConfigError(f"Файл настроек {path} не разобран: {at} (формат TOML: ключ = \"значение\"). "
                              f"Приложение остановлено, чтобы не открыть хранилище по умолчанию вместо заданного: "
                              f"исправьте файл и обновите страницу.") from exc
        url = values.get("database_url")
        if url is not None and not isinstance(url, str):
            raise ConfigError(f"В файле настроек {path} database_url — не строка: запишите адрес в кавычках, "
                              f"например database_url = \"postgresql://пользователь@сервер:5432/база\".")
