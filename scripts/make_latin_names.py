"""Build ``data_access/ingest/latin_first_names.txt``: first names written in Latin script, for the masker's lone-name rule
(``data_access.ingest.masker_names``: «Thank you, Anna!» hides «Anna»).

Source: the person providers of Faker (a maintained package; dev requirement only — the list is committed, so the
app neither imports Faker nor pays its start-up): first names of the Latin-script locales below, and the first
names of its Russian and Ukrainian locales transliterated the ways Russian names are written in Latin letters
(passport ICAO, «y» and «h» spellings: Dmitriy, Dmitry, Dmitrii; Mikhail, Mihail). Dropped: names shorter than
three letters, and those that are also common English words or months (``NOT_NAMES``: «May», «Grace», «Hope»).

    .venv/bin/python scripts/make_latin_names.py      # rewrites the list; commit it with the Faker version
"""
from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data_access" / "ingest" / "latin_first_names.txt"
LOCALES = ("en_US en_GB en_IE en_NZ en_IN en_PK en_NG de_DE fr_FR es_ES it_IT pt_PT pt_BR nl_NL pl_PL cs_CZ sk_SK "
           "hu_HU ro_RO tr_TR sv_SE no_NO da_DK fi_FI lt_LT lv_LV et_EE hr_HR sl_SI id_ID uz_UZ az_AZ zh_CN sw").split()
TRANSLITERATED = ("ru_RU", "uk_UA")
ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_romanized_names")
NOT_NAMES = frozenset("""
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Amber Angel Autumn Bill Blessing Can Carter Chase Crystal Daisy Dawn Destiny Diamond Else Faith Floor Grace Grant
    Guy Harmony Hazel Heather Holly Hope Hunter Iris Ivy Jade Joy Kalina Lily Lincoln Logan Love Lucky Luna Mark
    Mason Melody Misty Noel Nova Octavia Olive Parker Pascal Pastor Penny Ray Romeo Rose Ruby Sandy Sol Summer Taylor
    Trinity Violet Will
""".split())
_BASE = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
         "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
         "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
         "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g"}
SYSTEMS = (  # (letter overrides, word-end rules) of the usual ways
    ({}, ()),
    ({"й": "i", "ю": "iu", "я": "ia", "ъ": "ie"}, ()),                       # passport (ICAO)
    ({"х": "h"}, (("iy", "y"),)),                                           # Mihail, Dmitry, Yury
    ({"й": "i"}, (("ii", "ii"),)),                                          # Dmitrii, Anatolii
    ({"ё": "yo", "е": "e"}, (("iya", "ia"), ("iya", "ya"))),                # Maria, Marya, Fyodor
)


def transliterate(name: str) -> set[str]:
    out = set()
    for letters, endings in SYSTEMS:
        table = {**_BASE, **letters}
        word = "".join(table.get(ch, ch) for ch in name.lower())
        variants = {word}
        for end, new in endings:
            variants |= {v[: -len(end)] + new for v in variants if v.endswith(end)}
        out |= {v.capitalize() for v in variants}
    return out


def names() -> list[str]:
    found: set[str] = set()
    for locale in (*LOCALES, *TRANSLITERATED):
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ATTRIBUTES:
            values = getattr(provider, attribute, None) or ()
            for name in (values.keys() if hasattr(values, "keys") else values):
                found |= transliterate(name) if locale in TRANSLITERATED else {name}
    return sorted(n for n in found if re.fullmatch(r"[A-Z][a-z]{2,}", n) and n not in NOT_NAMES)


def main() -> int:
    import faker

    listed = names()
    OUT.write_text(f"# Latin-script first names: scripts/make_latin_names.py from Faker {faker.VERSION} "
                   f"({len(listed)} names). Do not edit by hand.\n" + "\n".join(listed) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(listed)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
