"""Sections of the weekly note, each from the query functions of its page (heat map, Сроки, rating,
satisfaction, items) with the same arguments the page passes. Citizens' texts and addresses: masked copies
only (``personal_data=False``), whoever makes the note."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from components.common.formatting import ITEMS, ITEMS_GEN, fmt_count, fmt_datetime, fmt_int, fmt_num, fmt_pct, share
from components.heatmap.measures import MEASURES, fmt_growth
from data_access.queries import growth
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.queries.heatmap import district_figures, growth_cube, territory_cube
from data_access.queries.items import ItemQuery, items_page
from data_access.metrics.registry import AGE_COLUMNS, AGE_LABELS, METRICS, period_end_moment
from data_access.domain.profile import Profile
from data_access.queries.rating import rating_table
from data_access.metrics.rating_method import RatingMethod, rank_change_text, rating
from data_access.store.reference import Reference
from data_access.queries.satisfaction import repeat_places, repeats_weekly, summary
from data_access.queries.sla import overdue_now
from reports.map_image import district_map_png
from reports.model import Image, Paragraph, Section, Table
from reports.week import IsoWeek

GROWTH_LIMIT = 10     # as on the heat map
EXAMPLES = 5          # example items per growing problem
TOP_EXECUTORS = 10
RED_ZONE_LIMIT = 15
MAP_MEASURE = "per_1000"  # the heat map's default colouring


@dataclass(frozen=True)
class Context:
    engine: sa.Engine
    profile: Profile
    ref: Reference
    f: Filters
    week: IsoWeek
    as_of: datetime
    moment: datetime  # the week's end (or «now» for the running week)
    method: RatingMethod


def map_section(c: Context) -> Section:
    if c.ref.districts.empty:  # a settlement without districts (as the heat map: no district figures)
        return Section("Обращения по районам", (Paragraph("В профиле муниципалитета нет районов: карта и таблица "
                                                          "районов не строятся."),))
    figures = district_figures(c.engine, c.f, c.moment)
    measure = MEASURES[MAP_MEASURE]
    selected = tuple(d for d in c.f.districts if d != NO_DISTRICT)
    shown = figures[figures["district_id"].isin(selected)] if selected else figures
    scale = measure.scale(shown[measure.key])
    blocks = []
    geojson = c.profile.boundary_geojson()
    attribution = c.profile.boundary_attribution or "© участники OpenStreetMap (ODbL)."
    if geojson:
        png = district_map_png(geojson, figures, measure, scale, selected, attribution)
        blocks.append(Image(png, f"Рисунок 1. {measure.label} за неделю: классы и цвета — как на тепловой карте. "
                                 f"Границы районов: {attribution}"))
    ranked = shown.sort_values(["per_1000", "items"], ascending=False, na_position="last")
    blocks.append(Table("Районы по числу обращений на 1 000 жителей",
                        ("Район", "Поступило", "На 1 000 жит.", "Рост к пред. неделе", "Просрочено"),
                        tuple((r.district, fmt_int(r.items), fmt_num(r.per_1000, 2), fmt_growth(r.growth),
                               fmt_int(r.overdue)) for r in ranked.itertuples()),
                        f"{measure.method} Просрочено — на конец недели."))
    return Section("Обращения по районам", tuple(blocks))


SEASONAL_RULE = ("Рост отмечен как сезонный, если он значим против предыдущей недели, но не против сезона: тех же дат "
                 "одного и двух прошлых лет, пересчитанных на общий уровень обращений (как «с учётом сезона» на "
                 "тепловой карте).")


@dataclass(frozen=True)
class Growth:
    section: Section
    ranked: pd.DataFrame  # rank_growth rows plus year_items, year_prev_items, seasonal


def growing(c: Context) -> Growth:
    """«Растущие проблемы» of the week (``growth.rank_growth`` over the heat map's cube) with the same pairs in the
    same ISO week a year earlier and the seasonal mark."""
    ranked = growth.rank_growth(territory_cube(c.engine, c.f, c.moment, "topic"), limit=GROWTH_LIMIT)
    year_f = c.week.year_earlier().filters(c.f)
    year = territory_cube(c.engine, year_f, period_end_moment(year_f, c.as_of), "topic")
    year = year[["district_id", "row_id", "items", "prev_items"]].rename(
        columns={"items": "year_items", "prev_items": "year_prev_items"})
    ranked = ranked.merge(year, on=["district_id", "row_id"], how="left").fillna(
        {"year_items": 0, "year_prev_items": 0})
    # the heat map's rule (data_access.queries.growth.seasonal_flags): grows against the previous period, not against the
    # season (the same dates of past years scaled by the overall level)
    flags = growth.seasonal_flags(growth_cube(c.engine, c.f, "topic"))[["district_id", "row_id", "seasonal"]]
    ranked = ranked.merge(flags, on=["district_id", "row_id"], how="left")
    ranked["seasonal"] = ranked["seasonal"].astype("boolean").fillna(False).astype(bool)
    districts, topics = c.ref.names("districts"), c.ref.names("topics")
    rows = tuple((districts.get(int(r.district_id), "?"), topics.get(int(r.row_id), "без темы"), fmt_int(r.items),
                  fmt_int(r.prev_items), fmt_growth(r.growth) if not pd.isna(r.growth) else "впервые",
                  f"×{fmt_num(r.growth_low, 1)}", fmt_num(r.z, 1),
                  f"{fmt_int(r.year_prev_items)} → {fmt_int(r.year_items)}", "да" if r.seasonal else "нет")
                 for r in ranked.itertuples())
    method = (f"Пары «район — тема» с не менее чем {fmt_count(growth.MIN_ITEMS, *ITEMS_GEN)} за неделю, выросшие "
              f"против предыдущей недели; условный биномиальный тест (p < {fmt_num(growth.ALPHA, 2)}), порядок — по "
              "силе свидетельства (z, значимость роста); «было» — неделей раньше; «год назад» — та же неделя ISO годом "
              "раньше и неделя перед ней; «рост не менее» — нижняя граница с вероятностью 95 %. " + SEASONAL_RULE)
    if ranked.empty:
        blocks = (Paragraph("Значимого роста по парам «район — тема» против предыдущей недели нет."), Paragraph(method))
    else:
        blocks = (Table("", ("Район", "Тема", "За неделю", "Было", "Рост", "Рост не менее", "z",
                                              "Год назад", "Сезонный"), rows, method),)
    return Growth(Section("Растущие проблемы", blocks), ranked)


def moment_text(c: Context) -> str:
    """«на конец недели (29.11.2026, 24:00 местного времени)», or «на 01.12.2026 10:15» for a running week."""
    if c.moment == c.f.bounds()[1]:
        return f"на конец недели ({c.f.date_to:%d.%m.%Y}, 24:00 местного времени)"
    return f"на {fmt_datetime(c.moment.astimezone(c.profile.tz))}"


def overdue_section(c: Context) -> Section:
    df = overdue_now(c.engine, c.f, c.moment)
    columns = ("Всего", *(AGE_LABELS[k] for k in AGE_COLUMNS))

    def rows(dimension: str, names: dict, empty: str, limit: int | None = None):
        part = df[df["dimension"] == dimension].head(limit)
        return tuple((names.get(int(i), "?") if not pd.isna(i) else empty, fmt_int(r["total"]),
                      *(fmt_int(r[col]) for col in AGE_COLUMNS.values())) for i, (_, r) in zip(part["id"], part.iterrows()))
    note = (METRICS["overdue"].method.replace("на момент просмотра", moment_text(c))  # the registry's text
            + " Давность — календарные сутки после действующего срока.")
    if df.empty:
        return Section("Просроченные обращения", (Paragraph("На конец недели просроченных обращений без ответа нет."),))
    return Section("Просроченные обращения", (
        Table("Просрочено по отраслевым блокам", ("Блок", *columns), rows("sector", c.ref.names("sectors"), "без блока"),
              note),
        Table(f"Исполнители с наибольшей просрочкой (первые {TOP_EXECUTORS})", ("Исполнитель", *columns),
              rows("executor", c.ref.names("executors"), "без исполнителя", TOP_EXECUTORS)),
    ))


def rating_section(c: Context) -> Section:
    m = c.method
    table = rating(rating_table(c.engine, c.f, c.as_of, "executor", m.excluded_statuses, m.max_reopened), m)
    red = table[table["zone"] == "red"].head(RED_ZONE_LIMIT)
    names = c.ref.names("executors")
    note = (f"Рейтинг «{m.scopes[0].title}» по сводному индексу (методика и веса — в профиле); красная зона — индекс "
            f"ниже {m.yellow_from:.0f}; изменение места — к предыдущей неделе; ранжируются исполнители от "
            f"{fmt_count(m.min_items, *ITEMS_GEN)} за неделю.")
    if red.empty:
        return Section("Красная зона рейтинга исполнителей", (Paragraph("В красной зоне никого нет."), Paragraph(note)))
    rows = tuple((fmt_int(r.rank), names.get(int(r.key), f"№ {r.key}"), fmt_num(r.index, 1),
                  rank_change_text(r.rank_change, r.prev_rank), fmt_int(r.items)) for r in red.itertuples())
    return Section("Красная зона рейтинга исполнителей", (
        Table("Исполнители в красной зоне", ("Место", "Исполнитель", "Индекс", "Изменение места", "Поступило"),
              rows, note),))


def satisfaction_section(c: Context) -> Section:
    s = summary(c.engine, c.f)
    target = c.profile.targets.get("satisfaction_share", 0.6)
    sat, prev = share(s["rated_good"], s["rated"]), share(s["prev_rated_good"], s["prev_rated"])
    if sat is None:
        verdict = "оценок за неделю нет"
    else:
        verdict = "цель достигнута" if sat >= target else f"ниже цели на {fmt_num((target - sat) * 100)} п.п."
    text = (f"{METRICS['rated_good'].label}: {fmt_pct(sat)} (цель — не менее {fmt_pct(target, 0)}; {verdict}); "
            f"неделей раньше — {fmt_pct(prev)}. Оценок: {fmt_int(s['rated'])} из "
            f"{fmt_count(s['answered'], 'ответа', 'ответов', 'ответов')} за неделю.")
    days = c.method.repeat_days
    weekly = repeats_weekly(c.engine, c.f, c.profile.utc_offset_seconds(), days)
    repeats, located = int(weekly["repeats"].sum()), int(weekly["located"].sum())
    repeat_text = (f"Повторные обращения (то же место — ячейка карты ≈ 0,1 км² — и та же тема не позже чем через "
                   f"{days} дн.): {fmt_int(repeats)} из {fmt_count(located, *ITEMS_GEN)} с местом "
                   f"({fmt_pct(share(repeats, located))}).")
    blocks = [Paragraph(text), Paragraph(repeat_text)]
    places = repeat_places(c.engine, c.f, days, 5, False)  # masked addresses, always
    if len(places):
        blocks.append(Table("Места с наибольшим числом повторных обращений", ("Адрес", "Район", "Тема", "Повторных",
                                                                                "Всего"),
                            tuple((r.address or "адрес не указан", r.district or "без района", r.topic,
                                   fmt_int(r.repeats), fmt_int(r.items)) for r in places.itertuples()),
                            "Адреса — в замаскированном виде (без номеров квартир)."))
    return Section("Удовлетворенность и повторные обращения", tuple(blocks))


_SPACES = re.compile(r"\s+")


def examples_section(c: Context, ranked: pd.DataFrame) -> Section:
    """Five newest items of each growing problem with their MASKED texts (the items page's query)."""
    if ranked.empty:
        return Section("Примеры обращений", (Paragraph("Растущих проблем нет — примеры не приводятся."),))
    districts, topics = c.ref.names("districts"), c.ref.names("topics")
    blocks = []
    for r in ranked.itertuples():
        q = ItemQuery(c.f.with_(districts=(int(r.district_id),), topics=(int(r.row_id),)), c.moment,
                      personal_data=False)
        page = items_page(c.engine, q, None, EXAMPLES)
        rows = tuple((str(x.external_id), fmt_datetime(x.received_at.astimezone(c.profile.tz)),
                      _SPACES.sub(" ", x.text or "").strip() + ("…" if len(x.text or "") >= 300 else ""))
                     for x in page.itertuples())
        blocks.append(Table(f"{districts.get(int(r.district_id), '?')} район — {topics.get(int(r.row_id), 'без темы')}",
                            ("Номер", "Поступило", "Текст (персональные данные скрыты)"), rows))
    blocks.append(Paragraph(f"По каждой растущей проблеме — {fmt_count(EXAMPLES, *ITEMS)}, поступивших за неделю "
                            "последними; имена, телефоны, e-mail и номера квартир заменены пометками."))
    return Section("Примеры обращений по растущим проблемам", tuple(blocks))
