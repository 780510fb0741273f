import streamlit as st

from components.common.figure_cache import built, built_deck
from components.heatmap.district_ranking import (
    NO_MAP_NOTE, hex_deck, ranked_districts, ranking_figure, slice_district_from_ranking,
)
from components.common.formatting import ITEMS_INS, fmt_count, fmt_date, fmt_num
from components.heatmap.map import (
    MAP_HEIGHT, district_deck, district_props, hex_rows, hex_scale, render_legend, tiles_enabled, top_topics_by_district,
)
from components.heatmap.matrix import ROW_NAMES, matrix_figure, matrix_frame, matrix_grid
from components.heatmap.measures import DEFAULT_MEASURE, MEASURES, growth_measure
from components.heatmap.panel import render_slice_panel
from components.heatmap.selection import Slice, slice_filters, slice_from_map, slice_from_matrix, slice_title, slice_url
from components.heatmap.tables import district_table, growth_table, hot_cells_table, render_link_table
from components.frame.keys import K
from components.common.kpi import headline_cards
from components.frame.page import page_setup
from data_access.queries import growth
from data_access.store.cached import page_query
from data_access.metrics.filters import NO_DISTRICT
from data_access.queries.heatmap import H3_RESOLUTIONS
from geo.hexagons import cell_area_km2

ctx = page_setup("Тепловая карта")
f, ref, profile, today = ctx.filters, ctx.ref, ctx.store.profile, ctx.as_of.date()
st.caption(f"Период {fmt_date(f.date_from)} — {fmt_date(f.date_to)}. Нажмите на район на карте или на клетку матрицы — "
           "откроется подробная панель.")


def remember_map_click():
    if chosen := slice_from_map(st.session_state[K.HEATMAP_MAP]):
        st.session_state[K.HEATMAP_SLICE] = chosen


def remember_ranking_click():
    if (district_id := slice_district_from_ranking(st.session_state[K.HEATMAP_MAP])) is not None:
        st.session_state[K.HEATMAP_SLICE] = Slice(district_id=district_id)


def remember_matrix_click():
    if chosen := slice_from_matrix(st.session_state[K.HEATMAP_MATRIX], st.session_state.get(K.HEATMAP_ROWS, "topic")):
        st.session_state[K.HEATMAP_SLICE] = chosen


c1, c4, c2, c3 = st.columns([2, 2, 1, 2], vertical_alignment="bottom")
measure = MEASURES[c1.selectbox("Раскрасить районы по показателю", list(MEASURES),
                                format_func=lambda k: MEASURES[k].label, index=list(MEASURES).index(DEFAULT_MEASURE),
                                key=K.HEATMAP_MEASURE, bind="query-params")]
COMPARISON_BY_LABEL = {label: key for key, (label, _) in growth.COMPARISONS.items()}  # the label is the URL value
comparison = COMPARISON_BY_LABEL[c4.selectbox(
    "Рост — сравнение", list(COMPARISON_BY_LABEL), index=list(growth.COMPARISONS).index(growth.DEFAULT_COMPARISON),
    key=K.HEATMAP_GROWTH, bind="query-params",
    help="С чем сравнивать число обращений: с учётом сезона (по умолчанию; снег в ноябре — не новая проблема), с тем "
         "же периодом прошлого года или с предыдущим периодом той же длины. Действует на «Рост» и «Растущие "
         "проблемы».")]
if measure.key == "growth":
    measure = growth_measure(comparison)
show_hexes = c2.toggle("Горячие точки", key=K.HEATMAP_HEXES, bind="query-params",
                       help="Шестиугольные ячейки H3 с числом обращений за период поверх районов.")
resolution = c3.select_slider("Размер ячейки", H3_RESOLUTIONS[::-1], value=8, key=K.HEATMAP_RESOLUTION,
                              bind="query-params", disabled=not show_hexes,
                              format_func=lambda r: f"≈ {fmt_num(cell_area_km2(r), 2)} км²")

