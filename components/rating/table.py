"""Pure builders of the rating page: scope filters, the displayed and exported tables, the method text."""
from __future__ import annotations

import pandas as pd

from components.common.formatting import ITEMS_GEN, fmt_count, fmt_int, fmt_num, fmt_pct
from components.common.text_width import CELL_PAD_PX, WRAP_ROW_PX, fit_widths  # noqa: F401
from data_access.metrics.filters import Filters
from data_access.metrics.registry import AT_PERIOD_END, METRICS, ON_TIME_RULE, REGISTRATION_RULE
from data_access.metrics.rating_method import COMPONENTS, ZONES, RatingMethod, Scope, rank_change_text

GROUP_TITLES = {"executor": "Исполнители", "sector": "Отраслевые блоки", "district": "Районы"}
GROUP_HEADER = {"executor": "Исполнитель", "sector": "Отраслевой блок", "district": "Район"}
ZONE_COLORS = {"зелёная": "#d6efd8", "жёлтая": "#fbefc4", "красная": "#f8d3d3"}
LINK = "Обращения"
# The method next to each figure: shown as the column header's help in the tables.
COLUMN_HELP = {
    "Место": "По индексу, округлённому до десятых; при равенстве место общее.",
    "Изм.": "Изменение места к предыдущему периоду той же длины: ▲ поднялся, ▼ опустился, «новый» — тогда не "
            "ранжировался.",
    "Зона": "По индексу и порогам из профиля (см. «Методика»).",
    "Индекс": "Взвешенная сумма составляющих, 0–100 (см. «Методика»).",
    "Поступило": METRICS["items"].method,
    "Ответов": METRICS["answered"].method + " Ответы на обращения, поступившие раньше периода, тоже входят; поэтому "
                                             "ответов может быть больше, чем поступило.",
    "В срок": METRICS["on_time"].method,
    "Медиана, дн.": METRICS["median_answer_days"].method,
    "Медиана, ч": METRICS["median_answer_hours"].method,
    "По существу": "Доля ответов по существу: не отклонено, не перенаправлено, не возвращалось на доработку.",
    "Оценки 4–5": METRICS["rated_good"].method + " В скобках — число оценок.",
    "Доработка": METRICS["reworked"].method,
    "Просрочено": f"Без ответа и после действующего срока {AT_PERIOD_END} (поступившие за всё время).",
}


# Header labels shorter than the frame's column names (the frame keeps its names: export, meeting screen, tests).
LABELS = {LINK: "Список"}
TABLE_PX = 1408           # the grid's room at 1920 × 1080 with the sidebar open (1458 px), less the row-selection
                          # strip (34 px) and a vertical scrollbar: the columns are sized to fit it


def label(column: str) -> str:
    return LABELS.get(column, column)


def column_widths(frame: pd.DataFrame, name_column: str, link_text: str = "открыть",
                  room: int = TABLE_PX) -> tuple[dict[str, int], int | None]:
    """Pixel width of every column of ``frame`` (a ``display_frame``) so that no header or cell is cut, and the row
    height: the name column takes what is left of ``room`` up to its longest name; a longer name wraps in a taller
    row (None: the usual one-line rows). Widths from ``text_width.text_px`` of the header label and every cell."""
    return fit_widths(frame, name_column, room, LABELS, {LINK: [link_text]})


def answers_note(table: pd.DataFrame) -> str | None:
    """A caption when some row has more answers than items received: answers in the period include answers to
    items received before it (``table``: the rows of ``rating_method.rating`` with items and answered)."""
    more = int((table["answered"] > table["items"]).sum()) if len(table) else 0
    if not more:
        return None
    return (f"«Ответов» больше, чем «Поступило», в {fmt_count(more, 'строке', 'строках', 'строках')}: в ответы "
            "за период входят и ответы на обращения, поступившие раньше него.")


def scope_filters(f: Filters, scope: Scope, channel_ids: dict[str, int]) -> Filters | None:
    """``f`` narrowed to the scope's channels (intersected with the channels already chosen); None if nothing
    is left (e.g. the ИМ rating while only ПОС is selected in the filter bar)."""
    if not scope.channels:
        return f
    ids = tuple(channel_ids[c] for c in scope.channels if c in channel_ids)
    if f.channels:
        ids = tuple(i for i in ids if i in f.channels)
    return f.with_(channels=ids) if ids else None


def answer_time_unit(scope: Scope) -> str:
    """Hours for the social-network channels (norm: hours), days otherwise."""
    return "hours" if scope.channels and set(scope.channels) <= {"im", "gospabliki"} else "days"


def _time(hours: float, unit: str) -> str:
    if hours is None or pd.isna(hours):
        return "—"
    return fmt_num(hours if unit == "hours" else hours / 24, 1)


