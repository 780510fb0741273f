"""Names of people in citizens' texts: Russian (the pymorphy3 dictionary: first names, surnames, patronymics in
any case, initials) and Latin-script ones (capitalised words next to each other, surname endings, initials).

Candidates are capitalised words and initials found by one linear scan; adjacent ones form a run, and a run is
judged as a whole: a word that may be a name next to another name part goes too (errs on the side of masking).
Dictionary look-ups are cached across texts and limited per text (``LOOKUP_BUDGET``): past it an unknown
capitalised word counts as a name, so a hostile text with a million different words costs a bounded time
and hides more, never less.

A word the dictionary knows as something else (an adjective, a place, an animal) is a surname where its
context says so (``masker_morph``): beside a first name it agrees with, after a role word in its case, before
a complainant's verb. A name after «имени» («школа имени Пушкина») is an honorific, not a person.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from data_access.ingest import masker_morph as morph
from data_access.ingest.masker_morph import is_first_name, name_kind
from data_access.ingest.masker_words import CASELESS_CUES, CUE_CONNECTORS, CUE_WORDS, LATIN_NOT_NAMES

# Each token is a capital letter not preceded by a letter (checked right after it: a pattern that starts with a
# character class is searched for at C speed), then the rest of a word in one script, or initials.
CYR_REST = r"(?<=[А-ЯЁ])[а-яё]++(?:-[А-ЯЁ][а-яё]++)?"
LAT_REST = r"(?<=[A-Z])(?:[a-z]++(?:['’-][A-Z]?[a-z]++)?|['’][A-Z][a-z]++)"  # «O'Connor», «D’Artagnan»
CAPS_REST = r"(?<=[А-ЯЁ])[А-ЯЁ]++(?:-[А-ЯЁ]{2,}+)?"  # «ИВАНОВА МАРИЯ»: names only in runs of two or more
TOKEN_RE = re.compile(rf"[А-ЯЁA-Z](?<![^\W\d_].)(?:(?P<cyr>{CYR_REST})|(?P<caps>{CAPS_REST})|(?P<lat>{LAT_REST})|"
                      r"(?P<ini>\.(?:[ \u00a0]?[А-ЯЁA-Z]\.)?))(?![^\W\d_])")
GAP_RE = re.compile(r"[ \u00a0\t,]*")
# Names written in lower case are found from a patronymic or initials («мария петровна», «иванова м.п.»).
# A patronymic in any case («сергеевичу», «николаевне», «ивановной») and the spoken «михалыч», «петровна».
LOWER_PATR_RE = re.compile(r"[а-яё](?<![^\W\d_].)[а-яё]{1,19}(?:(?:овн|евн|ичн)(?:а|ы|е|у|ой|ою)|"
                           r"(?:ович|евич|ьич|ыч)(?:а|у|ем|е)?)(?![^\W\d_])")
PATR_ENDINGS = ("овн", "евн", "ичн", "вич", "ьич", "ыч")  # a cheap test before the scan above
LOWER_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
LOWER_INI_RE = re.compile(r"\.[ \u00a0]?[а-яё]\.(?![^\W\d_])")  # «м.п.» from its first dot: a literal start
LOWER_BEFORE_RE = re.compile(r"(?<![^\W\d_])[а-яё]{2,30}[ \u00a0]{1,3}$")
LOWER_AFTER_RE = re.compile(r"[ \u00a0]{1,3}[а-яё]{2,30}(?![^\W\d_])")
LOOKUP_BUDGET = 500  # new words looked up per text (an unknown word costs up to ~1 ms)
CACHE_LIMIT = 200_000  # words remembered across texts
# Russian surname endings: a word the dictionary thinks may be a surname and that ends so is one; a word so
# ending next to a first name or patronymic is the surname of that person («Кириллова Анастасия Дмитриевна»).
SURNAME_END_RE = re.compile(r"(?:ов|ова|ев|ёв|ева|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|ских|цких|ой|их|ых|ко|ук|юк|"
                            r"чук|ян|янц|дзе|швили|ич|ец|иди)$")
LATIN_SURNAME_RE = re.compile(r"(?:ov|ova|ev|eva|yov|yova|in|ina|yn|yna|sky|skiy|skii|skaya|skaia|enko|uk|yuk|chuk|"
                              r"ko|ich|vich|vna|ovna|evna|ovich|evich|idze|shvili|yan|ian|ov[ae]?)$")
LATIN_FIRST_NAMES_FILE = Path(__file__).with_name("latin_first_names.txt")  # scripts/make_latin_names.py
LOWER_NAMES_FILE = Path(__file__).with_name("lower_names.txt")  # scripts/make_lower_names.py
# Every lower-case word of three letters or more: the words of a text (or a batch of texts) are gathered in C, then
# met with the list of names as sets; only the names found are looked for again, by their own pattern.
LOWER_WORD_RE = re.compile(r"[а-яё](?<![^\W\d_].)[а-яё]{2,29}(?![^\W\d_])")
CUE_GAP = " \u00a0,:;"  # what may stand between a role word and the name
PREV_WORD_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]{1,30}$")
# «школа имени Пушкина», «парк им. Гагарина»: an honorific name, not a person's — unless «от имени», «по имени».
HONORIFIC_RE = re.compile(r"(?:(?<![^\W\d_])([^\W\d_]{1,10})[ \u00a0]{1,3})?(?<![^\W\d_])(?:имени|им\.)[ \u00a0]{1,3}$")
NOT_HONORIFIC = frozenset({"от", "по"})
# «в парке Горького», «сквер Сурикова», «остров Татышев», «на остановке «Мичурина»»: a place named after a person
# (how the word before the name begins; tested with ``str.startswith``).
PLACE_STEMS = ("парк", "сквер", "остров", "мост", "бульвар", "проспект", "стадион", "площад", "улиц", "остановк",
               "набережн", "алле", "рощ", "микрорайон")
# How the complainant's verbs of ``masker_words.COMPLAINT_VERBS`` begin: a string test before the dictionary.
COMPLAINT_STARTS = ("пиш", "писа", "напис", "сообщ", "жал", "пожал", "прос", "попрос", "звон", "позвон", "обра",
                    "треб", "потреб", "возмущ", "интерес", "спраш", "спрос", "указ", "поясн", "утвержд", "заяв",
                    "благодар", "поблагодар")
NEXT_WORD_RE = re.compile(r"[ \u00a0]{1,3}([а-яё]{2,30})(?![^\W\d_])")  # the lower-case word after a run


@lru_cache(maxsize=1)
def latin_first_names() -> frozenset[str]:
    """First names in Latin script (``latin_first_names.txt``, built from Faker by scripts/make_latin_names.py)."""
    lines = LATIN_FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


@lru_cache(maxsize=1)
def lower_names() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames): word forms that are a person in lower case too (``lower_names.txt``, built from the
    dictionary by scripts/make_lower_names.py)."""
    first, surnames = set(), set()
    for line in LOWER_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line[:2] == "F ":
            first.add(line[2:])
        elif line[:2] == "S ":
            surnames.add(line[2:])
    return frozenset(first), frozenset(surnames)


