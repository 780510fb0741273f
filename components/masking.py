"""Masking of citizens' personal data in texts shown where everyone can see them (the meeting screen).

Removes names (in any grammatical case, found by the pymorphy3 morphological dictionary: first names,
surnames, patronymics, initials), phone numbers (Google's phonenumbers: +7/8, spaces, brackets, dashes),
e-mails, and addresses down to the house and flat; the street stays, so the place of a problem is still
readable. Errs on the side of masking: a word that may be a name next to another name part goes too.
"""
from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

NAME = "[ФИО]"
PHONE = "[телефон]"
EMAIL = "[e-mail]"
HOUSE = "[дом скрыт]"

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Long digit runs the phone library may not accept (local numbers, typos): 6+ digits with separators.
DIGITS_RE = re.compile(r"(?<![\w\d])(?:\+?\d[\s()\-–]*){6,}\d(?![\w\d])")
STREET_WORD = (r"(?:ул(?:ица|\.)?|пр(?:-к?т|оспект|\.)|пер(?:еулок|\.)|б(?:ульвар|-р)|ш(?:оссе|\.)|"
               r"пл(?:ощадь|\.)|наб(?:ережная|\.)|мкр(?:-н|\.|н)?|микрорайон|проезд|тракт|пос(?:ёлок|елок|\.))")
# A street name: the street word and up to four words/numbers after it («ул. 78 Добровольческой Бригады»).
STREET_RE = re.compile(
    rf"(?<![\w])({STREET_WORD}\s*(?:им\.\s*)?(?:[«\"]?[А-ЯЁ0-9][\w«»\"\-]*\.?\s*){{1,4}})", re.UNICODE)
HOUSE_RE = re.compile(
    r"(?<![\w])(?:д(?:ом|\.)|корп(?:ус|\.)|к\.|стр(?:оение|\.))\s*№?\s*\d+[\w/\-]*", re.UNICODE | re.IGNORECASE)
FLAT_RE = re.compile(r"(?<![\w])(?:кв(?:артира|\.)?|комн(?:ата|\.)?)\s*№?\s*\d+\w*", re.UNICODE | re.IGNORECASE)
# «Ленина 5-12», «Мира, 7» right after a street: the number is the house.
NUMBER_AFTER_STREET = re.compile(r"^[\s,]*\d+[\w/]*(?:\s*[-–]\s*\d+)?")
WORD_RE = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?", re.UNICODE)
INITIALS_RE = re.compile(r"^[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?$")


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=20_000)
def _name_kind(word: str) -> tuple[float, bool]:
    """(how likely the word is a first name or surname, whether it is a patronymic)."""
    parses = _morph().parse(word)
    person = sum(p.score for p in parses if {"Name", "Surn"} & p.tag.grammemes)
    patronymic = any("Patr" in p.tag.grammemes and p.score >= 0.1 for p in parses)
    return person, patronymic


def _mask_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, repl in sorted(spans):
        if start < pos:  # overlapping with a span already masked
            continue
        out += [text[pos:start], repl]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _protected_streets(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Street names stay (they are not personal); a bare house number right after one is masked."""
    keep, mask = [], []
    for m in STREET_RE.finditer(text):
        street = m.group(1)
        trailing = re.search(r"[\s,]*\d+[\w/]*(?:\s*[-–]\s*\d+)?\s*$", street)
        end = m.end(1)
        if trailing and not re.match(rf"{STREET_WORD}\s*\d", street):  # «ул. Ленина 5» → the 5 is a house
            end = m.start(1) + trailing.start()
            mask.append((end, m.end(1), " " + HOUSE))
        keep.append((m.start(1), end))
        after = NUMBER_AFTER_STREET.match(text[m.end(1):])
        if after and not trailing:
            mask.append((m.end(1), m.end(1) + after.end(), " " + HOUSE))
    return keep, mask


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def _name_spans(text: str, keep: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    tokens = [m for m in WORD_RE.finditer(text) if not _inside(m.start(), keep)]
    # group tokens into runs of adjacent capitalised words / initials
    runs, current = [], []
    for tok in tokens:
        if current and re.fullmatch(r"[\s,]*", text[current[-1].end():tok.start()]) is None:
            runs.append(current)
            current = []
        current.append(tok)
    if current:
        runs.append(current)
    spans = []
    for run in runs:
        scored = []
        for tok in run:
            word = tok.group(0)
            if INITIALS_RE.match(word):
                scored.append((tok, 1.0, False, True))
            else:
                person, patr = _name_kind(word)
                scored.append((tok, person, patr, False))
        strong = [t for t, p, patr, ini in scored if patr or p >= 0.5]
        weak = [t for t, p, patr, ini in scored if not patr and 0.1 <= p < 0.5]
        initials = [t for t, p, patr, ini in scored if ini]
        parts = len(strong) + len(weak) + len(initials)
        hit = []
        if parts >= 2 and (strong or initials):
            hit = [t for t, p, patr, ini in scored if patr or ini or p >= 0.1]
        elif strong:
            hit = strong
        if hit:
            spans.append((hit[0].start(), hit[-1].end(), NAME))
    return spans


def _flats_only(text: str, house_spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Of «Ленина 5-12» after a street, only the flat («-12») goes."""
    out = []
    for start, end, _ in house_spans:
        flat = re.search(r"\s*[-–]\s*\d+\s*$", text[start:end])
        if flat:
            out.append((start + flat.start(), end, ""))
    return out


def mask_personal_data(text: str | None, *, keep_houses: bool = False) -> str:
    """The text with names, phones, e-mails and house/flat numbers replaced by neutral marks.

    ``keep_houses``: the house stays (the place of a problem, for officials), the flat still goes; the
    meeting screen, seen by everyone in the room, masks houses too."""
    if not text:
        return text or ""
    spans: list[tuple[int, int, str]] = [(m.start(), m.end(), EMAIL) for m in EMAIL_RE.finditer(text)]
    for match in phonenumbers.PhoneNumberMatcher(text, "RU", leniency=phonenumbers.Leniency.POSSIBLE):
        spans.append((match.start, match.end, PHONE))
    houses = [(m.start(), m.end(), HOUSE) for m in HOUSE_RE.finditer(text)]
    spans += [(m.start(), m.end(), PHONE) for m in DIGITS_RE.finditer(text)]
    spans += [] if keep_houses else houses
    spans += [(m.start(), m.end(), "") for m in FLAT_RE.finditer(text)]
    keep, house_after_street = _protected_streets(text)
    spans += _flats_only(text, house_after_street) if keep_houses else house_after_street
    taken_houses = [(a, b) for a, b, _ in houses + house_after_street]
    taken = [(a, b) for a, b, _ in spans] + taken_houses
    spans += [s for s in _name_spans(text, keep) if not _inside(s[0], taken)]
    masked = _mask_spans(text, spans)
    return re.sub(r"[\s,]+$", "", re.sub(r"\s*,\s*(?=[,.])", "", re.sub(r"[ \t]{2,}", " ", masked)))
