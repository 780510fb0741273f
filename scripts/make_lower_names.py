"""Build ``data_access/ingest/lower_names.txt``: the word forms that are names when written in lower case, for the
masker's lower-case rule (``data_access.ingest.masker_names``: «марина кот», «сашка успел», «передайте
кузнецовой» in a comment without capitals).

Source: the pymorphy3 dictionary (the version pinned in requirements.txt): every known word form tagged as a first
name (Name) or a surname (Surn), kept when the dictionary is sure enough that the form is a person in lower case too:
- a first name: the Name readings weigh ``FIRST_NAME_LEAST`` or more, and no reading as another word (a noun, a
  verb…) weighs ``FIRST_NAME_OTHER`` or more — places (Geox: «лена» the river) and gerunds («коля») are not counted
  against a first name in lower case;
- a surname: the Name and Surn readings weigh ``SURNAME_LEAST`` or more, no other reading but a place weighs
  ``SURNAME_OTHER`` or more («гусева» is also the genitive of the town Гусев), and the form ends as Russian surnames do (``masker_names.SURNAME_END_RE``);
- neither: ``COMMON_WORDS``, forms of everyday words that the dictionary also knows as names («майка», «марка»).
Each line is ``F word`` (a first name) or ``S word`` (a surname).

    .venv/bin/python scripts/make_lower_names.py      # ≈ 2,5 min; rewrites the list; commit it with pymorphy3's version
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "data_access" / "ingest" / "lower_names.txt"
FIRST_NAME_LEAST, FIRST_NAME_OTHER = 0.6, 0.2
SURNAME_LEAST, SURNAME_OTHER = 0.8, 0.1
NOT_AGAINST_A_NAME = frozenset({"Geox", "GRND"})
PERSON = frozenset({"Name", "Surn", "Patr"})
# Everyday words whose forms the dictionary also reads as first names (lower case), and words of the masker's
# vocabulary (roles, kinship): their lower-case forms stay. Lemmas and forms, lower case.
COMMON_WORDS = frozenset("""
    майка майки майку майке майкой марка марки марку марке маркой боб боба бобы бобов ром рома рому ромом тина тины
    тину роза розы розу розе розой лев льва льву львом вера веры веру вере верой надежда надежды надежду надежде
    любовь любви слава славы славу славе роман романа роману романе мир мира миру лилия лилии ирис ириса жасмин
    султан султана агат агата карп карпа вит виты ион иона ионы джин джина хай борей таран тарана флор поли ника
    ники нику макс вика вики рая раи мила милы лада лады ладу ладе ангел ангела ангелы
    май мая маю ян алмаз алмаза рубин рубина изумруд гранат граната янтарь
    роса росы сокол сокола орёл орла лебедь лебедя дуб дуба мороз мороза зима зимы весна весны лето лета
    осень заря зари звезда звезды победа победы искра искры дана дан
""".split())


def build() -> list[str]:
    import pymorphy3

    from data_access.ingest.masker_names import SURNAME_END_RE

    morph = pymorphy3.MorphAnalyzer()
    forms = {word for word, tag, *_ in morph.dictionary.iter_known_words("")
             if len(word) >= 3 and {"Name", "Surn"} & tag.grammemes and word not in COMMON_WORDS}
    lines = []
    for word in sorted(forms):
        readings = morph.parse(word)
        name = sum(p.score for p in readings if "Name" in p.tag.grammemes)
        surname = sum(p.score for p in readings if "Surn" in p.tag.grammemes and "Name" not in p.tag.grammemes)
        other = [p for p in readings if not PERSON & p.tag.grammemes]
        against_name = max([p.score for p in other if not NOT_AGAINST_A_NAME & (p.tag.grammemes | {p.tag.POS})],
                           default=0.0)
        against_surname = max([p.score for p in other if "Geox" not in p.tag.grammemes], default=0.0)
        if any(p.normal_form in COMMON_WORDS for p in readings):
            continue
        if name >= FIRST_NAME_LEAST and against_name < FIRST_NAME_OTHER:
            lines.append(f"F {word}")
        elif name + surname >= SURNAME_LEAST and against_surname < SURNAME_OTHER and len(word) >= 4 \
                and SURNAME_END_RE.search(word):
            lines.append(f"S {word}")
    return lines


def main() -> None:
    import pymorphy3

    lines = build()
    header = [f"# Built by scripts/make_lower_names.py from the pymorphy3 {pymorphy3.__version__} dictionary; do not edit.",
              "# F: a first name in lower case; S: a surname."]
    OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines)} forms")


if __name__ == "__main__":
    main()
