"""«Экран заседания»: the wall screen of МЦУ meetings (``/?mode=screen``). Slides rotate every N seconds in
one fragment; another refreshes the data moment every M minutes and warms the cache, so a slide never waits
for a query. Without ``mode=screen`` the page only explains itself and links to the screen."""
from datetime import datetime, timedelta
from urllib.parse import urlencode

import streamlit as st

from components.common.figure_cache import built_deck
from components.heatmap.district_ranking import ranked_districts, ranking_figure
from components.frame.filter_bar import filter_query_params
from components.common.formatting import ITEMS_GEN, fmt_count
from components.frame.keys import K
from components.screen.map import screen_deck
from components.screen.options import MODE, SCREEN, SLIDES, DataClock, Rotation, filter_summary, screen_options, screen_scale
from components.screen.render import (
    render_chart, render_clock, render_figures, render_growth, render_legend, render_note, render_red_zone, render_table,
    render_title, render_top,
)
from components.screen.slides import (
    MAP_MEASURE, growth_rows, map_slide, rating_index_chart, rating_rule, red_zone, satisfaction_charts, satisfaction_figures,
    sla_charts, sla_figures,
)
from components.screen.style import BODY_HEIGHT, BODY_WIDTH, px, screen_css
from components.frame.store_errors import store_errors
from data_access.queries import growth
from data_access.store.cached import page_query
from data_access.metrics.filters import NO_DISTRICT
from data_access.queries.items import ItemQuery
from data_access.metrics.rating_method import load_rating_method, rating

ctx = st.session_state[K.CONTEXT]
f, ref, profile = ctx.filters, ctx.ref, ctx.store.profile

if st.query_params.get(MODE) != SCREEN:
    st.title("Экран заседания")
    st.caption("Слайды для большого экрана на заседаниях МЦУ: карта районов, растущие проблемы, сроки, красная зона "
               "рейтинга, удовлетворенность. Персональные данные жителей на экране скрыты.")
    params = {MODE: SCREEN, **filter_query_params(f, ref, ctx.as_of.date())}
    st.link_button("Открыть экран с текущими фильтрами", f"/?{urlencode(params, doseq=True)}", icon=":material/tv:")
    st.caption("Параметры адреса: slide_seconds — секунд на слайд (по умолчанию 30), refresh_minutes — обновление "
               "данных, минут (5), slides — какие слайды и в каком порядке (map, growth, sla, rating, satisfaction).")
    st.stop()

opts = screen_options(st.query_params)
# a settlement without districts has no district slide
slides = tuple(c for c in opts.slides if c != "map" or not ref.districts.empty) or opts.slides
now = datetime.now(profile.tz)
st.session_state.setdefault(K.SCREEN_ROTATION, Rotation(opts.start, now + timedelta(seconds=opts.slide_seconds)))
st.session_state.setdefault(K.SCREEN_DATA, DataClock(ctx.as_of, now + timedelta(minutes=opts.refresh_minutes)))
method = load_rating_method(profile.folder)
target = profile.targets.get("satisfaction_share", 0.6)
rule = {"excluded": method.excluded_statuses, "max_reopened": method.max_reopened}

top_left, top_right = st.columns([7, 1], vertical_alignment="center")
with top_right:
    scale = screen_scale(render_clock(profile.timezone, K.SCREEN_VIEWPORT))
st.html(screen_css(scale))
height = BODY_HEIGHT


def load(code: str, as_of: datetime):
    """The query results of one slide (cached: the same arguments until the next refresh)."""
    args = ctx.args(as_of=as_of).with_(personal_data=False)  # the wall never shows personal data
    if code == "map":  # the district growth as on the heat map: against its default comparison
        figures = page_query("screen", "heatmap.district_figures", args)
        by_district = growth.pair_growth(page_query("screen", "heatmap.growth_cube", args, rows="topic"),
                                         growth.DEFAULT_COMPARISON, ["district_id"]).set_index("district_id")
        return figures.assign(growth=figures["district_id"].map(by_district["growth"]).astype("float64"))
    if code == "growth":
        # the heat map's default comparison (against the season): snow in November is no growing problem here either
        ranked = growth.rank_comparison(page_query("screen", "heatmap.growth_cube", args, rows="topic"),
                                        growth.DEFAULT_COMPARISON, limit=5)
        samples = {}
        for d, t in zip(ranked["district_id"], ranked["row_id"]):
            one = ItemQuery(f.with_(districts=(int(d),), topics=(int(t),)), as_of)
            page = page_query("screen", "items.items_page", args, q=one, cursor=None, size=1)
            samples[(int(d), int(t))] = page["text"].iloc[0] if len(page) else None
        return ranked, samples
    if code == "sla":
        return (page_query("screen", "sla.on_time_by_period", args, grain="week"),
                page_query("screen", "sla.overdue_now", args))
    if code == "rating":
        return rating(page_query("screen", "rating.rating_table", args, group="executor", **rule), method)
    return (page_query("screen", "satisfaction.summary", args), page_query("screen", "satisfaction.weekly", args),
            page_query("screen", "satisfaction.breakdown", args))