def display_frame(table: pd.DataFrame, names: dict[int, str], group: str, unit: str, urls: list[str],
                  ranked: bool) -> pd.DataFrame:
    """The rows of ``rating_method.rating`` (ranked or not) as Russian text columns for ``st.dataframe``;
    ``urls``: the drill-down link of each row of ``table``."""
    t = table.assign(_url=urls)
    t = t[t["eligible"]] if ranked else t[~t["eligible"]]
    out = pd.DataFrame(index=t.index)
    if ranked:
        out["Место"] = t["rank"].map(lambda r: str(int(r)))
        out["Изм."] = [rank_change_text(c, p) for c, p in zip(t["rank_change"], t["prev_rank"])]
    out[GROUP_HEADER[group]] = t["key"].map(lambda k: names.get(k, f"№ {k}"))
    if ranked:
        out["Зона"] = t["zone"].map(ZONES)
    out["Индекс"] = t["index"].map(lambda v: fmt_num(v, 1))
    out["Поступило"] = t["items"].map(fmt_int)
    out["Ответов"] = t["answered"].map(fmt_int)
    out["В срок"] = t["on_time_share"].map(_pct)
    out["Медиана, " + ("ч" if unit == "hours" else "дн.")] = t["median_answer_hours"].map(lambda h: _time(h, unit))
    out["По существу"] = t["completeness"].map(_pct)
    out["Оценки 4–5"] = [f"{_pct(s)} ({fmt_int(n)})" if n else "нет оценок"
                         for s, n in zip(t["satisfaction"], t["rated"])]
    out["Доработка"] = t["rework_share"].map(_pct)
    out["Просрочено"] = t["overdue_now"].map(fmt_int)
    out[LINK] = t["_url"]
    return out.reset_index(drop=True)


def styled(frame: pd.DataFrame):
    """The zone cells coloured (green, yellow, red backgrounds) — a pandas Styler for ``st.dataframe``."""
    if "Зона" not in frame.columns:
        return frame
    return frame.style.map(lambda z: f"background-color: {ZONE_COLORS[z]}" if z in ZONE_COLORS else "",
                           subset=["Зона"])


def _pct(v) -> str:
    return "—" if v is None or pd.isna(v) else fmt_pct(float(v))


def export_frame(table: pd.DataFrame, names: dict[int, str], group: str, unit: str) -> pd.DataFrame:
    """All rows (ranked and not) with numbers, Russian headers, for the XLSX file."""
    hours = unit == "hours"
    pct = lambda s: (s.astype("float64") * 100).round(1)
    return pd.DataFrame({
        "Место": table["rank"].astype("float64"),
        "Изменение места": table["rank_change"].astype("float64"),
        GROUP_HEADER[group]: table["key"].map(lambda k: names.get(k, f"№ {k}")),
        "Ранжируется": table["eligible"].map({True: "да", False: "нет (мало обращений)"}),
        "Зона": table["zone"].map(ZONES),
        "Индекс": table["index"].round(1),
        "Индекс за предыдущий период": table["prev_index"].round(1),
        "Поступило": table["items"],
        "Ответов": table["answered"],
        "В срок, %": pct(table["on_time_share"]),
        "Медиана ответа, " + ("ч" if hours else "дн."): (table["median_answer_hours"] / (1 if hours else 24)).round(1),
        "По существу, %": pct(table["completeness"]),
        "Оценок": table["rated"],
        "Оценки 4–5, %": pct(table["satisfaction"]),
        "Доработка, %": pct(table["rework_share"]),
        "В работе": table["open_now"],
        "Просрочено сейчас": table["overdue_now"],
    })


def method_text(method: RatingMethod, scopes_text: str) -> str:
    """The «Методика» section (our own text: safe as Markdown)."""
    rows = "\n".join(f"| {COMPONENTS[k][0]} | {fmt_num(w * 100, 0)} % | {COMPONENTS[k][1]} |"
                     for k, w in method.weights if w > 0)
    excluded = ", ".join(method.excluded_statuses) or "нет"
    return f"""
**Индекс** = 100 × Σ wᵢ·sᵢ / Σ wᵢ, где sᵢ — оценка составляющей от 0 до 1 (больше — лучше), wᵢ — её вес.
Если у исполнителя нет данных по составляющей (нет ответов, меньше {method.min_ratings} оценок жителей), она не
учитывается, а веса остальных пересчитываются.

| Составляющая | Вес | Как считается |
|---|---|---|
{rows}

- **Минимальный объём**: ранжируются исполнители, получившие за период не меньше {fmt_count(method.min_items, *ITEMS_GEN)};
  остальные показаны отдельно, без места.
- **Место** — по индексу, округлённому до десятых; при равенстве место общее, следующее пропускается (1, 2, 2, 4).
- **Изменение места** — к предыдущему периоду той же длины (▲ — поднялся, ▼ — опустился, «новый» — тогда не
  ранжировался). Просрочка для предыдущего периода — на его конец.
- **Зоны**: зелёная — индекс от {fmt_num(method.green_from, 0)}, жёлтая — от {fmt_num(method.yellow_from, 0)},
  ниже — красная.
- **Ответ по существу**: ответ дан, статус не из списка ({excluded}), возвратов на доработку не больше
  {method.max_reopened}.
- **Рейтинги по каналам**: {scopes_text}.
- **Поступило** — по дате поступления; ответы, сроки, оценки, доработка — по ответам, данным за период;
  **в работе** и **просрочено** — {AT_PERIOD_END}: рейтинг закрытого периода не меняется со временем просмотра.
- **В срок**: {ON_TIME_RULE}. **Время ответа** — {REGISTRATION_RULE}.
- Параметры методики — в файле профиля `rating.toml`.
"""