def may_be_name(word: str) -> bool:
    """Whether a capitalised word can be a name part where its place says so (``masker_morph.may_be_name``)."""
    if word.isascii():
        return word not in LATIN_NOT_NAMES and word.capitalize() not in LATIN_NOT_NAMES
    return morph.may_be_name(word)


def cued(text: str, start: int) -> str | None:
    """The role word (``CUE_WORDS``, lower case) right before ``start``, or up to two connecting words before it;
    None if there is none. Bounded: at most three words of at most 30 letters are looked at."""
    end = start
    for _ in range(3):
        j = end
        while j > 0 and end - j < 4 and text[j - 1] in CUE_GAP:
            j -= 1
        if j == 0 or (j == end and end != start):
            return None
        if text[j - 1] == ".":  # only an abbreviation: «гр.»
            m = PREV_WORD_RE.search(text, max(0, j - 6), j - 1)
            word = m.group().lower() + "." if m else ""
            return word if word in CUE_WORDS else None
        if j == end:  # the name is glued to what is before it
            return None
        m = PREV_WORD_RE.search(text, max(0, j - 30), j)
        if m is None:
            return None
        word = m.group().lower()
        if word in CUE_WORDS:
            return word
        if word not in CUE_CONNECTORS:
            return None
        end = m.start()
    return None


