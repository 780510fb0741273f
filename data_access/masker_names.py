"""Names of people in citizens' texts: Russian (the pymorphy3 dictionary: first names, surnames, patronymics in
any case, initials) and Latin-script ones (capitalised words next to each other, surname endings, initials).

Candidates are capitalised words and initials found by one linear scan; adjacent ones form a run, and a run is
judged as a whole: a word that may be a name next to another name part goes too (errs on the side of masking).
Dictionary look-ups are cached across texts and limited per text (``LOOKUP_BUDGET``): past it an unknown
capitalised word counts as a name, so a hostile text with a million different words costs a bounded time
and hides more, never less.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Each token is a capital letter not preceded by a letter (checked right after it: a pattern that starts with a
# character class is searched for at C speed), then the rest of a word in one script, or initials.
CYR_REST = r"(?<=[А-ЯЁ])[а-яё]++(?:-[А-ЯЁ][а-яё]++)?"
LAT_REST = r"(?<=[A-Z])[a-z]++(?:['’-][A-Z]?[a-z]++)?"
CAPS_REST = r"(?<=[А-ЯЁ])[А-ЯЁ]++(?:-[А-ЯЁ]{2,}+)?"  # «ИВАНОВА МАРИЯ»: names only in runs of two or more
TOKEN_RE = re.compile(rf"[А-ЯЁA-Z](?<![^\W\d_].)(?:(?P<cyr>{CYR_REST})|(?P<caps>{CAPS_REST})|(?P<lat>{LAT_REST})|"
                      r"(?P<ini>\.(?:[ \u00a0]?[А-ЯЁA-Z]\.)?))(?![^\W\d_])")
GAP_RE = re.compile(r"[ \u00a0\t,]*")
# Names written in lower case are found from a patronymic or initials («мария петровна», «иванова м.п.»).
LOWER_PATR_RE = re.compile(r"[а-яё](?<![^\W\d_].)[а-яё]{1,19}(?:овна|евна|ична|ович|евич|ьич)(?![^\W\d_])")
PATR_ENDINGS = ("овна", "евна", "ична", "ович", "евич", "ьич")  # a cheap test before the scan above
LOWER_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
LOWER_INI_RE = re.compile(r"\.[ \u00a0]?[а-яё]\.(?![^\W\d_])")  # «м.п.» from its first dot: a literal start
LOWER_BEFORE_RE = re.compile(r"(?<![^\W\d_])[а-яё]{2,30}[ \u00a0]{1,3}$")
LOWER_AFTER_RE = re.compile(r"[ \u00a0]{1,3}[а-яё]{2,30}(?![^\W\d_])")
LOOKUP_BUDGET = 500  # new words looked up per text (an unknown word costs up to ~1 ms)
CACHE_LIMIT = 200_000  # words remembered across texts
# Latin words that are not people in Russian texts: services, brands, places, English words.
LATIN_NOT_NAMES = frozenset("""
    The A An And Of In On At To For By From With Is Are Be Not No Yes Hello Hi Dear Mr Mrs Ms Dr Best Regards
    Thanks Thank You Please Sorry Ok Okay Street Road Avenue House Flat Park City Center Centre Mall Plaza Hotel
    Google Maps Map Yandex Go Taxi Market Eda Lavka Mail Gmail Outlook Yahoo Apple Iphone Ipad Android Samsung
    Xiaomi Huawei Honor Wildberries Ozon Avito Sber Sberbank Tinkoff Vtb Alfa Gazprom Telegram Whats App Whatsapp
    Viber Skype Zoom Vk Vkontakte Instagram Facebook Youtube Tiktok Rutube Max Wi Fi Wifi Internet Online Smart
    Lada Granta Vesta Kalina Priora Niva Largus Toyota Camry Corolla Hyundai Solaris Creta Kia Rio Sportage
    Renault Logan Sandero Duster Volkswagen Polo Skoda Octavia Rapid Nissan Mazda Ford Focus Chevrolet Mercedes
    Benz Audi Volvo Haval Chery Geely Kamaz Gazel Next Pro Plus Mini Super Coca Cola Pepsi Burger King Magnit
    Pyaterochka Perekrestok Lenta Auchan Metro Leroy Merlin Ikea Decathlon Sportmaster Dns Mvideo Eldorado Rostelecom
    Beeline Megafon Tele Mts Yota Dom Ru Krasnoyarsk Moscow Russia Siberia Arena Stadium School Club Fitness Cafe
    Bar Pizza Sushi Coffee Shop Store Service Services Group Company Team Support Admin Info Help Test
    Covid Pdf Excel Word Windows Microsoft Linux Error Ok Gps Glonass Qr Sms Id Tv
