"""Width in pixels of text drawn in the table grid of ``st.dataframe``: the 14 px «Source Sans» font of the app,
measured once per character in Chromium (``CanvasRenderingContext2D.measureText``; kerning left out: the sum of a
59-letter name is within 0.5 % of the measured text). Pure: lets a table's column widths be chosen in Python so that
no header or cell is cut, and the browser test measure the same texts in the page.
"""
from __future__ import annotations

# pixels -> the characters of that width
_BY_WIDTH = {
    2.8: "  ",
    3.37: "|",
    3.44: "iі",
    3.46: "j",
    3.49: "',.:;·",
    3.57: "l",
    3.68: "IІ",
    4.04: "f",
    4.05: "!",
    4.24: "()[]{}",
    4.26: "•",
    4.35: "-",
    4.48: "t",
    4.86: "r",
    4.9: "/\\",
    5.75: "г",
    5.85: "*",
    5.87: "s",
    5.95: "?z",
    5.96: "\"",
    6.01: "«»",
    6.12: "cсэ",
    6.13: "з",
    6.19: "т",
    6.2: "J",
    6.24: "xх",
    6.54: "vyу",
    6.66: "Y",
    6.72: "–",
    6.8: "L",
    6.87: "ь",
    6.92: "F",
    6.93: "kк",
    6.94: "eУеё",
    6.96: "#$+0123456789<=>^~×",
    6.97: "Г",
    7: "_",
    7.06: "agа",
    7.11: "в",
    7.17: "ч",
    7.18: "XХ",
    7.21: "я",
    7.3: "S",
    7.34: "VZ",
    7.38: "EЕЁ",
    7.43: "лъ",
    7.45: "З",
    7.5: "TТ",
    7.52: "A",
    7.54: "А",
    7.56: "Э",
    7.59: "`oо",
    7.62: "huб",
    7.63: "CС",
    7.66: "n",
    7.74: "bп",
    7.77: "dpqр",
    7.81: "ц",
    7.87: "н",
    7.91: "ий",
    7.92: "PР",
    7.97: "Rд",
    8.11: "KК",
    8.12: "БЬ",
    8.15: "Я",
    8.23: "BВ",
    8.37: "Ч",
    8.4: "▲▼",
    8.53: "&",
    8.61: "D",
    8.64: "G",
    8.66: "Ъ",
    8.82: "Л",
    8.86: "м",
    8.89: "Ц",
    9.03: "UП",
    9.06: "N",
    9.13: "HН",
    9.18: "Й",
    9.21: "И",
    9.28: "Д",
    9.3: "OQО",
    9.44: "ы",
    9.54: "ж",
    10.07: "w",
    10.18: "MМ",
    10.25: "Ф",
    10.28: "ф",
    10.33: "ю",
    10.49: "ш",
    10.65: "щ",
    11: "W",
    11.17: "Ы",
    11.2: "—",
    11.54: "%",
    11.61: "m",
    11.62: "Ж",
    11.86: "@",
    12.22: "Щ",
    12.28: "Ш",
    12.5: "№",
    12.71: "Ю",
    13.27: "…",
}
CHAR_PX = {c: px for px, chars in _BY_WIDTH.items() for c in chars}
UNKNOWN_PX = max(CHAR_PX.values())  # a character not measured: counted as the widest («Ш», «Щ», «Ж»)


def text_px(text: str) -> float:
    """Pixels of ``text`` in the grid's font (a character not in the table counts as the widest)."""
    return sum(CHAR_PX.get(c, UNKNOWN_PX) for c in str(text))


CELL_PAD_PX = 16 + 2  # a grid cell's padding (2 × 8 px) and a margin for kerning and rounding
WRAP_ROW_PX = 66      # a row tall enough for the grid to wrap text (Streamlit wraps only above 64 px): 3 lines


def fit_widths(frame, name_column: str, room: float, labels: dict | None = None, shown: dict | None = None,
               name_min_px: int = 200) -> tuple[dict[str, int], int | None]:
    """Pixel width of every column of ``frame`` (text cells) so that no header or cell is cut within ``room`` px,
    and the row height: each column fits its header label (``labels``, else the name) and its cells (``shown``: the
    texts a column draws instead of its values, as a link's display text); ``name_column`` takes what is left, up to
    its longest text, and a longer text wraps in taller rows (None: the usual one-line rows)."""
    labels, shown = labels or {}, shown or {}
    fit = lambda texts: int(max((text_px(t) for t in texts), default=0) + CELL_PAD_PX + 0.999)
    widths = {c: fit([labels.get(c, c), *shown.get(c, frame[c].astype(str))])
              for c in frame.columns if c != name_column}
    need = fit([labels.get(name_column, name_column), *frame[name_column].astype(str)])
    widths[name_column] = int(max(name_min_px, min(need, room - sum(widths.values()))))
    return widths, (WRAP_ROW_PX if need > widths[name_column] else None)