def _place_before(text: str, start: int) -> bool:
    """A quote or a place word («парке», «сквера», «остановке») right before ``start``: what follows names a place."""
    if not start:
        return False
    if text[start - 1] in "«\"":
        return True
    if text[start - 1] not in " \u00a0" or start < 2:
        return False
    lo = max(0, start - 16)
    word_start = max(text.rfind(" ", lo, start - 1), text.rfind("\u00a0", lo, start - 1), lo - 1)
    word = text[word_start + 1:start - 1]
    return word.isalpha() and word.lower().startswith(PLACE_STEMS)


def _honorific_end(text: str, run: list[re.Match]) -> int:
    """How many tokens of ``run`` are an honorific name after «имени» / «им.» («школа имени А. С. Пушкина»,
    «имени Льва Толстого»): initials and first names, then one more word, the surname, at most; the rest of the run
    («…имени Пушкина Иванова Мария») is judged as names are. 0 when «имени» is not before the run or is «от
    имени», «по имени» (a person)."""
    start = run[0].start()
    if not _place_before(text, start):
        if text.find("им", max(0, start - 9), start) < 0:  # a substring test before the pattern, which is slower
            return 0
        m = HONORIFIC_RE.search(text, max(0, start - 20), start)
        if m is None or (m.group(1) or "").lower() in NOT_HONORIFIC:
            return 0
    for i, tok in enumerate(run):
        if i and "," in text[run[i - 1].end():tok.start()]:
            return i
        if tok.lastgroup != "ini" and not (tok.lastgroup == "cyr" and is_first_name(tok.group())):
            return i + 1  # the surname ends the honorific
    return len(run)


def _affordable(budget: list[int], *words: str) -> bool:
    """Whether the dictionary may be asked about ``words`` for the rules of context (``masker_morph``): each word
    it has not seen yet costs one look-up of the text's budget."""
    new = sum(not morph.looked_up(w) for w in words)
    if new > budget[0]:
        return False
    budget[0] -= new
    return True


_KNOWN: dict[str, tuple[float, bool]] = {}


def _cyr_score(word: str, budget: list[int]) -> tuple[float, bool]:
    found = _KNOWN.get(word)
    if found is not None:
        return found
    if budget[0] <= 0:
        return (1.0, False)  # over budget: a capitalised word counts as a name (hide more, never less)
    budget[0] -= 1
    if len(_KNOWN) >= CACHE_LIMIT:
        _KNOWN.clear()
    person, patronymic = name_kind(word)
    if 0.1 <= person < 0.5 and SURNAME_END_RE.search(word):
        person = 0.5  # «Романов»: the dictionary hesitates, the ending decides
    found = _KNOWN[word] = (person, patronymic)
    return found


def _caps_score(word: str, budget: list[int]) -> tuple[float, bool]:
    """A word in capitals scored as a name only if the dictionary knows it: «ЕДДС», «МКД» are not names."""
    if not _affordable(budget, word.capitalize()):
        return (1.0, False)  # over budget: hide more, never less
    return _cyr_score(word.capitalize(), budget) if morph.is_known(word) else (0.0, False)


def _lat_score(word: str) -> tuple[float, bool]:
    if word in LATIN_NOT_NAMES or word.capitalize() in LATIN_NOT_NAMES:
        return (0.0, False)
    if LATIN_SURNAME_RE.search(word.lower()) and len(word) > 3:
        return (0.6, word.lower().endswith(("vich", "vna", "ovna", "evna")))
    if word in latin_first_names():
        return (0.5, False)  # «Thank you, Anna!»
    return (0.3, False)  # a capitalised Latin word: a name when next to another name part


