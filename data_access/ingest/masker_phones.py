"""Phone numbers in citizens' texts, told apart from dates, times, amounts and document numbers.

A candidate is a run of digits with the separators people put into phone numbers (spaces, dashes, brackets,
a leading «+»); dots, colons and slashes end a run, so «04.03.2025», «06:33» and «45/12» are never one.
A number written with dots («913.123.45.67») is found apart, by its shape: the last seven digits grouped 3-2-2
after a three-digit code that starts as Russian codes do (3, 4, 8, 9: «192.168.10.25» is an address).
Each run is then judged by its digit count and grouping and by a few characters around it («тел.», «№»,
«руб.»). The candidate pattern cannot fail once its first digit matched, so the scan is one pass over the
text; the judgement looks at a bounded window around each run: linear time.
"""
from __future__ import annotations

import re
from bisect import bisect_left

# Digits with phone separators, five characters at least (fewer never hold a phone); possessive: a run is
# consumed once, never re-scanned (a shorter one fails within its own four characters).
RUN_RE = re.compile(r"[+(\d][\d \u00a0\t()\-–]{4,}+")
TRIM = " \u00a0\t-–("  # not part of a number at its end
LEAD = " \u00a0\t-–"  # nor at its start
WINDOW = 24  # characters read before / after a run for its context
SEPARATOR = "\x00"  # between the texts that ``masker.mask_many`` joins: no pattern crosses it
KEYWORD_RE = re.compile(r"(?:тел|звон|сот\.|сотов|моб|whats|вотсап|ватсап|вайбер|viber|телеграм|telegram|"
                        r"факс|т\.|номер для связи|для связи)[^\d]{0,12}$", re.IGNORECASE)
KEYWORD_HINTS = ("тел", "звон", "сот", "моб", "what", "вотс", "ватс", "вайб", "viber", "телег", "teleg", "факс",
                 "т.", "связи")  # a substring test before the pattern above, which is slower

DOCUMENT_RE = re.compile(r"(?:(?:№|\bN|\bNo|#|вх\.|исх\.|рег\.)[ \u00a0.:]{0,3}|[^\W\d_]-|"
                         r"(?:сч[её]т[а-я]{0,2}(?:[ \u00a0][а-яё]{2,12}){0,2}|л/сч?\.?|(?<![^\W\d_])л\.?с\.?)"
                         r"[ \u00a0.:№]{0,4}|"  # a bank or personal account: «счёт получателя …», «ЛС …»
                         r"(?:ИНН|ОГРН|ОГРНИП|КПП|БИК|ОКПО|ОКТМО)\b[^\d]{0,16})$", re.IGNORECASE)
UNIT_RE = re.compile(r"^[ \u00a0]?(?:руб|р\.|₽|тыс|млн|млрд|коп|рубл|кв\.? ?м|м2|м²|кг|шт|%|лет|год|гг|"
                     r"чел|мм|см|м\b|км|гкал|квт|куб)", re.IGNORECASE)
THOUSANDS_RE = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})++")
# Dates inside a run («2025-03-04 06», «04-03-2025 8 913…») split it: each side is judged on its own.
DATE_IN_RUN_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)|(?<!\d)\d{2}-\d{2}-\d{4}(?!\d)")
DASH_DATE_RE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{2}|\d{4})")
GROUP_RE = re.compile(r"\d++")
# Dotted numbers: the «.45.67» end is found first (a literal start: a scan at C speed), then the whole number in a
# window before it. A dot, digit or letter right before the number means a version, an address or a code.
DOTTED_HINT_RE = re.compile(r"\.(?:\d{2}[.\-–]\d{2}|\d{4}|(\d{7}))(?!\d|\.\d)")  # «….45.67», «….4567», «….1234567»
DOTTED_RE = re.compile(r"(?:\+[ \u00a0]?)?(?:[78][ \u00a0.\-–]{0,2})?\(?[3489]\d{2}\)?[ \u00a0.\-–]{0,2}\d{3}$")
# before seven digits in a row («+7.913.1234567»): the code alone
CODE_RE = re.compile(r"(?:\+[ \u00a0]?)?(?:[78][ \u00a0.\-–]{0,2})?\(?[3489]\d{2}\)?$")
# a town's number in dots («222.33.44», «22.33.44»): a phone only after «тел.», «звонить»… (``_keyword``)
SHORT_DOTTED_RE = re.compile(r"\d{2,3}$")
DOTTED_WINDOW = 20
# The shape of a full Russian number: +7 / 7 / 8, then the code: a phone whatever is written before it.
FULL_RE = re.compile(r"(?:\+[ \u00a0]?7|7|8)[ \u00a0\-–(]{0,3}\d")


def _is_date(run: str) -> bool:
    m = DASH_DATE_RE.fullmatch(run)
    return bool(m) and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12


def _keyword(before: str) -> bool:
    low = before.lower()
    return any(k in low for k in KEYWORD_HINTS) and KEYWORD_RE.search(before) is not None


