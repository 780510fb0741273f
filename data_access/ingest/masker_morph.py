"""What the dictionary (pymorphy3) says about a word in its place, for ``masker_names``: whether a capitalised word
can be a person's name part given its neighbour — a first name, a role word, a verb.

Most Russian surnames are in the dictionary as surnames; these rules are for the ones it knows only as something
else: an adjective («Малая», «Белый»), a place («Горобец», «Чита»), an animal or a trade («Соловей», «Мельник»).
Such a word is a surname where grammar ties it to a person: it agrees with the first name beside it (case,
number and, for an adjective, gender), stands in the case of the role word before it (apposition: «электрик
Горобец», but «житель Красноярска» — genitive after a nominative, a place), or is the subject of a complainant's
verb («Соловей пишет»). Look-ups are cached; the caller bounds the new words per text (``masker_names``).
"""
from __future__ import annotations

from functools import lru_cache

from data_access.ingest.masker_words import ADDRESS_ADJECTIVES, COMPLAINT_VERBS, PERSON_NOUNS, RESIDENT_LEMMAS

# Parts of speech that are not a name even after a role word (a word read only as these).
NOT_NAME_POS = frozenset({"ADJF", "ADJS", "COMP", "VERB", "INFN", "PRTF", "PRTS", "GRND", "ADVB", "NPRO", "PRED", "PREP",
                          "CONJ", "PRCL", "INTJ", "NUMR"})


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


_PARSED: dict[str, tuple] = {}
PARSED_LIMIT = 200_000  # words remembered across texts


def parses(word: str) -> tuple:
    """The dictionary's readings of ``word``, remembered (``looked_up`` tells the caller's budget what is new)."""
    found = _PARSED.get(word)
    if found is None:
        if len(_PARSED) >= PARSED_LIMIT:
            _PARSED.clear()
        found = _PARSED[word] = tuple(_morph().parse(word))
    return found


def looked_up(word: str) -> bool:
    return word in _PARSED


@lru_cache(maxsize=50_000)
def is_known(word: str) -> bool:
    """The word is in the dictionary (not only guessed from its ending: «ЕДДС» is guessed as a surname)."""
    return _morph().word_is_known(word.lower())


def name_kind(word: str) -> tuple[float, bool]:
    """(how likely the word is a first name or surname, whether it is a patronymic) by the dictionary."""
    found = parses(word)
    person = sum(p.score for p in found if {"Name", "Surn"} & p.tag.grammemes)
    patronymic = any("Patr" in p.tag.grammemes and p.score >= 0.1 for p in found)
    return person, patronymic


def is_place(word: str) -> bool:
    return any("Geox" in p.tag.grammemes and p.score >= 0.2 for p in parses(word))


@lru_cache(maxsize=50_000)
def may_be_name(word: str) -> bool:
    """Whether a Cyrillic capitalised word can be a name part where its place says so (after a role word, next to
    a first name): not a place, not an adjective, verb or other part of speech that a name never is."""
    if is_place(word):
        return False
    # the place is a noun's: any reading as a noun or a name will do, not only the dictionary's first guess
    # («Сорока» is first the numeral «сорока», then the bird)
    return any({"Name", "Surn", "Patr"} & p.tag.grammemes or p.tag.POS not in NOT_NAME_POS for p in parses(word))


@lru_cache(maxsize=50_000)
def is_first_name(word: str, least: float = 0.2) -> bool:
    """A first name or patronymic by the dictionary (a word next to it may be the surname: «Коваль Лидия»)."""
    return any({"Name", "Patr"} & p.tag.grammemes and p.score >= least for p in parses(word))


def _adjective(p) -> bool:
    """A reading as a plain adjective: not «наша», «эта» (Apro), «Первая» (Anum), nor an adjective of address."""
    return p.tag.POS == "ADJF" and not {"Apro", "Anum"} & p.tag.grammemes and p.normal_form not in ADDRESS_ADJECTIVES


