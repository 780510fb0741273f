"""Masking of citizens' personal data (152-ФЗ) in texts and addresses, in linear time.

Names (``masker_names``), phone numbers (``masker_phones``), e-mails and flats are replaced by marks; the
street and, for officials, the house stay, so the place of a problem is still readable. The strict mode of
the meeting screen hides houses too. The importer and the demo generator store masked copies at load time
(``masked_copies``); pages read them, never mask at a render.

Linear time, by construction rather than by luck: every pattern here either starts with a look-behind that
fails in one step inside a run of its own characters (so a run is scanned from its start only) or can never
fail once its first character matched; repetitions are possessive or bounded, so nothing is re-scanned. Span
lists are merged in one sorted pass. ``MAX_CHARS`` bounds a field: the rest of a longer one is dropped from the
masked copy with a note. ``tests/test_masking_hostile.py`` checks the growth on hostile inputs.
"""
from __future__ import annotations

import gc
import re
from bisect import bisect_left
from itertools import accumulate
from contextlib import contextmanager

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data_access.ingest.masker_morph import is_first_name, is_known, name_kind
from data_access.ingest.masker_names import name_spans
from data_access.ingest.masker_phones import SEPARATOR, phone_spans

NAME = "[ФИО]"
PHONE = "[телефон]"
EMAIL = "[e-mail]"
HOUSE = "[дом скрыт]"
MAX_CHARS = 2_000_000  # a field longer than this keeps its masked beginning and a note
TOO_LONG = " […текст длиннее {:,} знаков: окончание скрыто]"
MASKED_COLUMNS = {"text": "text_masked", "answer_text": "answer_masked", "address": "address_masked"}

# Control and invisible format characters (tabs and line breaks stay): they could split a name or a number
# so that no pattern sees it, and they have no business in a shown text.
_INVISIBLE = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), *range(127, 160), 0xAD, 0x034F, 0x061C,
                            0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                            *range(0x2060, 0x2070), 0x3164, 0xFEFF, 0xFFA0])
INVISIBLE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _INVISIBLE) + "]")
_INVISIBLE_BUT_SEPARATOR = {c: v for c, v in _INVISIBLE.items() if chr(c) != SEPARATOR}
INVISIBLE_BUT_SEPARATOR_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _INVISIBLE_BUT_SEPARATOR) + "]")
# Latin letters that look Cyrillic: in a word that mixes both scripts they are read as Cyrillic («Ивaнов»).
_HOMOGLYPHS = str.maketrans("aeopcxyAEOPCXYBKMHT", "аеорсхуАЕОРСХУВКМНТ")
MIXED_RE = re.compile(r"[а-яёА-ЯЁ][a-zA-Z]|[a-zA-Z][а-яёА-ЯЁ]")  # two scripts side by side in one word
LATIN_RE = re.compile(r"[a-zA-Z]")
LETTERS_BEFORE = re.compile(r"[^\W\d_]{0,40}$")
LETTERS_AFTER = re.compile(r"[^\W\d_]{0,40}")

EMAIL_RE = re.compile(r"(?<![\w.+\-])[\w.+\-]++@[\w\-]++(?:\.[\w\-]++)++")
# Full street words may open a sentence («Улица Тамары Малой»); abbreviations only in lower case («Ш.», «Пр.» are
# initials more often), and not «Площадь», «Проезд» («Площадь 54 кв. м», «Проезд 45 руб.»).
STREET_WORD = (r"(?:ул(?:ица|\.)?|Улица|Проспект|Переулок|Бульвар|Шоссе|Набережная|Микрорайон|"
               r"пр(?:-к?т|оспект|\.)|пер(?:еулок|\.)|б(?:ульвар|-р)|ш(?:оссе|\.)|"
               r"пл(?:ощадь|\.)|наб(?:ережная|\.)|мкр(?:-н|\.|н)?|микрорайон|проезд|тракт|пос(?:ёлок|елок|\.))")