def name_spans(text: str, skip: list[tuple[int, int]], texts: int = 1) -> list[tuple[int, int]]:
    """(start, end) of the names in ``text``; tokens starting inside a ``skip`` range (sorted: streets) are
    not candidates. ``texts``: how many texts ``text`` joins (``masker.mask_many``): the look-up budget is per text.

    One pass: tokens separated only by spaces and commas form a run, judged as soon as it ends."""
    budget = [LOOKUP_BUDGET * texts]
    spans: list[tuple[int, int]] = []
    run: list[re.Match] = []
    k, n_skip, prev_end = 0, len(skip), -1
    gap = GAP_RE.fullmatch
    for tok in TOKEN_RE.finditer(text):
        start = tok.start()
        while k < n_skip and skip[k][1] <= start:
            k += 1
        if k < n_skip and skip[k][0] <= start:
            continue
        if run and (start - prev_end != 1 or text[prev_end] != " ") and gap(text, prev_end, start) is None:
            _judge(text, run, budget, spans)
            run = []
        run.append(tok)
        prev_end = tok.end()
    if run:
        _judge(text, run, budget, spans)
    return _union(spans + _lowercase_spans(text, budget) + _lower_name_spans(text, skip, budget))


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans as one: the rules may find «сидоренко» and «сидоренко олег иванович»; the longer stays."""
    if len(spans) < 2:
        return spans
    spans.sort()
    out = [spans[0]]
    for a, b in spans[1:]:
        if a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


_OPENINGS: dict[tuple[str, str], bool] = {}  # (word, the lower-case word after it) -> a name, for a text's first word
OPENING = frozenset("\x00\n")  # what a text's first word follows: ``masker_phones.SEPARATOR`` of joined texts, a line


def _judge(text: str, run: list[re.Match], budget: list[int], spans: list[tuple[int, int]]) -> None:
    """``_judge_run``, remembered for a lone word opening a text or a line: there nothing before it counts (no role
    word, no «имени»), so the verdict is the word's and the next word's alone — and every text has such a word."""
    tok = run[0]
    start = tok.start()
    if len(run) > 1 or tok.lastgroup != "cyr" or start and text[start - 1] not in OPENING:
        _judge_run(text, run, budget, spans)
        return
    after = NEXT_WORD_RE.match(text, tok.end())
    key = (tok.group(), after.group(1) if after else "")
    found = _OPENINGS.get(key)
    if found is None:
        before = len(spans)
        _judge_run(text, run, budget, spans)
        if budget[0] > 0:  # judged within the budget (over it, a word counts as a name: not remembered)
            if len(_OPENINGS) >= CACHE_LIMIT:
                _OPENINGS.clear()
            _OPENINGS[key] = len(spans) > before
    elif found:
        spans.append(tok.span())


def _judge_run(text: str, run: list[re.Match], budget: list[int], spans: list[tuple[int, int]]) -> None:
    """Add the name in ``run`` (tokens next to each other) to ``spans``, if there is one.

    A role word opening the run («Жилец Мороз») is not part of it, and what follows it is a name; so is a run that
    a role word in lower case stands before («гр. Соловей», «старшая по дому Кравец»)."""
    honorific = _honorific_end(text, run)
    if honorific:
        run = run[honorific:]
        if not run:
            return
    role = run[0].group().lower() if run[0].lastgroup == "cyr" and run[0].group().lower() in CUE_WORDS else None
    if role:
        run = run[1:]
        while run and run[0].lastgroup == "caps" and _caps_score(run[0].group(), budget)[0] < 0.5:
            run = run[1:]  # «Диспетчер ЕДДС Бобёр», «мастер УК Соловей»: the organisation stands between
        if not run:
            return
    found = _name_in(text, run, budget)
    if found:
        spans += found
        return
    role = role or cued(text, run[0].start())
    if role:
        while len(run) > 1 and run[0].lastgroup == "caps" and _caps_score(run[0].group(), budget)[0] < 0.5:
            run = run[1:]  # «мастер УК Окунь»: the organisation between the role and the name stays
        names = 0
        for tok in run:  # from the first token, while the tokens may be names
            if tok.lastgroup != "ini" and not may_be_name(tok.group()):
                break
            names += 1
        if not names and len(run) == 1 and _apposition(text, run[0], role, budget):
            names = 1  # «Электрик Горобец», «сосед Лысый»
        if names:
            spans.append((run[0].start(), run[names - 1].end()))
    elif run[-1].lastgroup == "cyr" and _before_complaint(text, run[-1], budget) and \
            all(t.lastgroup == "cyr" and not may_be_name(t.group()) for t in run[:-1]):
        spans.append(run[-1].span())  # «Соловей пишет», «Также Коваль сообщает»


def _apposition(text: str, tok: re.Match, role: str, budget: list[int]) -> bool:
    """A place or an adjective alone after a role word, in its case and modifying no noun after it, is a surname."""
    word = tok.group()
    after = NEXT_WORD_RE.match(text, tok.end())
    if not _affordable(budget, word, role.rstrip("."), *([after.group(1)] if after else [])):
        return True  # over budget: hide more, never less
    if role not in CASELESS_CUES and not morph.in_apposition(word, role.rstrip(".")):
        return False
    return after is None or not morph.modifies_next(after.group(1))


_COMPLAINTS: dict[tuple[str, str], bool] = {}  # (word, the verb-like word after it) -> judged, across texts


def _before_complaint(text: str, tok: re.Match, budget: list[int]) -> bool:
    """A lone capitalised word that may be a living being, right before a complainant's verb, is its surname."""
    after = NEXT_WORD_RE.match(text, tok.end())
    if after is None or not after.group(1).startswith(COMPLAINT_STARTS):
        return False
    pair = (tok.group(), after.group(1))
    found = _COMPLAINTS.get(pair)  # «Текст обращения…», «Иванов пишет…» open many texts: judged once
    if found is not None:
        return found
    if not _affordable(budget, *pair):
        return True  # over budget: hide more, never less (and not remembered)
    if len(_COMPLAINTS) >= CACHE_LIMIT:
        _COMPLAINTS.clear()
    word, verb = pair
    found = _COMPLAINTS[pair] = word.lower() not in CUE_WORDS and morph.is_complaint_verb(verb) and \
        morph.may_be_complainant(word)
    return found