def is_phone(run: str, before: str, after: str) -> bool:
    """Whether a trimmed run of digits and separators is a phone number, given the text just before and after."""
    groups = [len(g) for g in GROUP_RE.findall(run)]
    digits = sum(groups)
    if digits < 5 or digits > 15 and len(groups) == 1:
        return False  # «40702810431000012345»: an account; no phone has sixteen digits in a row
    if digits == 11 and FULL_RE.match(run) and not UNIT_RE.match(after):
        return True
    if digits < 10 and len(groups) < 3 and not _keyword(before):
        return False  # «12345», «2025-31»: a number, unless «тел.» stands before it
    if DOCUMENT_RE.search(before) or (before[-1:].isalpha() and digits < 10):
        return False  # «№ 1234567», «А123456»: a number of a document, not of a phone
    if UNIT_RE.match(after):
        return False  # «15 000 руб.», «120 кв. м»
    if THOUSANDS_RE.fullmatch(run) or _is_date(run):  # «1 250 000», «04-03-2025»: unless a keyword says otherwise
        return _keyword(before)
    if digits >= 10 or _keyword(before):
        return True
    # 5–9 digits without a keyword: a phone only when grouped as one («223-45-67», «22 33 44», «2-234-567»)
    return len(groups) >= 3 and max(groups) <= 4


def _hint_starts(text: str) -> list[int] | None:
    """Sorted positions where a ``KEYWORD_HINTS`` word starts (found once per text at C speed: a plain number
    then needs no window of its own); None when lower case moves characters (a rare «İ»): judge every run."""
    low = text.lower()
    if len(low) != len(text):
        return None
    found = []
    for hint in KEYWORD_HINTS:
        at = low.find(hint)
        while at >= 0:
            found.append(at)
            at = low.find(hint, at + 1)
    return sorted(found)


def _dotted_spans(text: str) -> list[tuple[int, int]]:
    """Phone numbers with dots in them («913.123.45.67», «8.902.555.11.22», «8 (391) 223.45.67», «8.913.123.4567»,
    «+7.913.1234567»; «222.33.44» after «тел.»)."""
    out = []
    for hint in DOTTED_HINT_RE.finditer(text):
        end = hint.start()  # the seven digits' first three end here: «…123» + «.45.67»
        window = max(0, end - DOTTED_WINDOW)
        head = (CODE_RE if hint.group(1) else DOTTED_RE).search(text, window, end)
        short = head is None and not hint.group(1) and len(hint.group()) == 6
        if short:
            head = SHORT_DOTTED_RE.search(text, window, end)
            if head is not None and len(head.group()) == 2 and _is_date(f"{head.group()}-{text[end + 1:end + 3]}-00"):
                continue  # «звонила 12.03.25»: a date
        if head is None:
            continue
        start = head.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "._"):
            continue
        before = text[max(0, start - WINDOW):start].rsplit(SEPARATOR, 1)[-1]
        if not DOCUMENT_RE.search(before) and (not short or _keyword(before)):
            out.append((start, hint.end()))
    return out


def phone_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every phone number in ``text``, in order."""
    dotted = _dotted_spans(text) if "." in text else []
    out = _run_spans(text)
    if not dotted:
        return out
    # a run inside a dotted number («8 (391) 223» of «8 (391) 223.45.67») is part of it
    starts = [a for a, _ in dotted]
    kept = []
    for a, b in out:
        i = bisect_left(starts, b) - 1
        if i < 0 or dotted[i][1] <= a:
            kept.append((a, b))
    return sorted(kept + dotted)


def _run_spans(text: str) -> list[tuple[int, int]]:
    out = []
    hints: list[int] | None = None
    looked = False
    for m in RUN_RE.finditer(text):
        run = m.group()
        if run.isdigit() and len(run) < 10:  # a plain number: a phone only after a keyword (``is_phone``)
            if not looked:
                hints, looked = _hint_starts(text), True
            if hints is not None:
                start = m.start()
                i = bisect_left(hints, start - WINDOW)
                if i == len(hints) or hints[i] >= start:  # no keyword hint in the window before it
                    continue
        elif len(run.rstrip(TRIM)) < 5:  # fewer than five digits: a number, a year, a time
            continue
        pos = 0
        for date in DATE_IN_RUN_RE.finditer(run):
            _judge(text, m.start() + pos, run[pos:date.start()], out)
            pos = date.end()
        _judge(text, m.start() + pos, run[pos:], out)
    return out


def _judge(text: str, start: int, piece: str, out: list) -> None:
    run = piece.lstrip(LEAD)
    start += len(piece) - len(run)
    run = run.rstrip(TRIM)
    while run.endswith(")") and run.count(")") > run.count("("):
        run = run[:-1].rstrip(TRIM)  # «(тел. 2-65-43-21)»: the bracket closes the remark, not the number
    if len(run) < 5:
        return
    end = start + len(run)
    if text[end:end + 1] == "." and text[end + 1:end + 2].isdigit():  # «…22-07 09.12.2026»: a date starts there
        cut = max(run.rfind(" "), run.rfind("\u00a0"))
        if cut <= 0:
            return
        run = run[:cut].rstrip(TRIM)
        end = start + len(run)
        if len(run) < 5:
            return
    before = text[max(0, start - WINDOW):start].rsplit(SEPARATOR, 1)[-1]  # never the context of another text
    if is_phone(run, before, text[end:end + WINDOW].split(SEPARATOR, 1)[0]):
        out.append((start, end))
