"""Pure transforms of the «Сроки» query results into what the page shows: drill-down URLs, Russian tables, cards.

No Streamlit here: every function takes DataFrames and small values and returns DataFrames or ``Card`` lists.
"""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pandas as pd

from components.common.drilldown import drill_url
from components.common.formatting import ITEMS, ITEMS_GEN, fmt_count, fmt_int, fmt_num, fmt_pct, share
from components.common.metric_text import fmt_metric, metric_help
from data_access.metrics.registry import AGE_COLUMNS, AGE_LABELS, METRICS as M
from components.common.kpi import Card
from data_access.domain.deadlines import UNIT_NAMES as RULE_UNITS  # a term as the rules state it: «8 раб. ч»
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.store.reference import Reference

# the unit an answer time is measured in: the rules' own, except that working-hour terms are measured in hours
MEASURED_UNIT_NAMES = {**RULE_UNITS, "work_hours": RULE_UNITS["hours"]}
UNIT_TITLES = {"work_days": "рабочие дни", "calendar_days": "календарные дни", "hours": "часы",
               "work_hours": "часы (астрономические)"}
AGE_PARAMS = {col: key for key, col in AGE_COLUMNS.items()}
DIMENSION_TABLES = {"sector": "sectors", "executor": "executors", "district": "districts"}
NOT_SET = {"sector": "Блок не указан", "executor": "Исполнитель не назначен", "district": "Без района"}


def channel_targets(ref: Reference, targets: dict) -> dict[str, float]:
    """On-time target per channel name: ``on_time_share_<code>`` if the profile sets one, else ``on_time_share``."""
    general = targets.get("on_time_share")
    out = {}
    for code, name in zip(ref.channels["code"], ref.channels["name"]):
        value = targets.get(f"on_time_share_{code}", general)
        if value is not None:
            out[name] = float(value)
    return out


def on_time_points(df: pd.DataFrame, f: Filters, ref: Reference, today: date) -> pd.DataFrame:
    """``sla.on_time_by_period`` rows with channel names and the URL of the late answers of each point."""
    out = df.copy()
    out["channel"] = out["channel_id"].map(ref.names("channels"))
    out["url"] = [drill_url(f, ref, today, extra={"on_time": 0}, channel=c, date_from=s, date_to=e)
                  for c, s, e in zip(out["channel_id"], out["start"], out["end"])]
    out["link_label"] = [f"Ответы с опозданием: {n}, {s:%d.%m}–{e:%d.%m.%Y} ({fmt_int(a - o)})"
                         for n, s, e, a, o in zip(out["channel"], out["start"], out["end"], out["answered"],
                                                  out["on_time"])]
    return out


def overdue_bars(df: pd.DataFrame, dimension: str, f: Filters, ref: Reference, today: date,
                 limit: int = 15) -> pd.DataFrame:
    """Rows of one dimension of ``sla.overdue_now`` (the ``limit`` largest) with names and per-bucket URLs."""
    part = df[df["dimension"] == dimension].nlargest(limit, "total", keep="first").copy()
    names = ref.names(DIMENSION_TABLES[dimension])
    part["name"] = [names.get(int(i), str(i)) if pd.notna(i) else NOT_SET[dimension] for i in part["id"]]
    for col, age in AGE_PARAMS.items():
        urls, labels = [], []
        for i, name, n in zip(part["id"], part["name"], part[col]):
            value = NO_DISTRICT if pd.isna(i) and dimension == "district" else (None if pd.isna(i) else int(i))
            selection = {} if value is None else {dimension: value}
            urls.append(drill_url(f, ref, today, extra={"overdue": 1, "age": age}, **selection))
            labels.append(f"Просрочено {age.replace('-', '–').replace('7+', 'более 7')} дн.: {name} ({fmt_int(n)})")
        part[f"url_{col}"], part[f"label_{col}"] = urls, labels
    return part