args = ctx.args()
figures = page_query("heatmap", "heatmap.district_figures", args)
cube = page_query("heatmap", "heatmap.territory_cube", args, rows="topic")
gcube = page_query("heatmap", "heatmap.growth_cube", args, rows="topic")
geojson = profile.boundary_geojson()
if ref.districts.empty:  # a settlement without districts: hot spots and topics, no district figures
    st.caption("В профиле муниципалитета нет районов: показаны горячие точки по координатам обращений и главные "
               "темы.")
    cells = page_query("heatmap", "heatmap.hot_cells", args, resolution=resolution, limit=400) if show_hexes else None
    hexes = hex_rows(cells, {}, cell_area_km2(resolution)) if show_hexes else None
    for row in hexes or []:  # no districts: drop the tooltip's district line
        row["tooltip"] = row["tooltip"].rsplit("\n", 1)[0]
    if hexes:
        st.pydeck_chart(hex_deck(hexes, 1200, 480), height=480, key=K.HEATMAP_HEX_MAP,
                        alt="Горячие точки по координатам обращений")
        render_link_table(hot_cells_table(cells, ref, f, today).drop(columns=["Район"]))
    elif show_hexes:
        st.info("Обращений с координатами за период нет: горячие точки не строятся.")
    st.subheader("Главные темы")
    st.dataframe(page_query("heatmap", "overview.top_topics", args, limit=15).rename(
        columns={"topic": "Тема", "items": "Обращений", "prev_items": "В предыдущем периоде"}), hide_index=True)
    st.stop()
if figures["items"].sum() == 0 and figures["overdue"].sum() == 0:
    st.info("За выбранный период с этими фильтрами обращений с известным районом нет. Расширьте период или снимите "
            "часть фильтров.")
    st.stop()

district_growth = growth.pair_growth(gcube, comparison, ["district_id"]).set_index("district_id")["growth"]
figures["growth"] = figures["district_id"].map(district_growth).astype("float64")  # against the chosen comparison
growth_label = growth_measure(comparison).label
selected = tuple(d for d in f.districts if d != NO_DISTRICT)
shown = figures[figures["district_id"].isin(selected)] if selected else figures
scale = measure.scale(shown[measure.key])
props = district_props(figures, measure, scale, top_topics_by_district(cube, ref.names("topics")), selected,
                       alpha=110 if show_hexes else 210, growth_label=growth_label)


cells = (page_query("heatmap", "heatmap.hot_cells", args, resolution=resolution, limit=400)  # addresses as allowed
         if show_hexes else None)
hexes = hex_rows(cells, ref.names("districts"), cell_area_km2(resolution)) if show_hexes else None

left, right = st.columns([11, 9])
with left:
    if geojson:
        deck = built_deck(district_deck, geojson, props, hexes, tiles=tiles_enabled())
        st.pydeck_chart(deck, height=MAP_HEIGHT, key=K.HEATMAP_MAP, on_select=remember_map_click,
                        selection_mode="single-object", alt=f"Карта районов: {measure.label}")
        render_legend(measure, scale, hex_scale(cells) if hexes else None)
        source = f" Население: {profile.population_source}." if profile.population_source else ""
        st.caption(f"{measure.method} Границы районов: {profile.boundary_attribution}{source}")
    else:  # no boundaries: the districts ranked in place of the map, hot spots on their own
        st.caption(NO_MAP_NOTE)
        st.plotly_chart(ranking_figure(ranked_districts(figures, measure, selected), measure, scale),
                        key=K.HEATMAP_MAP, on_select=remember_ranking_click, selection_mode="points")
        st.caption(measure.method)
        if hexes:
            st.pydeck_chart(hex_deck(hexes, 780, 420), height=420, key=K.HEATMAP_HEX_MAP,
                            alt="Горячие точки по координатам обращений")
            render_legend(measure, scale, hex_scale(cells))
        elif show_hexes:
            st.info("Обращений с координатами за период нет: горячие точки не строятся.")