# A street name: the street word and up to four words/numbers after it («ул. 78 Добровольческой Бригады»); a dot
# only after an initial («ул. А. Лебедева»): after a word it ends the sentence («…ул. Свердловской. Заявитель …»).
STREET_NAME = r"(?:[«\"]?[А-ЯЁA-Z0-9](?:\.|[\w«»\"\-]{0,40})[ \u00a0]{0,3}){1,4}"
STREET_RE = re.compile(rf"{STREET_WORD}[ \u00a0]{{0,3}}(?:им\.[ \u00a0]{{0,3}})?{STREET_NAME}")
# In capitals («НА УЛ. ВАВИЛОВА») and in Latin letters («Ulitsa Mira»): a second pattern, run only where a
# substring says it may match (one pattern with both is scanned three times slower).
MORE_STREET_WORD = r"(?:УЛ(?:ИЦА|\.)|ПР(?:ОСПЕКТ|\.|-Т)|ПЕР(?:ЕУЛОК|\.)|[Uu]l(?:itsa|\.)|[Pp]rospekt)"
MORE_STREET_RE = re.compile(rf"{MORE_STREET_WORD}[ \u00a0]{{0,3}}{STREET_NAME}")
MORE_STREET_HINTS = ("УЛ", "ПР", "ПЕР", "Ul", "ul", "Prospekt", "prospekt")  # where a match may start
# «Lenina str.», «Karl Marx Street»: a Latin street name before its street word.
LATIN_STREET_RE = re.compile(r"[A-Z][a-z]++(?:[ \u00a0][A-Z][a-z]++)?(?=[ \u00a0]{1,2}(?:[Ss]treet|[Ss]tr\.|[Ss]t\.|"
                             r"[Aa]venue|[Aa]ve\.|[Pp]rospekt|[Uu]litsa)(?![a-z]))")
LATIN_STREET_HINTS = ("treet", "tr.", "t.", "venue", "ve.", "rospekt", "litsa")
# «живу на Копылова 19», «на павлова 44»: a street named after a person (a genitive: «-ова», «-ина», «-ого») without
# its street word, told by the house number after it. Only
# after «на», «по», «до», «с», «от» (a person after them seldom has a number next: «у Петрова 3 собаки» is not taken), and not
# before a count («на Иванова 3 жалобы»).
BARE_PREPOSITION = r"(?=[нпдсоНПДСО])(?<![^\W\d_])(?:[Нн][аА]|[Пп][оО]|[Дд][оО]|[Сс]|[Оо][тТ])[ \u00a0]{1,3}"
BARE_HOUSE = (r"[ \u00a0,]{1,3}"
              r"(\d{1,4}+(?:[а-яa-z](?![^\W\d_]))?(?:/\d{1,3})?(?:[ \u00a0]?[-–][ \u00a0]?\d{1,4})?)"
              r"(?![\d:.,\-–/]\d)"
              r"(?![ \u00a0]{0,2}(?:раз|час|мин|сут|дн|дня|лет|год|недел|месяц|руб|р\.|тыс|%|чел|шт|"
              r"кош|собак|обращ|жалоб|заяв|звон|этаж|подъезд|градус|°))")
# a distance or a count of things after a street's number: the street stays, the number is no house («на Ленина 200
# метров», «на Ленина 3 ямы»)
NOT_A_HOUSE_RE = re.compile(r"[ \u00a0]{0,2}(?:метр|км\b|шаг|минут|ям(?:ы|\b))")
BARE_STREET_RE = re.compile(BARE_PREPOSITION
                            + r"((?:[А-ЯЁа-яё][а-яё]{2,30}[ \u00a0])?[А-ЯЁа-яё][а-яё]{1,28}(?:ова|ева|ёва|ина|ына|ого|его))"
                            + BARE_HOUSE)
# «на Щорса 43», «с Маерчака 8», «по Карла Маркса 48», «НА ЩОРСА 12», «на щорса 12»: the genitive of a surname that
# ends in a consonant («Щорс», «Маерчак»), if the dictionary does not know the word as a first name («на Ивана 5»
# stays a person); in lower case only a word the dictionary knows as a surname alone, or does not know («от дома 10
# метров», «до вечера 5» are not streets: ``_bare_a_street``)
BARE_STREET_A_RE = re.compile(BARE_PREPOSITION + r"((?:[А-ЯЁ][а-яё]{1,20}[ \u00a0])?[А-ЯЁ][а-яё]{1,28}[бвгджзклмнпрстфхцчшщ]а"
                              r"|[а-яё]{2,29}[бвгджзклмнпрстфхцчшщ]а|[А-ЯЁ]{2,29}[БВГДЖЗКЛМНПРСТФХЦЧШЩ]А)" + BARE_HOUSE)
BARE_STREET_A_ENDS = (re.compile(r"[бвгджзклмнпрстфхцчшщ]а[ \u00a0,]{1,3}\d"),
                      re.compile(r"[БВГДЖЗКЛМНПРСТФХЦЧШЩ]А[ \u00a0,]{1,3}\d"))
