"""Pure builders of the meeting screen's slides: query results in, what a slide shows out (no Streamlit).

Every text taken from the store that can hold personal data (citizens' messages) passes through
``components.common.masking.mask_personal_data`` here, before any renderer sees it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from components.common.formatting import ANSWERS, ANSWERS_GEN, ITEMS_GEN, RATINGS, fmt_count, fmt_int, fmt_num, fmt_pct, share
from components.heatmap.map import district_props
from components.heatmap.measures import MEASURES, fmt_growth, fmt_share, legend_classes
from components.common.masking import mask_personal_data
from components.rating.table import display_frame
from components.screen.style import INK, screen_figure
from components.sla.charts import on_time_chart, overdue_chart
from components.sla.tables import channel_targets, on_time_points, overdue_bars
from components.satisfaction.charts import share_chart
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.store.reference import Reference
from data_access.metrics.rating_method import RatingMethod

MAP_MEASURE = MEASURES["per_1000"]
SAMPLE_CHARS = 170
BELOW = "#c0392b"   # below the target
ABOVE = "#1e7b34"   # at or above the target


def sample_text(text: str | None, limit: int = SAMPLE_CHARS) -> str:
    """A citizen's text for the wall: personal data masked FIRST (a cut phone number or name could escape
    the masking), then shortened at a word boundary to ``limit`` characters. The screen reads the masked copy
    (at most 300 characters of it); this pass adds the wall's stricter rule: houses go too."""
    masked = " ".join(mask_personal_data(text or "").split())
    if len(masked) <= limit:
        return masked
    cut = masked[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:—- ") + " …"


# --- «Карта районов» -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MapSlide:
    props: dict            # district name -> properties for ``screen_map.screen_deck``
    legend: list           # (CSS colour, range label), low to high
    table: pd.DataFrame    # the districts, hottest first


def map_slide(figures: pd.DataFrame, f: Filters) -> MapSlide:
    """Districts coloured by items per 1,000 residents (as the heat-map page), with a ranked table."""
    selected = tuple(d for d in f.districts if d != NO_DISTRICT)
    shown = figures[figures["district_id"].isin(selected)] if selected else figures
    scale = MAP_MEASURE.scale(shown[MAP_MEASURE.key])
    props = district_props(figures, MAP_MEASURE, scale, {}, selected, alpha=235)
    ranked = shown.sort_values(["per_1000", "items"], ascending=False, na_position="last")
    table = pd.DataFrame({
        "Район": ranked["district"].tolist(),
        "На 1 000 жит.": [fmt_num(v, 2) for v in ranked["per_1000"]],
        "Рост": [fmt_growth(g) for g in ranked["growth"]],
        "Просрочено": [fmt_int(v) for v in ranked["overdue"]],
    })
    return MapSlide(props, legend_classes(MAP_MEASURE, scale), table)


# --- «Растущие проблемы» ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class GrowthRow:
    title: str       # «Свердловский район · Горячее водоснабжение»
    figures: str     # «было 12 → стало 85 · рост +608,3 % (не менее ×4,1)»
    sample: str      # a masked citizen's text of the pair, or ""


# what the current count is set against, per comparison of ``data_access.queries.growth.COMPARISONS``
GROWTH_BASE = {"seasonal": "по сезону ожидалось", "year": "год назад", "previous": "было"}


def growth_rows(ranked: pd.DataFrame, ref: Reference, samples: dict[tuple[int, int], str | None],
                comparison: str) -> list[GrowthRow]:
    """Rows of ``growth.rank_comparison`` against ``comparison`` (strongest first) with names; ``samples``:
    (district_id, topic_id) -> the newest item's text, masked here."""
    districts, topics = ref.names("districts"), ref.names("topics")
    rows = []
    for r in ranked.itertuples(index=False):
        d, t = int(r.district_id), int(r.row_id)
        growth = "впервые" if pd.isna(r.growth) else fmt_growth(r.growth)
        rows.append(GrowthRow(
            f"{districts.get(d, '?')} район · {topics.get(t, 'без темы')}",
            f"{GROWTH_BASE[comparison]} {fmt_base(r.expected, comparison)} → стало {fmt_int(r.items)} · рост {growth} "
            f"(не менее ×{fmt_num(r.growth_low, 1)})",
            sample_text(samples.get((d, t)))))
    return rows


def fmt_base(expected: float, comparison: str) -> str:
    """The expected count: a count of past items, or (seasonal) a scaled one with a decimal."""
    return fmt_num(expected, 1) if comparison == "seasonal" else fmt_int(expected)


# --- «Сроки» ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str


def sla_figures(on_time: pd.DataFrame, overdue: pd.DataFrame, target: float | None) -> list[Figure]:
    """On-time share of the period against the target, items overdue now and those overdue > 7 days."""
    answered, in_time = int(on_time["on_time_base"].sum()), int(on_time["on_time"].sum())
    sectors = overdue[overdue["dimension"] == "sector"]
    late, week_old = int(sectors["total"].sum()), int(sectors["age_7p"].sum())
    on_time_share = share(in_time, answered)
    goal = f"цель {fmt_pct(target, 0)}" if target else "цель не задана"
    return [
        Figure("Ответов в срок", fmt_share(on_time_share), f"{goal}; {fmt_count(answered, *ANSWERS)} со сроком за период"),
        Figure("Просрочено сейчас", fmt_int(late), "без ответа после срока, на этот момент"),
        Figure("Из них более 7 дней", fmt_int(week_old), f"{fmt_pct(share(week_old, late))} просроченных"
               if late else "просроченных нет"),
    ]


def sla_charts(on_time: pd.DataFrame, overdue: pd.DataFrame, f: Filters, ref: Reference, today: date,
               targets: dict, scale: float, height: int) -> tuple[go.Figure | None, go.Figure | None]:
    """The «Сроки» page's on-time lines (by week, per channel, with targets) and overdue-now bars by sector,
    restyled for the wall; None where there is nothing to draw."""
    lines = bars = None
    if not on_time.empty:
        lines = within_period(screen_figure(on_time_chart(on_time_points(on_time, f, ref, today),
                                                          channel_targets(ref, targets)), scale, height), f)
        lines.update_yaxes(title_text="Ответов в срок, %")
    sectors = overdue_bars(overdue, "sector", f, ref, today, limit=8)
    if not sectors.empty:
        bars = screen_figure(overdue_chart(sectors), scale, height)
    return lines, bars


def within_period(fig: go.Figure, f: Filters) -> go.Figure:
    """A weekly chart drawn within the period: a week that began before the period (its figures count only the
    period's days) is placed at the period's first day, the axis spans the period's days, and the ticks are the
    weeks' dates — no date before the period appears on the wall."""
    start, end = pd.Timestamp(f.date_from), pd.Timestamp(f.date_to)
    ticks = set()
    for trace in fig.data:
        if trace.x is None or not len(trace.x):
            continue
        x = [max(pd.Timestamp(v).tz_localize(None) if pd.Timestamp(v).tzinfo else pd.Timestamp(v), start)
             for v in trace.x]
        trace.x = x
        ticks.update(x)
    ticks = sorted(t for t in ticks if start <= t <= end)
    fig.update_xaxes(range=[start - pd.Timedelta(hours=12), end + pd.Timedelta(hours=12)], tickmode="array",
                     tickvals=ticks, ticktext=[f"{t:%d.%m}" for t in ticks])
    return fig


# --- «Рейтинг: красная зона» -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RedZone:
    table: pd.DataFrame   # the red-zone rows, worst first
    counts: str           # «зелёная — 6, жёлтая — 3, красная — 2 из 11 ранжируемых»
    more: int             # red rows left out of ``table``


RED_COLUMNS = ["Место", "Изм.", "Исполнитель", "Индекс", "В срок", "Оценки 4–5", "Просрочено"]


def red_zone(rated: pd.DataFrame, names: dict[int, str], limit: int = 8) -> RedZone:
    """The executors of ``rating_method.rating`` in the red zone, lowest index first (at most ``limit``)."""
    ranked = rated[rated["eligible"]]
    zones = ranked["zone"].value_counts()
    counts = (f"зелёная — {zones.get('green', 0)}, жёлтая — {zones.get('yellow', 0)}, "
              f"красная — {zones.get('red', 0)} из {len(ranked)} ранжируемых")
    red = rated[rated["eligible"] & (rated["zone"] == "red")].sort_values(["index", "key"])
    shown = display_frame(red.head(limit), names, "executor", "days", [""] * min(limit, len(red)), ranked=True)
    return RedZone(shown[RED_COLUMNS] if not shown.empty else shown, counts, max(0, len(red) - limit))


def rating_rule(method: RatingMethod) -> str:
    return (f"Индекс 0–100 по срокам, полноте по существу, скорости, оценкам, доработке и просрочке; красная зона — "
            f"ниже {fmt_num(method.yellow_from, 0)}. Ранжируются исполнители от "
            f"{fmt_count(method.min_items, *ITEMS_GEN)} "
            "за период; изменение места — к предыдущему периоду той же длины.")


# --- «Удовлетворенность» ---------------------------------------------------------------------------------

def satisfaction_figures(s: dict, target: float) -> list[Figure]:
    """Share of ratings 4–5 against the target, its change, and the mean rating."""
    sat, prev = share(s["rated_good"], s["rated"]), share(s["prev_rated_good"], s["prev_rated"])
    change = "нет данных" if sat is None or prev is None else \
        f"{'+' if sat >= prev else '−'}{fmt_num(abs(sat - prev) * 100, 1)} п. п."
    verdict = "" if sat is None else (" — цель достигнута" if sat >= target else " — ниже цели")
    return [
        Figure("Оценки 4–5", fmt_share(sat), f"цель {fmt_pct(target, 0)}{verdict}"),
        Figure("К предыдущему периоду", change, f"было {fmt_share(prev)}"),
        Figure("Средняя оценка", fmt_num(share(s["rating_sum"], s["rated"]), 2),
               f"{fmt_count(s['rated'], *RATINGS)} из "
               f"{fmt_count(s['answered'], *ANSWERS_GEN)}"),
    ]


def satisfaction_charts(weeks: pd.DataFrame, bd: pd.DataFrame, ref: Reference, target: float, scale: float,
                        height: int, f: Filters | None = None) -> tuple[go.Figure | None, go.Figure | None]:
    """The weekly share of ratings 4–5 with the target (the satisfaction page's chart) and the share by
    sector against the target; None where there are no ratings. Given the period ``f``, the weeks are drawn
    within it (``within_period``)."""
    weekly = screen_figure(share_chart(weeks, target), scale, height) if int(weeks["rated"].sum()) else None
    if weekly is not None and f is not None:
        weekly = within_period(weekly, f)
    sectors = bd[(bd["dimension"] == "sector") & (bd["rated"] > 0)]
    return weekly, (sector_target_chart(sectors, ref.names("sectors"), target, scale, height)
                    if not sectors.empty else None)


def sector_target_chart(sectors: pd.DataFrame, names: dict[int, str], target: float, scale: float,
                        height: int) -> go.Figure:
    """Horizontal bars of the share of ratings 4–5 per sector (``satisfaction.breakdown`` rows), red below the
    target and green at or above it, with the target line; the lowest on top."""
    data = sectors.assign(share=sectors["rated_good"] / sectors["rated"] * 100).sort_values("share", ascending=False)
    labels = [names.get(int(k), f"№ {k}") for k in data["key"]]
    fig = go.Figure(go.Bar(
        x=data["share"], y=labels, orientation="h", marker_color=[BELOW if v < target * 100 else ABOVE
                                                                   for v in data["share"]],
        # at the bar's start: at its end the value of a share near the target was crossed by the target line
        text=[f"{fmt_num(v, 0)} %" for v in data["share"]], textposition="inside", insidetextanchor="start",
        textfont=dict(color="#ffffff"),
        customdata=data["rated"], hovertemplate="%{y}: %{x:.1f} % оценок 4–5 из %{customdata:,d}<extra></extra>"))
    fig.add_vline(x=target * 100, line=dict(color=INK, dash="dash", width=2),
                  annotation_text=f"цель {fmt_num(target * 100, 0)} %", annotation_position="top")
    fig.update_xaxes(range=[0, 110], ticksuffix=" %", title_text="Оценки 4–5 по отраслевым блокам, %")
    out = screen_figure(fig, scale, height, legend=False)
    out.update_layout(separators=", ", margin_t=int(50 * scale))
    out.update_traces(textfont=dict(color="#ffffff"))
    return out


ZONE_BARS = {"green": ABOVE, "yellow": "#d4a017", "red": BELOW}
ZONE_TEXT = {"green": "#ffffff", "yellow": INK, "red": "#ffffff"}


def rating_index_chart(rated: pd.DataFrame, names: dict[int, str], method: RatingMethod, scale: float,
                       height: int) -> go.Figure | None:
    """Every ranked executor's index as a bar coloured by its zone, with the zone thresholds; the lowest on top."""
    ranked = rated[rated["eligible"]].sort_values(["index", "key"], ascending=[False, True])
    if ranked.empty:
        return None
    fig = go.Figure(go.Bar(
        x=ranked["index"], y=[names.get(int(k), f"№ {k}") for k in ranked["key"]], orientation="h",
        marker_color=[ZONE_BARS.get(z, "#888888") for z in ranked["zone"]],
        # the value at the bar's start, inside it: outside the bar's end it crossed the dashed zone lines
        text=[fmt_num(v, 1) for v in ranked["index"]], textposition="inside", insidetextanchor="start",
        cliponaxis=False,
        hovertemplate="%{y}: индекс %{x:.1f}<extra></extra>"))
    for x in (method.yellow_from, method.green_from):
        fig.add_vline(x=x, line=dict(color=INK, dash="dash", width=2))
    fig.update_xaxes(range=[0, 100], title_text="Индекс рейтинга, 0–100; пунктир — границы зон")
    out = screen_figure(fig, scale, height, legend=False)
    out.update_layout(separators=", ", margin_t=int(20 * scale), margin_r=int(70 * scale), bargap=0.25)
    out.data[0].textfont.color = [ZONE_TEXT.get(z, "#ffffff") for z in ranked["zone"]]
    return out
