"""The one builder of the weekly note, shared by the page «Аналитическая записка» and ``python -m reports.weekly``.

Every figure comes from the query functions the pages call and from the metric registry (labels, formats,
targets, comparisons), so the note says what the pages say for the same week and scope. States («просрочено»,
«в работе») are taken at the end of the week (``metrics.period_end_moment``): a closed week's note does not
change with the time it is made.
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from components.common.formatting import ANSWERS, ITEMS, change_text, fmt_count, fmt_pct, share
from components.common.metric_text import fmt_metric, target_text
from data_access.metrics.filters import Filters
from data_access.metrics.registry import METRICS, OFFSETS, period_end_moment
from data_access.queries.overview import headline
from data_access.domain.profile import Profile, load_profile
from data_access.metrics.rating_method import load_rating_method
from data_access.store.reference import Reference, read_reference
from reports import sections
from reports.model import Figure, Note, Paragraph, Section
from reports.week import IsoWeek

# Headline rows: registry key and how its change is written (relative, percentage points, absolute, count).
HEADLINE = (("items", "rel"), ("answered", "rel"), ("on_time", "pp"), ("overdue", "int"),
            ("median_answer_days", "abs"), ("rated_good", "pp"))
OVERDUE_LABEL = "Просрочено на конец недели"  # the registry's «overdue», taken at the week's end
PAIRS = ("пара", "пары", "пар")


def scope_title(f: Filters, ref: Reference) -> str:
    """«весь город», «блок «Жилищно-коммунальное хозяйство»», «Кировский район» — what the note covers,
    the selections and the user's own scope together."""
    sectors, districts = ref.names("sectors"), ref.names("districts")
    sector_ids = f.sectors or f.scope.sectors
    district_ids = f.districts or f.scope.districts
    parts = [("блок " if len(sector_ids) == 1 else "блоки ") + ", ".join(f"«{sectors.get(i, i)}»" for i in sector_ids)
             ] if sector_ids else []
    if district_ids:
        names = [districts.get(i, "без района") for i in district_ids]
        parts.append(", ".join(names) + (" район" if len(names) == 1 else " районы"))
    if f.scope.executors:
        parts.append("свои исполнители")
    return "; ".join(parts) if parts else "весь город"


def headline_values(h: dict, key: str) -> tuple[float | None, float | None, float | None]:
    """(week, previous week, same period a year earlier) of a registry measure from ``overview.headline``."""
    metric = METRICS[key]

    def value(prefix: str):
        return share(h[prefix + key], h[prefix + key + "_base"]) if metric.is_share else h[prefix + key]
    return value(""), value("prev_"), value("yoy_")


def _change(key: str, kind: str, current, before) -> str:
    moved = change_text(current, before, kind=kind)
    return f"{moved or 'нет данных'} (было {fmt_metric(key, before)})"


def headline_figures(h: dict, targets: dict) -> tuple[Figure, ...]:
    targets = targets | {"satisfaction_share": targets.get("satisfaction_share", 0.6)}
    out = []
    for key, kind in HEADLINE:
        metric = METRICS[key]
        cur, prev, year = headline_values(h, key)
        target = target_text(metric, targets).removeprefix("Цель: ").rstrip(".") or "—"
        out.append(Figure(key, OVERDUE_LABEL if key == "overdue" else metric.label, fmt_metric(key, cur),
                          metric.unit, _change(key, kind, cur, prev), _change(key, kind, cur, year), target,
                          (cur, prev, year)))
    return tuple(out)


def summary_text(h: dict, targets: dict, growing: int, seasonal: int) -> str:
    """«За неделю поступило 1 234 обращения, на 56 обращений больше, чем за предыдущую неделю…»."""
    items, prev = h["items"], h["prev_items"]
    diff = items - prev
    if diff:
        compared = (f"на {fmt_count(abs(diff), *ITEMS)} {'больше' if diff > 0 else 'меньше'}, чем за предыдущую "
                    f"неделю ({fmt_count(prev, *ITEMS)})")
    else:
        compared = "столько же, сколько за предыдущую неделю"
    parts = [f"За неделю поступило {fmt_count(items, *ITEMS)}, {compared}."]
    on_time, _, _ = headline_values(h, "on_time")
    goal = targets.get("on_time_share")
    parts.append(f"Дано {fmt_count(h['answered'], *ANSWERS)}; в срок — {fmt_pct(on_time)} ответов со сроком"
                 + (f" при цели {fmt_pct(goal, 0)}." if goal is not None else "."))
    parts.append(f"На конец недели просрочено {fmt_count(h['overdue'], *ITEMS)}.")
    sat, _, _ = headline_values(h, "rated_good")
    sat_goal = targets.get("satisfaction_share", 0.6)
    if sat is not None:
        verdict = "цель достигнута" if sat >= sat_goal else "ниже цели"
        parts.append(f"Оценки 4–5 — {fmt_pct(sat)} оценённых ответов ({verdict} {fmt_pct(sat_goal, 0)}).")
    if growing:
        parts.append(f"Значимый рост обращений: {fmt_count(growing, *PAIRS)} «район — тема»"
                     + (f", из них сезонный — {fmt_count(seasonal, *PAIRS)}." if seasonal else "."))
    else:
        parts.append("Значимого роста по парам «район — тема» нет.")
    return " ".join(parts)


def build_note(engine: sa.Engine, profile: Profile, ref: Reference, week: IsoWeek, base: Filters, as_of: datetime,
               issued: date | None = None) -> Note:
    """The note for ``week`` over ``base``'s scope (its sector / district selections and user scope; its dates
    are replaced by the week). ``as_of``: «now» in the municipality's zone (a running week is taken up to it)."""
    f = week.filters(base)
    moment = period_end_moment(f, as_of)
    h = headline(engine, f, moment)
    common = dict(municipality=profile.full_name, week=week, issued=issued or as_of.date(),
                  scope=scope_title(f, ref), figures=headline_figures(h, profile.targets))
    if h["items"] == 0 and h["answered"] == 0 and h["overdue"] == 0:
        text = (f"За неделю {week.monday:%d.%m.%Y} — {week.sunday:%d.%m.%Y} в хранилище нет ни обращений, ни "
                "ответов, ни просроченных обращений по этому охвату. Проверьте, загружены ли выгрузки за эту неделю.")
        return Note(**common, summary=text, empty=True,
                    sections=(Section("Данных за неделю нет", (Paragraph(text),)),))
    ctx = sections.Context(engine, profile, ref, f, week, as_of, moment, load_rating_method(profile.folder))
    growth = sections.growing(ctx)
    body = (
        sections.map_section(ctx),
        growth.section,
        sections.overdue_section(ctx),
        sections.rating_section(ctx),
        sections.satisfaction_section(ctx),
        sections.examples_section(ctx, growth.ranked),
    )
    summary = summary_text(h, profile.targets, len(growth.ranked), int(growth.ranked["seasonal"].sum())
                           if len(growth.ranked) else 0)
    return Note(**common, summary=summary, sections=body)


def build_store_note(engine: sa.Engine, profile_folder: str, week: IsoWeek, base: Filters, as_of: datetime) -> Note:
    """``build_note`` from small hashable arguments (the page runs it through ``data_access.store.cached.query``)."""
    return build_note(engine, load_profile(profile_folder), read_reference(engine), week, base, as_of)


COMPARISONS = (f"«{OFFSETS['previous'].capitalize()}» — к предыдущей неделе; «{OFFSETS['year']}» — к тем же "
               "датам годом раньше.")