def due_soon_table(df: pd.DataFrame, f: Filters, ref: Reference, today: date, tz: ZoneInfo) -> pd.DataFrame:
    """Display table of ``sla.due_soon``: executor, channel, items, the nearest deadline (local), a link."""
    executors, channels = ref.names("executors"), ref.names("channels")
    return pd.DataFrame({
        "Исполнитель": [executors.get(int(e), "—") if pd.notna(e) else "Исполнитель не назначен"
                        for e in df["executor_id"]],
        "Канал": df["channel_id"].map(channels),
        "Обращений": df["items"].astype(int),
        "Ближайший срок": [t.tz_convert(tz).strftime("%d.%m.%Y %H:%M") for t in df["first_deadline"]],
        "Открыть": [drill_url(f, ref, today, extra={"due_soon": 1}, channel=int(c),
                              **({} if pd.isna(e) else {"executor": int(e)}))
                    for e, c in zip(df["executor_id"], df["channel_id"])],
    })


def answer_time_table(times: pd.DataFrame, extended: pd.DataFrame, f: Filters, ref: Reference,
                      today: date, resolution: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per channel: unit, norm, answers, median and 90th percentile in the channel's unit, the share of
    extended deadlines; links to the answers and to the items with an extended deadline; with ``resolution``
    (``sla.resolution_time``) also the items resolved in the period and their median and 90th percentile
    (``res_median``, ``res_p90``) with a link (``resolved_url``).

    ``extended_url`` / ``resolved_url`` are empty where no deadline was extended / nothing was resolved."""
    out = times.merge(extended, on="channel_id", how="outer")
    if resolution is not None:
        res = resolution.rename(columns={"median": "res_median", "p90": "res_p90", "uncounted": "res_uncounted"})
        out = out.merge(res, on="channel_id", how="outer")
        out["resolved"] = out["resolved"].fillna(0).astype(int)
        out["resolved_url"] = [drill_url(f, ref, today, extra={"resolved": 1}, channel=int(c)) if r > 0 else ""
                               for c, r in zip(out["channel_id"], out["resolved"])]
    out["channel"] = out["channel_id"].map(ref.names("channels"))
    units = dict(zip(ref.channels["id"], ref.channels["unit"]))
    terms = dict(zip(ref.channels["id"], ref.channels["term"]))
    out["unit"] = out["channel_id"].map(units)
    out["channel_code"] = out["channel_id"].map(dict(zip(ref.channels["id"], ref.channels["code"])))
    out["term"] = out["channel_id"].map(terms).astype(float)
    out["unit_name"] = out["unit"].map(MEASURED_UNIT_NAMES)
    out["answered"] = out["answered"].fillna(0).astype(int)
    out["url"] = [drill_url(f, ref, today, extra={"answered": 1}, channel=int(c)) for c in out["channel_id"]]
    out["extended_url"] = [drill_url(f, ref, today, extra={"extended": 1}, channel=int(c)) if (e or 0) > 0 else ""
                           for c, e in zip(out["channel_id"], out["extended"])]
    return out.sort_values("channel_id").reset_index(drop=True)


def answer_time_display(t: pd.DataFrame, targets: dict | None = None) -> pd.DataFrame:
    """The Russian table of ``answer_time_table``; the ПОС mean is shown against the profile's target."""
    def num(v, unit):
        return "—" if pd.isna(v) else fmt_num(v, 0 if unit == "work_days" else 1)

    pos_target = M["mean_answer_pos"].target_value(targets or {})
    codes = t["channel_code"] if "channel_code" in t else pd.Series("", index=t.index)

    def mean(v, code):
        if pd.isna(v):
            return "—"
        text = fmt_num(v, 1)
        return f"{text} (цель ≤ {fmt_num(pos_target, 0)})" if code == "pos" and pos_target else text

    return pd.DataFrame({
        "Канал": t["channel"],
        "Единица": t["unit"].map(UNIT_TITLES),
        "Норматив": [f"{fmt_num(v, 0)} {u}" for v, u in zip(t["term"], t["unit_name"])],
        "Ответов": t["answered"],
        "Медиана": [num(v, u) for v, u in zip(t["median"], t["unit"])],
        "90-й перцентиль": [num(v, u) for v, u in zip(t["p90"], t["unit"])],
        "Среднее": [mean(v, c) for v, c in zip(t.get("mean", pd.Series(float("nan"), index=t.index)), codes)],
        "Ответы": t["url"],
        # the channel's headline norm may forbid extensions while a rule of one kind allows them (ПОС appeals)
        "Продлено сроков": [f"{fmt_int(e)} из {fmt_int(i)} ({fmt_pct(share(e, i))})" if m > 0 or e > 0
                            else "не допускается"
                            for e, i, m in zip(t["extended"].fillna(0), t["items"].fillna(0),
                                               t["extension_max"].fillna(0))],
        "Продлённые": t["extended_url"],
    } | ({} if "resolved" not in t else {
        "Решено": t["resolved"],
        "Решение: медиана": [num(v, u) for v, u in zip(t["res_median"], t["unit"])],
        "Решение: 90-й перцентиль": [num(v, u) for v, u in zip(t["res_p90"], t["unit"])],
        "Решённые": t["resolved_url"],
    }))


def first_answer_display(df: pd.DataFrame, f: Filters, ref: Reference, today: date) -> pd.DataFrame:
    """The Russian table of ``sla.first_answer`` with a link to the channel's items of the period."""
    names = ref.names("channels")
    return pd.DataFrame({
        "Канал": df["channel_id"].map(names),
        "Поступило": df["items"].astype(int),
        "С первым ответом": df["answered"].astype(int),
        "В пределах норматива": [f"{fmt_int(w)} из {fmt_int(n)} ({fmt_pct(s)})"
                                 for w, n, s in zip(df["within"], df.get("decided", df["answered"]), df["share"])],
        "Медиана, ч": [fmt_num(v) for v in df["median_hours"]],
        "90-й перцентиль, ч": [fmt_num(v) for v in df["p90_hours"]],
        "Ждут ответа после срока": df["waiting_late"].astype(int),
        "Открыть": [drill_url(f, ref, today, channel=int(c)) for c in df["channel_id"]],
    })


def first_answer_norms(df: pd.DataFrame, ref: Reference) -> str:
    """«Инцидент Менеджмент — 8 ч, Госпаблики — 8 ч»: each hour channel's first-answer term as the store has it
    (from the profile's deadline rules), for the caption; never a number written into the page."""
    names = ref.names("channels")
    units = dict(zip(ref.channels["id"], ref.channels["unit"]))
    return ", ".join(f"{names.get(int(c), '?')} — {fmt_num(float(t), 0)} {RULE_UNITS.get(units.get(int(c)), 'ч')}"
                     for c, t in zip(df["channel_id"], df["term"]))


def sla_cards(on_time: pd.DataFrame, overdue: pd.DataFrame, due: pd.DataFrame, extended: pd.DataFrame,
              first: pd.DataFrame, target: float | None, last_day: date) -> list[Card]:
    """Headline cards of the page, from the query results (sums of their small frames)."""
    answered, in_time = int(on_time["on_time_base"].sum()), int(on_time["on_time"].sum())
    no_deadline = int(on_time["answered"].sum()) - answered
    late_now = int(overdue.loc[overdue["dimension"] == "sector", "total"].sum())
    week_old = int(overdue.loc[overdue["dimension"] == "sector", "age_7p"].sum())
    soon = int(due["items"].sum())
    can_extend = (extended["extension_max"] > 0) | (extended["extended"] > 0)  # a kind's rule may allow it (ПОС appeals)
    ext, ext_base = int(extended["extended"].sum()), int(extended.loc[can_extend, "items"].sum())
    first_ok, first_all = int(first["within"].sum()), int(first["decided"].sum())
    terms = sorted({fmt_num(t, 0) for t in first["term"]})
    norm = f"{terms[0]} ч от регистрации" if len(terms) == 1 else "срок канала"
    return [
        Card(M["on_time"].label, fmt_metric("on_time", share(in_time, answered)),
             f"без срока: {fmt_int(no_deadline)}" if no_deadline else None, "off",
             metric_help("on_time", {"on_time_share": target} if target else None,
                         extra=f"Ответов со сроком: {fmt_int(answered)}.")),
        Card(M["overdue"].label, fmt_int(late_now),
             f"из них {AGE_LABELS['7+']}: {fmt_int(week_old)}" if late_now else None, "off", metric_help("overdue")),
        Card("Скоро просрочка", fmt_int(soon), None, "off",
             f"Обращения без ответа, срок по которым истекает до конца следующего рабочего дня "
             f"(по {last_day:%d.%m.%Y} включительно) по производственному календарю."),
        Card(M["extended"].label, fmt_metric("extended", share(ext, ext_base)), None, "off",
             metric_help("extended", extra=f"Каналы, где продление допускается: {fmt_count(ext_base, *ITEMS)}.")),
        Card(M["first_answer"].label, fmt_metric("first_answer", share(first_ok, first_all)), None, "off",
             metric_help("first_answer", extra=f"ИМ и Госпаблики, срок — {norm}; в знаменателе "
                                               f"{fmt_count(first_all, *ITEMS_GEN)}.")),
    ]


def overdue_shortcut(f: Filters, ref: Reference, today: date) -> tuple[str, str]:
    """(label, URL) of the one-click list of every item overdue now, most days overdue first (the list's
    «просрочка» order, keyset-paged): for a sector lead with no block chosen — their own blocks (the role's
    scope), for anyone who chose blocks — those blocks, otherwise all; the other panel filters are kept."""
    sectors = f.sectors or f.scope.sectors
    names = ref.names("sectors")
    if f.sectors:
        label = ("Все просроченные блока «" + names.get(sectors[0], str(sectors[0])) + "»" if len(sectors) == 1
                 else f"Все просроченные выбранных блоков ({len(sectors)})")
    elif sectors:
        label = "Все просроченные моего блока" if len(sectors) == 1 else "Все просроченные моих блоков"
    elif f.scope.districts:
        label = "Все просроченные моего района" if len(f.scope.districts) == 1 else "Все просроченные моих районов"
    else:
        label = "Все просроченные обращения"
    selection = {"sector": sectors} if sectors else {}
    return label, drill_url(f, ref, today, extra={"overdue": 1}, sort="overdue", **selection)


def answer_resolution_display(times: pd.DataFrame, resolutions: pd.DataFrame, f: Filters, ref: Reference,
                              today: date) -> pd.DataFrame:
    """Time to answer next to time to resolution per channel (``sla.answer_time`` and ``sla.resolution_time``),
    median and 90th percentile in the channel's unit, with links to the answers and to the resolved items."""
    res = resolutions.rename(columns={"median": "res_median", "p90": "res_p90"})[["channel_id", "resolved", "res_median",
                                                                                  "res_p90"]]
    t = times[["channel_id", "answered", "median", "p90"]].merge(res, on="channel_id", how="outer")
    t = t.sort_values("channel_id").reset_index(drop=True)
    units = t["channel_id"].map(dict(zip(ref.channels["id"], ref.channels["unit"])))

    def num(v, unit):
        return "—" if pd.isna(v) else fmt_num(v, 0 if unit == "work_days" else 1)

    return pd.DataFrame({
        "Канал": t["channel_id"].map(ref.names("channels")),
        "Единица": units.map(UNIT_TITLES),
        "Ответов": t["answered"].fillna(0).astype(int),
        "Ответ: медиана": [num(v, u) for v, u in zip(t["median"], units)],
        "Ответ: 90-й перцентиль": [num(v, u) for v, u in zip(t["p90"], units)],
        "Ответы": [drill_url(f, ref, today, extra={"answered": 1}, channel=int(c)) for c in t["channel_id"]],
        "Решено": t["resolved"].fillna(0).astype(int),
        "Решение: медиана": [num(v, u) for v, u in zip(t["res_median"], units)],
        "Решение: 90-й перцентиль": [num(v, u) for v, u in zip(t["res_p90"], units)],
        "Решённые": [drill_url(f, ref, today, extra={"resolved": 1}, channel=int(c)) for c in t["channel_id"]],
    })