STREET_NUMBER = re.compile(rf"{STREET_WORD}[ \u00a0]{{0,3}}\d")  # «ул. 9 Мая»: the number is the name
TRAILING_NUMBER = re.compile(r"[ \u00a0,]{0,3}\d{1,5}[\w/]{0,6}(?:[ \u00a0]{0,3}[-–][ \u00a0]{0,3}\d{1,5})?"
                             r"[ \u00a0]{0,3}")
NUMBER_AFTER_STREET = re.compile(r"[ \u00a0,]{0,3}\d{1,5}[\w/]{0,6}(?:[ \u00a0]{0,3}[-–][ \u00a0]{0,3}\d{1,5})?")
FLAT_IN_HOUSE = re.compile(r"[ \u00a0]{0,3}[-–][ \u00a0]{0,3}\d{1,5}")
# The look-ahead names the first letters: the scan skips other characters at C speed (2.5× faster).
HOUSE_RE = re.compile(r"(?=[дкс])(?:д(?:ом[ауе]?|\.)|корп(?:ус|\.)|к\.|стр(?:оение|\.))[ \u00a0]{0,3}№?[ \u00a0]{0,3}"
                      r"\d{1,5}+(?![ \u00a0]{0,2}(?:метр|км\b|шаг|минут|ям(?:ы|\b)))[\w/\-]{0,8}", re.IGNORECASE)
FLAT_WORD = r"(?:кв(?:артир[а-яё]{0,3}|\.|-ра)?|комн(?:ат[а-яё]{0,3}|\.)?)"
LATIN_FLAT_WORD = r"(?:apt\.?|apartment|flat|kv\.?)"  # «apt. 33», «flat 17», «kv 21»: apart, as the streets above
LATIN_FLAT_HINTS = ("apt", "Apt", "APT", "apartment", "Apartment", "flat", "Flat", "FLAT", "kv", "Kv", "KV")
FLAT_REST = (r"[ \u00a0]{0,3}№?[ \u00a0]{0,3}\d{1,5}+\w{0,3}+"
                     r"(?![ \u00a0]{0,2}(?:градус|°|руб|р\.|₽|человек|лет\b|год|м2|м²|кв\.? ?м\b|час|минут|"
                     r"дн(?:я|ей)\b|%|раза?\b))")
FLAT_RE = re.compile(FLAT_WORD + FLAT_REST, re.IGNORECASE)  # «в квартире 16 градусов» is a temperature
LATIN_FLAT_RE = re.compile(LATIN_FLAT_WORD + FLAT_REST, re.IGNORECASE)
# «с 7-й квартиры», «из 12-й комнаты»: the ordinal before the word
FLAT_ORDINAL_RE = re.compile(r"\d(?<![\w.,]\d)\d{0,4}-?(?:й|я|ю|ой|ей)[ \u00a0]{1,2}(?:квартир|комнат)[а-яё]{0,3}",
                             re.IGNORECASE)
FLAT_WORDS = ("квартир", "комнат", "Квартир", "Комнат", "КВАРТИР", "КОМНАТ")  # the ordinal ends right before one
# A street named after a person ends so, right before its house number (``BARE_STREET_RE``): found by plain substring
# scans, then the whole pattern is tried in a window before each.
BARE_STREET_ENDS = tuple(re.compile(end + r"[ \u00a0,]{1,3}\d") for end in ("ова", "ева", "ёва", "ина", "ына", "ого", "его"))
SPACES_RE = re.compile(r"[ \t]{2,}")
DANGLING_COMMA_RE = re.compile(r"(?<![ \t])[ \t]*+,[ \t]*+(?=[,.])")
DANGLING_HINT_RE = re.compile(r",[ \t]*+[,.]")  # starts with a literal: a fast test before the pattern above

Span = tuple[int, int, str]


def _at_word_start(text: str, matches):
    """The matches that begin a word. (The check is here, not a look-behind at the pattern's start: a pattern
    that starts with literals is searched for at C speed.)"""
    for m in matches:
        start = m.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            yield m