def draw(code: str, data, as_of: datetime) -> None:
    if code == "map":
        if data.empty:
            st.info("В профиле муниципалитета нет районов: районного слайда нет.")
            return
        view = map_slide(data, f)
        left, right = st.columns([11, 9], gap="large")
        with left:
            width = px(BODY_WIDTH * 11 / 20 - 24, scale)
            if geojson := profile.boundary_geojson():
                st.pydeck_chart(built_deck(screen_deck, geojson, view.props, width, px(height, scale),
                                           label_px=px(24, scale)), height=px(height, scale), key="screen_map")
            else:  # no boundaries: the districts ranked in place of the map
                ranked = ranked_districts(data, MAP_MEASURE, tuple(d for d in f.districts if d != NO_DISTRICT))
                st.plotly_chart(ranking_figure(ranked, MAP_MEASURE, MAP_MEASURE.scale(ranked[MAP_MEASURE.key]),
                                               font_px=px(22, scale), height_px=px(height, scale)),
                                key="screen_ranking", config={"staticPlot": True})
        with right:
            render_table(view.table)
            render_legend(f"{MAP_MEASURE.label}, {MAP_MEASURE.unit}", view.legend)
            render_note("Цвет района — обращения за период на 1 000 жителей; рост — "
                        f"{growth.COMPARISON_METHOD[growth.DEFAULT_COMPARISON].split(':')[0]}; просрочено — без ответа "
                        "после срока сейчас.")
    elif code == "growth":
        ranked, samples = data
        if ranked.empty:
            st.success(f"Значимого роста по парам «район — тема» {growth.COMPARISON_METHOD[growth.DEFAULT_COMPARISON]} "
                       "нет.")
        else:
            render_note(f"Пары «район — тема» от {fmt_count(growth.MIN_ITEMS, *ITEMS_GEN)}, выросшие "
                        f"{growth.COMPARISON_METHOD[growth.DEFAULT_COMPARISON].split(':')[0]} (биномиальный тест, "
                        "p < 0,01), по силе роста; справа — пример обращения, личные данные скрыты.")
            render_growth(growth_rows(ranked, ref, samples, growth.DEFAULT_COMPARISON), height - 60, scale)
    elif code == "sla":
        on_time, overdue = data
        render_figures(sla_figures(on_time, overdue, profile.targets.get("on_time_share")), scale)
        lines, bars = sla_charts(on_time, overdue, f, ref, as_of.date(), profile.targets, scale, height - 250)
        left, right = st.columns(2, gap="large")
        with left:
            render_chart(lines, "screen_sla_lines", "За период ответов нет.")
        with right:
            render_chart(bars, "screen_sla_bars", "Просроченных обращений без ответа нет.")
    elif code == "rating":
        zone = red_zone(data, ref.names("executors"), limit=5)
        render_note(f"Зоны: {zone.counts}. {rating_rule(method)}")
        left, right = st.columns([4, 8], gap="large")
        with left:
            if zone.table.empty:
                st.success("В красной зоне рейтинга никого нет.")
            else:
                render_red_zone(zone.table, scale)
                if zone.more:
                    render_note(f"И ещё {zone.more} в красной зоне — на странице «Рейтинг исполнителей».")
        with right:
            render_chart(rating_index_chart(data, ref.names("executors"), method, scale, height - 110),
                         "screen_rating_index", "Ранжируемых исполнителей за период нет.")
    else:
        s, weeks, bd = data
        render_figures(satisfaction_figures(s, target), scale)
        weekly_fig, sectors_fig = satisfaction_charts(weeks, bd, ref, target, scale, height - 250, f)
        left, right = st.columns(2, gap="large")
        with left:
            render_chart(weekly_fig, "screen_sat_weekly", "За период оценок нет.")
        with right:
            render_chart(sectors_fig, "screen_sat_sectors", "За период оценок нет.")


@st.fragment(run_every=timedelta(minutes=opts.refresh_minutes))
def data_strip() -> None:
    """Every M minutes: a new data moment, all slides' queries run into the cache, then «данные на»."""
    clock = st.session_state[K.SCREEN_DATA]
    if clock.refresh(datetime.now(profile.tz), opts.refresh_minutes):
        with store_errors(wait=False):  # the fragment reruns by itself: that is the retry
            for code in slides:
                load(code, clock.as_of)
    # the data moment is floored to the minute (shared cache keys); the marker is the refresh itself
    render_top(filter_summary(f, ref), clock.as_of, (clock.due - timedelta(minutes=opts.refresh_minutes)).isoformat())


@st.fragment(run_every=opts.slide_seconds)
def slide_show() -> None:
    """Every N seconds the next slide (the index lives in the session: a refresh or rerun keeps it)."""
    rotation = st.session_state[K.SCREEN_ROTATION]
    rotation.tick(datetime.now(profile.tz), len(slides), opts.slide_seconds)
    code = slides[rotation.index % len(slides)]
    title = SLIDES[code] if code != "map" or profile.boundary_geojson() else "Районы: рейтинг"
    render_title(title, rotation.index % len(slides), len(slides))
    as_of = st.session_state[K.SCREEN_DATA].as_of
    with st.container(key=f"screen_body_{code}", height=px(height, scale), border=False), store_errors(wait=False):
        draw(code, load(code, as_of), as_of)


with top_left:
    data_strip()
slide_show()