def _name_in(text: str, run: list[re.Match], budget: list[int]) -> list[tuple[int, int]]:
    if len(run) == 1:  # the usual case: one capitalised word, a name only if the dictionary is sure
        tok = run[0]
        kind = tok.lastgroup
        if kind == "cyr":
            person, patr = _cyr_score(tok.group(), budget)
        elif kind == "lat":
            person, patr = _lat_score(tok.group())
        elif kind == "caps":  # «ТАНЯ из третьего подъезда», «ХАЛИМОВ»: as the capitalised word, if the dictionary
            person, patr = _caps_score(tok.group(), budget)  # knows it (abbreviations are guessed as surnames)
        else:  # a lone initial
            return []
        return [(tok.start(), tok.end())] if patr or person >= 0.5 else []
    scored = []
    for tok in run:
        if tok.lastgroup == "ini":
            scored.append((tok, 1.0, False, True))
        elif tok.lastgroup == "lat":
            scored.append((tok, *_lat_score(tok.group()), False))
        else:  # Cyrillic, capitalised or in capitals
            scored.append((tok, *_cyr_score(tok.group(), budget), False))
    return _run_span(text, scored)


def _run_span(text: str, scored: list) -> list[tuple[int, int]]:
    """The name in a run of two or more candidates ``scored`` as (token, person score, patronymic, initials): from
    its first name part to its last one, or nothing. Index arithmetic only: a run may hold 100,000 tokens."""
    strong = [i for i, (t, p, patr, ini) in enumerate(scored) if patr or p >= 0.5]
    weak = [i for i, (t, p, patr, ini) in enumerate(scored) if not patr and 0.1 <= p < 0.5]
    initials = [i for i, (t, p, patr, ini) in enumerate(scored) if ini]
    latin = [i for i, (t, p, patr, ini) in enumerate(scored) if t.lastgroup == "lat" and p > 0]
    hit = []
    if len(strong) + len(weak) + len(initials) >= 2 and (strong or initials or len(latin) >= 2):
        hit = [i for i, (t, p, patr, ini) in enumerate(scored) if patr or ini or p >= 0.1]
    elif strong:
        hit = strong
    if not hit:
        return []
    first, last = hit[0], hit[-1]
    if scored[first][3] and not all(scored[i][3] for i in hit) and first > 0 and _glued(text, scored, first - 1) and \
            scored[first - 1][0].lastgroup in ("cyr", "caps"):
        first -= 1  # «Берёза Т. А., Кулик С. В.»: the word before the first initials is a surname too
    if all(scored[i][3] for i in hit):  # initials alone: a capitalised word right beside them is the surname
        if first > 0 and _glued(text, scored, first - 1) and scored[first - 1][0].lastgroup in ("cyr", "caps"):
            first -= 1  # «Гусь В. П.»
        elif last + 1 < len(scored) and _glued(text, scored, last) and scored[last + 1][0].lastgroup in ("cyr", "caps"):
            last += 1  # «В. П. Гусь»
    if any(scored[i][2] or (scored[i][1] >= 0.5 and scored[i][0].lastgroup == "cyr") for i in hit):
        if first > 0 and _glued(text, scored, first - 1):
            tok, person = scored[first - 1][0], scored[first - 1][1]
            if SURNAME_END_RE.search(tok.group()) or person > 0 and scored[first][2] or \
                    _surname_beside(tok, scored[first][0]):
                first -= 1  # «Кириллова Анастасия …», «Веру Ивановну», «Коваль Лидия»
        if last + 1 < len(scored) and _glued(text, scored, last):
            tok = scored[last + 1][0]
            if SURNAME_END_RE.search(tok.group()) or _surname_beside(tok, scored[last][0]):
                last += 1  # «Анастасия Дмитриевна Кириллова», «Снежана Лис»
    return [(scored[first][0].start(), scored[last][0].end())]