def clean(text: str, *, keep_separators: bool = False) -> str:
    """Without invisible characters; words mixing Cyrillic and Latin lookalikes read as Cyrillic.
    ``keep_separators``: ``SEPARATOR`` stays (texts joined by ``mask_many``; no word crosses it)."""
    invisible, table = (INVISIBLE_BUT_SEPARATOR_RE, _INVISIBLE_BUT_SEPARATOR) if keep_separators else \
        (INVISIBLE_RE, _INVISIBLE)
    if invisible.search(text):
        text = text.translate(table)
    parts, pos = [], 0
    for m in MIXED_RE.finditer(text) if LATIN_RE.search(text) else ():
        if m.start() < pos:
            continue
        start = max(pos, m.start() - len(LETTERS_BEFORE.search(text, max(pos, m.start() - 40), m.start()).group()))
        end = LETTERS_AFTER.match(text, m.end()).end()
        parts += [text[pos:start], text[start:end].translate(_HOMOGLYPHS)]
        pos = end
    return "".join(parts) + text[pos:] if parts else text


def _places(text: str, hint):
    """(start, end) of every occurrence of ``hint``: a string, or a pattern that starts with a literal."""
    if isinstance(hint, re.Pattern):
        yield from (m.span() for m in hint.finditer(text))
        return
    at = text.find(hint)
    while at >= 0:
        yield at, at + len(hint)
        at = text.find(hint, at + 1)


def _at_hints(text: str, hints: tuple, pattern: re.Pattern, back: int = 0) -> list[re.Match]:
    """The matches of a rare ``pattern``, found where one of ``hints`` occurs (substring scans at C speed, or
    patterns that start with a literal):
    matched at the hint (``back=0``) or searched in the ``back`` characters before it, up to the hint's end.
    Sorted by start, no two overlapping; linear: each window is bounded."""
    found: list[re.Match] = []
    for hint in hints:
        for at, end in _places(text, hint):
            if not back:
                if m := pattern.match(text, at):
                    found.append(m)
                continue
            # the match that covers the hint, not the first in the window (an earlier street would hide this one)
            for m in pattern.finditer(text, max(0, at - back), end + 40):
                if m.start() > at:
                    break
                if m.end() > at:
                    found.append(m)
                    break
    if len(found) < 2:
        return found
    found.sort(key=lambda m: m.start())
    out = [found[0]]
    for m in found[1:]:
        if m.start() >= out[-1].end():
            out.append(m)
    return out


def _may_be_first_name(word: str) -> bool:
    """A first name by the dictionary: likely, or a known word with any first-name reading («Романа», «Якова»); a word
    the dictionary only guesses («Маерчака», «Бограда») is a street here."""
    return is_first_name(word, 0.5) or (is_known(word) and is_first_name(word, 0.05))


def _bare_a_street(name: str) -> bool:
    """Whether a match of ``BARE_STREET_A_RE`` names a street: its last word is no first name, and in lower case it
    is a surname by the dictionary (≥ 0.8 of its readings) or a word the dictionary does not know."""
    last = name.split()[-1]
    if last.islower():
        return not _may_be_first_name(last) and (not is_known(last) or name_kind(last)[0] >= 0.8)
    return not _may_be_first_name(last.capitalize() if last.isupper() else last)


def _streets(text: str) -> tuple[list[tuple[int, int]], list[Span]]:
    """Street names stay (they are not personal); a bare house number right after one is a house."""
    keep, houses = [], []
    found = STREET_RE.finditer(text)
    more = _at_hints(text, MORE_STREET_HINTS, MORE_STREET_RE)
    if more:
        found = sorted([*found, *more], key=lambda m: m.start())
    for m in _at_word_start(text, found):
        start, end = m.start(), m.end()
        street = _before_a_person(m.group())
        if len(street) < end - start:  # «ул. Кутузова Мороз Ирине Анатольевне»: the street ends before the name
            keep.append((start, start + len(street)))
            continue
        trailing = None
        if not STREET_NUMBER.match(street):  # «ул. Ленина 5»: the 5 is a house; «ул. 9 Мая»: part of the name
            for t in TRAILING_NUMBER.finditer(street):
                if t.end() == len(street) and t.start() > 0:
                    trailing = t
        if trailing:
            houses.append((start + trailing.start(), end, " " + HOUSE))
            end = start + trailing.start()
        keep.append((start, end))
        after = NUMBER_AFTER_STREET.match(text, m.end())
        if after and not trailing:
            houses.append((m.end(), after.end(), " " + HOUSE))
    if any(h in text for h in LATIN_STREET_HINTS):
        keep += [m.span() for m in _at_word_start(text, LATIN_STREET_RE.finditer(text))]
    bare = []
    for m in _at_hints(text, BARE_STREET_ENDS, BARE_STREET_RE, back=70):
        if m.group(1).isalpha() and _may_be_first_name(m.group(1)):  # one word, no space
            continue  # «на Якова 3»: a person
        bare.append(m.span(1))
        keep.append(m.span(1))
        if not NOT_A_HOUSE_RE.match(text, m.end(2)):
            houses.append((m.start(2), m.end(2), HOUSE))
    bare_starts = [a for a, _ in bare]
    for m in _at_hints(text, BARE_STREET_A_ENDS, BARE_STREET_A_RE, back=40):
        i = bisect_left(bare_starts, m.end(1)) - 1  # the spans are sorted and disjoint: only this one can overlap
        if (i < 0 or bare[i][1] <= m.start(1)) and _bare_a_street(m.group(1)):
            keep.append(m.span(1))
            if not NOT_A_HOUSE_RE.match(text, m.end(2)):
                houses.append((m.start(2), m.end(2), HOUSE))
    if len(keep) > 1:
        keep.sort()
        houses.sort()
    return keep, houses