""".split())
# Russian surname endings: a word the dictionary thinks may be a surname and that ends so is one; a word so
# ending next to a first name or patronymic is the surname of that person («Кириллова Анастасия Дмитриевна»).
SURNAME_END_RE = re.compile(r"(?:ов|ова|ев|ёв|ева|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|ских|цких|ой|их|ых|ко|ук|юк|"
                            r"чук|ян|янц|дзе|швили|ич|ец|иди)$")
LATIN_SURNAME_RE = re.compile(r"(?:ov|ova|ev|eva|yov|yova|in|ina|yn|yna|sky|skiy|skii|skaya|skaia|enko|uk|yuk|chuk|"
                              r"ko|ich|vich|vna|ovna|evna|ovich|evich|idze|shvili|yan|ian|ov[ae]?)$")


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def name_kind(word: str) -> tuple[float, bool]:
    """(how likely the word is a first name or surname, whether it is a patronymic) by the dictionary."""
    parses = _morph().parse(word)
    person = sum(p.score for p in parses if {"Name", "Surn"} & p.tag.grammemes)
    patronymic = any("Patr" in p.tag.grammemes and p.score >= 0.1 for p in parses)
    return person, patronymic


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


def _lat_score(word: str) -> tuple[float, bool]:
    if word in LATIN_NOT_NAMES or word.capitalize() in LATIN_NOT_NAMES:
        return (0.0, False)
    if LATIN_SURNAME_RE.search(word.lower()) and len(word) > 3:
        return (0.6, word.lower().endswith(("vich", "vna", "ovna", "evna")))
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
    return spans + _lowercase_spans(text, budget)


def _judge(text: str, run: list[re.Match], budget: list[int], spans: list[tuple[int, int]]) -> None:
    """Add the name in ``run`` (tokens next to each other) to ``spans``, if there is one."""
    if len(run) == 1:  # the usual case: one capitalised word, a name only if the dictionary is sure
        tok = run[0]
        kind = tok.lastgroup
        if kind == "cyr":
            person, patr = _cyr_score(tok.group(), budget)
        elif kind == "lat":
            person, patr = _lat_score(tok.group())
        else:  # a word in capitals or a lone initial
            return
        if patr or person >= 0.5:
            spans.append((tok.start(), tok.end()))
        return
    scored = []
    for tok in run:
        if tok.lastgroup == "ini":
            scored.append((tok, 1.0, False, True))
        elif tok.lastgroup == "lat":
            scored.append((tok, *_lat_score(tok.group()), False))
        else:  # Cyrillic, capitalised or in capitals
            scored.append((tok, *_cyr_score(tok.group(), budget), False))
    spans += _run_span(text, scored)


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
    if any(scored[i][2] or (scored[i][1] >= 0.5 and scored[i][0].lastgroup == "cyr") for i in hit):
        if first > 0:
            tok, person = scored[first - 1][0], scored[first - 1][1]
            if "," not in text[tok.end():scored[first][0].start()] and \
                    (SURNAME_END_RE.search(tok.group()) or person > 0 and scored[first][2]):
                first -= 1  # «Кириллова Анастасия …», «Веру Ивановну»
        if last + 1 < len(scored):
            tok = scored[last + 1][0]
            if "," not in text[scored[last][0].end():tok.start()] and SURNAME_END_RE.search(tok.group()):
                last += 1  # «Анастасия Дмитриевна Кириллова»
    return [(scored[first][0].start(), scored[last][0].end())]


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
        if before is None or _cyr_score(before.group().rstrip(), budget)[0] < 0.5:
            continue
        after = LOWER_AFTER_RE.match(text, end) if kind == "patr" else None
        if after and SURNAME_END_RE.search(after.group()) and _cyr_score(after.group().strip(), budget)[0] >= 0.5:
            end = after.end()
        spans.append((before.start(), end))
    return spans