def _glued(text: str, scored: list, i: int) -> bool:
    """Tokens ``i`` and ``i + 1`` of a run are separated by spaces only (a comma ends a name)."""
    return "," not in text[scored[i][0].end():scored[i + 1][0].start()]


def _surname_beside(tok: re.Match, name: re.Match) -> bool:
    """A capitalised Cyrillic word right beside a first name or patronymic is that person's surname, whatever else
    the dictionary knows it as («Коваль Лидия», «Волк Сергей»), unless it is a role word, a place or an adjective."""
    word = tok.group().capitalize()  # «ЛЕВ ГРИГОРЬЕВИЧ ЗИМА»: a run in capitals, read as capitalised
    if tok.lastgroup not in ("cyr", "caps") or name.lastgroup not in ("cyr", "caps") or word.lower() in CUE_WORDS:
        return False
    if not is_first_name(name.group().capitalize()):
        return False
    return may_be_name(word) or morph.surname_beside_name(word, name.group().capitalize())


def _lowercase_spans(text: str, budget: list[int]) -> list[tuple[int, int]]:
    """Names in lower case: a first name before a patronymic, a surname before initials (and a surname after)."""
    spans = []
    patronymics = LOWER_PATR_RE.finditer(text) if any(e in text for e in PATR_ENDINGS) else ()
    # «м.п.»: the dot run found first, then a lower-case letter before it that starts a word
    initials = [(m.start() - 1, m.end(), "ini") for m in LOWER_INI_RE.finditer(text)
                if m.start() > 0 and text[m.start() - 1] in LOWER_LETTERS
                and (m.start() == 1 or not text[m.start() - 2].isalpha())]
    anchors = [(m.start(), m.end(), "patr") for m in patronymics] + initials
    for start, end, kind in sorted(anchors):
        if kind == "patr" and not _cyr_score(text[start:end], budget)[1]:
            continue
        before = LOWER_BEFORE_RE.search(text, max(0, start - 34), start)
        first = before.group().rstrip() if before else ""
        # before a patronymic a first name the dictionary doubts will do («вера николаевна»)
        if not first or _cyr_score(first, budget)[0] < 0.5 and not (kind == "patr" and is_first_name(first, 0.1)):
            if kind == "patr":
                spans.append((start, end))  # a patronymic alone names the person: «михалыч пришёл»
            continue
        if kind == "patr":
            surname = LOWER_BEFORE_RE.search(text, max(0, before.start() - 34), before.start())
            if surname and _lower_surname(surname.group().rstrip(), first, budget, adjectives=True):
                before = surname  # «петрова анна сергеевна», «коваль лидия ивановна»
        after = LOWER_AFTER_RE.match(text, end) if kind == "patr" else None
        if after and _lower_surname(after.group().strip(), text[start:end], budget, adjectives=False):
            end = after.end()  # «анна сергеевна иванова», «анна сергеевна сорока»
        spans.append((before.start(), end))
    return spans