WORD_RE = re.compile(r"[^\W\d_]+")


def _before_a_person(street: str) -> str:
    """A street of three words or more cut before a person written right after it: a patronymic among its words
    ends the street two words before it (the first name and the surname). Street names hold no patronymics."""
    words = list(WORD_RE.finditer(street))
    if len(words) < 3:
        return street
    from data_access.ingest.masker_morph import name_kind

    for i in range(2, len(words)):
        if words[i].group()[:1].isupper() and name_kind(words[i].group().capitalize())[1]:
            return street[:words[max(1, i - 2)].start()].rstrip()
    return street


def _flats_of(text: str, houses: list[Span]) -> list[Span]:
    """Of «Ленина 5-12» after a street, only the flat («-12») goes."""
    out = []
    for start, end, _ in houses:
        for f in FLAT_IN_HOUSE.finditer(text, start, end):
            if text[f.end():end].strip() == "":
                out.append((f.start(), end, ""))
    return out


def _apply(text: str, spans: list[Span]) -> str:
    out, pos = [], 0
    for start, end, repl in sorted(spans):
        if start < pos:  # overlapping a span already masked
            continue
        out += [text[pos:start], repl]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _outside(spans: list[Span], taken: list[tuple[int, int]]) -> list[Span]:
    """The spans whose start is in none of ``taken`` (one merged pass over both, sorted)."""
    taken = sorted(taken)
    out, k, reach = [], 0, -1
    for span in sorted(spans):
        while k < len(taken) and taken[k][0] <= span[0]:
            reach = max(reach, taken[k][1])
            k += 1
        if span[0] >= reach:
            out.append(span)
    return out


def personal_spans(text: str, *, keep_houses: bool = False, texts: int = 1) -> list[Span]:
    """(start, end, mark) of the personal data in ``text`` (already ``clean``; ``texts`` of them joined by
    ``SEPARATOR``); spans may overlap: the earlier wins."""
    spans: list[Span] = [(m.start(), m.end(), EMAIL) for m in EMAIL_RE.finditer(text)] if "@" in text else []
    spans += [(a, b, PHONE) for a, b in phone_spans(text)]
    houses = [] if keep_houses else [(m.start(), m.end(), HOUSE) for m in _at_word_start(text, HOUSE_RE.finditer(text))]
    spans += [(m.start(), m.end(), "") for m in _at_word_start(text, FLAT_RE.finditer(text))]
    spans += [(m.start(), m.end(), "") for m in _at_word_start(text, _at_hints(text, LATIN_FLAT_HINTS, LATIN_FLAT_RE))]
    spans += [(m.start(), m.end(), "") for m in _at_hints(text, FLAT_WORDS, FLAT_ORDINAL_RE, back=12)]
    keep, after_street = _streets(text)
    spans += _flats_of(text, after_street) if keep_houses else after_street + houses
    taken = [(a, b) for a, b, _ in spans] + [(a, b) for a, b, _ in houses + after_street]
    return spans + _outside([(a, b, NAME) for a, b in name_spans(text, keep, texts)], taken)


