"""Russian formats: numbers with a thin space between thousands and a decimal comma, dates ДД.ММ.ГГГГ."""
from __future__ import annotations

import math
from datetime import date, datetime

NBSP = "\u00a0"


def fmt_int(value: float | int | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{int(round(value)):,}".replace(",", NBSP)


def fmt_num(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{digits}f}".replace(",", NBSP).replace(".", ",")


def fmt_pct(share: float | None, digits: int = 1) -> str:
    """A share 0..1 as «87,5 %»."""
    return "—" if share is None else f"{fmt_num(share * 100, digits)}{NBSP}%"


def fmt_date(value: date | datetime | None) -> str:
    return "—" if value is None else value.strftime("%d.%m.%Y")


def fmt_datetime(value: datetime | None) -> str:
    return "—" if value is None else value.strftime("%d.%m.%Y %H:%M")


def fmt_zone(utc_offset_seconds: int) -> str:
    """The municipality's time zone in words people use: «местное время UTC+7, МСК+4» (no «Asia/…» names)."""
    def hours(seconds: int) -> str:
        h, rest = divmod(abs(seconds), 3600)
        return f"{'+' if seconds >= 0 else '−'}{h}" + (f":{rest // 60:02d}" if rest else "")
    msk = utc_offset_seconds - 3 * 3600
    return f"местное время UTC{hours(utc_offset_seconds)}, " + (f"МСК{hours(msk)}" if msk else "московское")


def share(part: int | float, whole: int | float) -> float | None:
    return None if not whole else part / whole


NO_CHANGE = "без изменений"  # shown without an arrow: «+0» with a red arrow up reads as a worsening


def change_text(current: float | None, previous: float | None, *, kind: str = "rel") -> str | None:
    """The change against the previous period: relative «+12,0 %» or, for shares, «+3,1 п.п.»; a change that
    rounds to zero in the shown precision is «без изменений» (not «-0,0» with an arrow)."""
    if current is None or previous is None:
        return None
    if kind == "pp":
        diff, shown, unit = current - previous, fmt_num(abs(current - previous) * 100), f"{NBSP}п.п."
    elif kind in ("abs", "int"):
        diff = current - previous
        shown, unit = (fmt_int(abs(diff)) if kind == "int" else fmt_num(abs(diff))), ""
    elif not previous:  # no base for a relative change
        return None
    else:
        diff = current / previous - 1
        shown, unit = fmt_num(abs(diff) * 100), f"{NBSP}%"
    if not any(ch in "123456789" for ch in shown):
        return NO_CHANGE
    return f"{'+' if diff >= 0 else '-'}{shown}{unit}"


# Forms of the nouns counted on screen, for ``plural`` / ``fmt_count``: nominative («21 оценка»), genitive after
# «из», «среди», «от» («из 21 ответа»), instrumental after «с» («с 5 обращениями»).
ITEMS = ("обращение", "обращения", "обращений")
ITEMS_GEN = ("обращения", "обращений", "обращений")
ITEMS_INS = ("обращением", "обращениями", "обращениями")
ANSWERS = ("ответ", "ответа", "ответов")
ANSWERS_GEN = ("ответа", "ответов", "ответов")
RATINGS = ("оценка", "оценки", "оценок")


def sentence_end(text: str) -> str:
    """``text`` closed by one full stop: a text ending in an abbreviation («30 дн.») gets no second one."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def plural(n: float, one: str, few: str, many: str) -> str:
    """The form of a noun that agrees with the number ``n`` — the one helper for every count on screen.

    Integers: 1, 21 → ``one``; 2–4, 22–24 → ``few``; 0, 5–20, 25… → ``many`` (11–14 → ``many``). A fraction
    takes the genitive singular, which is ``few`` of the nominative forms: «72,3 часа», «1,5 дня», «0,5 часа».
    Pass the genitive forms for counts after «из», «среди», «от»: ``plural(n, "ответа", "ответов", "ответов")``.
    """
    if isinstance(n, float) and (math.isnan(n) or not n.is_integer()):
        return many if math.isnan(n) else few
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def fmt_count(value: float | int | None, one: str, few: str, many: str, digits: int = 0) -> str:
    """A number with its noun in agreement: «1 день», «5 дней», «72,3 часа», «1,5 дня», «21 оценка».

    ``digits`` > 0 shows a fraction with that many decimals; a value that is whole at that precision is shown
    without them («2 дня», not «2,0 дня»). The noun agrees with the number as shown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    shown_value = round(float(value), digits)
    if digits and not shown_value.is_integer():
        return f"{fmt_num(shown_value, digits)}{NBSP}{plural(shown_value, one, few, many)}"
    return f"{fmt_int(shown_value)}{NBSP}{plural(int(round(shown_value)), one, few, many)}"