def _lower_surname(word: str, name: str, budget: list[int], adjectives: bool) -> bool:
    """A lower-case word beside a first name and patronymic is the surname: by its ending, or agreeing with the
    name (``masker_morph.surname_beside_name``; an adjective only before the name: after it, it may describe
    the person, «анна петровна новая соседка»). Not a role word («соседка анна петровна»)."""
    if word in CUE_WORDS:
        return False
    person = _cyr_score(word, budget)[0]
    if person >= 0.5 and SURNAME_END_RE.search(word):
        return True
    return morph.surname_beside_name(word, name, adjectives)


def _lower_name_spans(text: str, skip: list[tuple[int, int]], budget: list[int]) -> list[tuple[int, int]]:
    """Names written in lower case without a patronymic or initials: a first name («марина», «сашка», «ивану») with
    the surname beside it («марина кот»), or a surname alone («кузнецовой») — forms of ``lower_names()``. Not in a
    street (``skip``) and not an honorific («школа имени пушкина»)."""
    first, surnames = lower_names()
    found = set(LOWER_WORD_RE.findall(text))
    hits = (found & first) | (found & surnames)
    if not hits:
        return []
    pattern = re.compile(rf"(?=[{''.join(sorted({w[0] for w in hits}))}])(?<![^\W\d_])"
                         rf"(?:{'|'.join(sorted(map(re.escape, hits), key=len, reverse=True))})(?![^\W\d_])")
    spans: list[tuple[int, int]] = []
    k, n_skip = 0, len(skip)
    for m in pattern.finditer(text):
        start, end = m.span()
        while k < n_skip and skip[k][1] <= start:
            k += 1
        if k < n_skip and skip[k][0] <= start or spans and start < spans[-1][1]:
            continue
        if text.find("им", max(0, start - 9), start) >= 0 and HONORIFIC_RE.search(text, max(0, start - 20), start):
            continue
        word = m.group()
        if word in first:
            before = LOWER_BEFORE_RE.search(text, max(0, start - 34), start)
            if before and _affordable(budget, before.group().rstrip()) and \
                    _lower_surname(before.group().rstrip(), word, budget, adjectives=False):
                start = before.start()  # «кот марина»
            after = LOWER_AFTER_RE.match(text, end)
            if after and _affordable(budget, after.group().strip()) and \
                    _lower_surname(after.group().strip(), word, budget, adjectives=False):
                end = after.end()  # «марина кот», «саша кузнецов»
        spans.append((start, end))
    return spans