def mask_personal_data(text: str | None, *, keep_houses: bool = False) -> str:
    """The text with names, phones, e-mails and house/flat numbers replaced by neutral marks.

    ``keep_houses``: the house stays (the place of a problem, for officials), the flat still goes; the
    meeting screen, seen by everyone in the room, masks houses too. Invisible characters are dropped."""
    if not text:
        return text or ""
    tail = ""
    if len(text) > MAX_CHARS:
        text, tail = text[:MAX_CHARS], TOO_LONG.format(MAX_CHARS).replace(",", "\u00a0")
    with _no_cycle_collection(len(text)):
        text = clean(text)
        masked = _apply(text, personal_spans(text, keep_houses=keep_houses))
        masked = _tidy(masked)
    return masked.rstrip(" \t\r\n,") + tail


def _tidy(masked: str) -> str:
    """Runs of spaces as one, commas left dangling by a removed flat dropped (each pattern only where it can act)."""
    if "  " in masked or "\t" in masked:
        masked = SPACES_RE.sub(" ", masked)
    if DANGLING_HINT_RE.search(masked):
        masked = DANGLING_COMMA_RE.sub("", masked)
    return masked


@contextmanager
def _no_cycle_collection(size: int):
    """No cyclic garbage collection while a long text is masked: the masker makes no cycles, and the collector's
    passes over its many small objects are what made a megabyte cost more than four times a quarter of one."""
    if size < 100_000 or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def mask_many(texts: list[str], *, keep_houses: bool = False, batch_chars: int = 4_000_000) -> list[str]:
    """``[mask_personal_data(t) for t in texts]``, faster: the texts are joined by ``SEPARATOR`` (no pattern
    crosses it) and cleaned and masked as one text, so that every pattern runs once over a batch instead of once
    per text. A text holding a separator itself makes its batch go one by one."""
    texts = texts if isinstance(texts, list) else list(texts)
    ends = list(accumulate(map(len, texts)))  # a batch closes at the text that brings it to ``batch_chars``
    out: list[str] = []
    start = 0
    while start < len(texts):
        base = ends[start - 1] if start else 0
        stop = min(bisect_left(ends, base + batch_chars, lo=start) + 1, len(texts))
        out += _mask_batch(texts[start:stop], keep_houses)
        start = stop
    return out


def _mask_batch(texts: list[str], keep_houses: bool) -> list[str]:
    tails = None
    if max(map(len, texts)) > MAX_CHARS:
        tails = [TOO_LONG.format(MAX_CHARS).replace(",", "\u00a0") if len(t) > MAX_CHARS else "" for t in texts]
        texts = [t[:MAX_CHARS] for t in texts]
    # cleaned as one text (a text holding a separator itself is caught below)
    joined = clean(SEPARATOR.join(texts), keep_separators=True)
    with _no_cycle_collection(len(joined)):
        masked = _apply(joined, personal_spans(joined, keep_houses=keep_houses, texts=len(texts)))
        parts = _tidy(masked).split(SEPARATOR)
    if len(parts) != len(texts):  # a text with a separator of its own; never risk a shifted row
        return [mask_personal_data(t, keep_houses=keep_houses) for t in texts]
    if tails is None:
        return [p.rstrip(" \t\r\n,") for p in parts]
    return [p.rstrip(" \t\r\n,") + tail for p, tail in zip(parts, tails)]


def masked_copies(frame: pd.DataFrame, columns=tuple(MASKED_COLUMNS)) -> pd.DataFrame:
    """``frame`` with the masked copy of each of ``columns`` (``MASKED_COLUMNS``) as officials without access
    see it (houses kept); NULL stays NULL. Repeated values (addresses, answers) are masked once."""
    out = frame.copy()
    for col in columns:
        values = frame[col]
        if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
            out[MASKED_COLUMNS[col]] = _masked_arrow(values)
            continue
        present = values.notna() & (values.astype(object) != "")
        uniques = list(pd.unique(values[present].astype(object)))
        lookup = dict(zip(uniques, mask_many(uniques, keep_houses=True)))
        out[MASKED_COLUMNS[col]] = values.astype(object).map(lookup).where(present, values.astype(object))
    return out


def _masked_arrow(values: pd.Series) -> pd.Series:
    """The masked copy of an Arrow string column (the importer's): each distinct value masked once, the copy
    built by index in Arrow, without a Python object per row."""
    encoded = pc.dictionary_encode(values.array.__arrow_array__()).combine_chunks()
    masked = mask_many(encoded.dictionary.to_pylist(), keep_houses=True)  # NULLs are not in it; "" stays ""
    copy = pc.take(pa.array(masked, type=pa.string()), encoded.indices)
    return pd.Series(pd.arrays.ArrowStringArray(copy), index=values.index, dtype=values.dtype)