def _name_forms(name: str) -> set[tuple]:
    return {(p.tag.case, p.tag.number, p.tag.gender) for p in parses(name)
            if {"Name", "Patr"} & p.tag.grammemes and p.score >= 0.1}


@lru_cache(maxsize=50_000)
def surname_beside_name(word: str, name: str, adjectives: bool = True) -> bool:
    """«Малая Тамара», «Марины Глухой», «Ольга Калуга», «коваль лидия»: ``word`` is the surname of the person whose
    first name or patronymic ``name`` is beside it — read as a surname, a noun or a place, it stands in the same
    case and number; read as an adjective (if ``adjectives``), in the same gender too («Дорогая Тамара» is an
    address, not a name). A common word for a person is not a surname («тётя вера ивановна»)."""
    forms = _name_forms(name)
    if not forms or any(p.normal_form in ADDRESS_ADJECTIVES for p in parses(word)):
        return False
    cases = {(c, n) for c, n, _ in forms}
    for p in parses(word):
        if "Surn" in p.tag.grammemes and ("Fixd" in p.tag.grammemes or (p.tag.case, p.tag.number) in cases):
            return True
        if adjectives and _adjective(p) and (p.tag.case, p.tag.number, p.tag.gender) in forms:
            return True
        if p.tag.POS == "NOUN" and ("anim" in p.tag.grammemes or "Geox" in p.tag.grammemes) and \
                p.normal_form not in PERSON_NOUNS and (p.tag.case, p.tag.number) in cases:
            return True
    return False


def _role_cases(role: str) -> set[str]:
    """The cases a role word stands in; a verb («звонила») takes its subject in the nominative."""
    found = parses(role)
    cases = {p.tag.case for p in found if p.tag.POS in ("NOUN", "ADJF", "PRTF") and p.tag.case}
    if not cases and any(p.tag.POS == "VERB" for p in found):
        return {"nomn"}
    if any(p.normal_form in RESIDENT_LEMMAS for p in found):
        cases.discard("gent")  # «жителя Красноярска»: the place of the resident
    return cases


@lru_cache(maxsize=50_000)
def in_apposition(word: str, role: str) -> bool:
    """«Электрик Горобец», «сосед Лысый», «заявительница Чёрная»: a place or an adjective after a role word is a
    surname if it stands in the role word's case («житель Красноярска», «заявитель Советского (района)» do not).
    ``role`` in lower case; the caller checks that no noun follows («заявителя Советского района»)."""
    cases = _role_cases(role)
    return any((p.tag.case in cases and p.tag.number == "sing") and
               ("Geox" in p.tag.grammemes or _adjective(p) or p.tag.POS == "NOUN") for p in parses(word))


@lru_cache(maxsize=50_000)
def is_complaint_verb(word: str) -> bool:
    """«пишет», «сообщает», «жалуется», «звонила», «обратился»: a complainant's verb, singular."""
    return any(p.tag.POS == "VERB" and p.normal_form in COMPLAINT_VERBS and p.tag.number == "sing" and
               (p.tag.tense == "past" or p.tag.person == "3per") for p in parses(word))


@lru_cache(maxsize=50_000)
def may_be_complainant(word: str) -> bool:
    """A lone capitalised word before a complainant's verb is a surname if it can be a living being that is not a
    common word for a person: «Соловей пишет», «Коваль сообщает», but not «Мама звонила», «Подрядчик пишет»,
    «Администрация сообщает» (inanimate), «Красноярск просит» (a place), «Дежурный сообщает» (an adjective)."""
    if is_place(word):
        return False
    return any(p.tag.POS == "NOUN" and "anim" in p.tag.grammemes and p.tag.case == "nomn" and
               p.tag.number == "sing" and p.normal_form not in PERSON_NOUNS for p in parses(word))


def modifies_next(word: str) -> bool:
    """Whether the lower-case word after an adjective is a noun or adjective it may modify («Советского района»)."""
    return any(p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in parses(word))