with right:
    st.subheader("Районы")
    render_link_table(district_table(figures, measure.key, ref, f, today), help={
        "На 1 000 жит.": MEASURES["per_1000"].method, "Рост": growth_measure(comparison).method,
        "Просрочено": MEASURES["overdue"].method, "В срок": MEASURES["on_time_share"].method})
    if show_hexes:
        st.subheader("Горячие точки")
        render_link_table(hot_cells_table(cells, ref, f, today), help={
            "Адрес (чаще всего)": "Адрес, который чаще всего встречается в обращениях из этой ячейки."})

if (chosen := st.session_state.get(K.HEATMAP_SLICE)) is not None:
    sf = slice_filters(f, chosen)
    ids = [chosen.district_id] if chosen.district_id is not None else list(ref.districts["id"])
    population = int(ref.districts[ref.districts["id"].isin(ids)]["population"].sum())
    cards = headline_cards(page_query("heatmap", "overview.headline", ctx.args(sf)), population, profile.targets)
    if render_slice_panel(slice_title(chosen, ref), cards, page_query("heatmap", "heatmap.weekly_items", ctx.args(sf)),
                          page_query("heatmap", "overview.top_topics", ctx.args(sf), limit=5),
                          page_query("heatmap", "heatmap.slice_items", ctx.args(sf), limit=20),
                          slice_url(f, chosen, ref, today),
                          profile.tz, show_topics=chosen.topic_id is None):
        del st.session_state[K.HEATMAP_SLICE]
        st.rerun()

st.subheader("Растущие проблемы")
ranked = growth.rank_comparison(gcube, comparison, limit=10)
if ranked.empty:
    st.info(f"Значимого роста по парам «район — тема» {growth.COMPARISON_METHOD[comparison]} нет.")
else:
    render_link_table(growth_table(ranked, ref, f, today, comparison), help={
        "Рост не менее": "Нижняя граница роста с вероятностью 95 % (точный биномиальный интервал).",
        "Значимость, z": "Сила свидетельства роста: чем больше, тем менее вероятно, что рост случаен.",
        "Ожидалось по сезону": "Обращения тех же дат одного и двух лет назад × отношение всех обращений сейчас к "
                               "обращениям тех дат."})
ratio_note = (f" Общий уровень сейчас — ×{fmt_num(growth.level_ratio(gcube, comparison), 2)} к тем же датам прошлых "
              "лет." if comparison == "seasonal" and gcube["seasonal_base"].sum() > 0 else "")
st.caption(f"Пары «район — тема» с не менее чем {fmt_count(growth.MIN_ITEMS, *ITEMS_INS)} за период, выросшие "
           f"{growth.COMPARISON_METHOD[comparison]}; условный биномиальный тест (p < {fmt_num(growth.ALPHA, 2)}), "
           f"порядок — по силе свидетельства, поэтому рост с 1 до 3 обращений сюда не попадает.{ratio_note}")

st.subheader("Темы × районы")
rows = st.segmented_control("Строки", list(ROW_NAMES), format_func=ROW_NAMES.get, default="topic",
                            key=K.HEATMAP_ROWS, bind="query-params", required=True)
matrix_cube = cube if rows == "topic" else page_query("heatmap", "heatmap.territory_cube", args, rows="sector")
frame = matrix_frame(matrix_cube, ref.districts, ref.names("topics" if rows == "topic" else "sectors"))
if measure.key == "growth":  # the cells' growth against the chosen comparison (the level ratio of the whole cube)
    cells_cube = gcube if rows == "topic" else page_query("heatmap", "heatmap.growth_cube", args, rows="sector")
    cell_growth = growth.pair_growth(cells_cube, comparison, ["district_id", "row_id"])
    frame = frame.drop(columns="growth").merge(cell_growth[["district_id", "row_id", "growth"]],
                                               on=["district_id", "row_id"], how="left")
values, ids = matrix_grid(frame, measure)
st.plotly_chart(built(matrix_figure, values, ids, measure, rows), key=K.HEATMAP_MATRIX, on_select=remember_matrix_click,
                selection_mode="points")
st.caption(f"{measure.label}, {measure.unit}. Строки и столбцы упорядочены по числу обращений за период (больше — "
           "выше и левее). Обращения без района (письма без адреса) в карту и матрицу не входят.")
