import streamlit as st

from components.frame.keys import K
from components.common.kpi import render_cards
from components.common.drill_chart import render_drill_chart
from components.frame.page import page_setup
from components.sla.render import render_link_table
from components.targets.view import CITY, GROUPS, METHOD, city_cards, group_table, scores_table, trend_chart, trend_frame
from data_access.store.cached import page_query
from data_access.metrics.scores import PERIODS, period_filter, target_keys

ctx = page_setup("Целевые показатели", "Каждый целевой показатель профиля — как индекс «факт к цели» (как CityScore "
                                       "Бостона): 1,00 — цель достигнута. Периоды заканчиваются сейчас; фильтры "
                                       "панели, кроме периода, действуют.")
f, ref, today = ctx.filters, ctx.ref, ctx.as_of.date()
targets = ctx.store.profile.targets
if not target_keys(targets):
    st.info("В профиле муниципалитета не заданы целевые показатели (раздел [targets] в profile.toml).")
    st.stop()
target_items = tuple(sorted(targets.items()))
args = ctx.args().with_(targets=target_items)
scores = page_query("targets", "scores.target_scores", args)
render_cards(city_cards(scores), arrows=False)

st.subheader("Показатели и цели")
score_rows = scores_table(scores, targets, f, ref, today)
render_link_table(score_rows, {"Обращения": "открыть"}, height=36 * (len(score_rows) + 1) + 3)
st.caption("Индекс: 1,00 — цель, больше — лучше. База — сколько ответов (обращений) вошло в расчёт. «Открыть» — "
           "обращения, по которым считается показатель: ответы за период или поступившие за период, в каналах "
           "показателя.")

st.subheader("Динамика по неделям")
render_drill_chart(trend_chart(trend_frame(scores, f, ref, today)), K.TARGETS_TREND,
                   "Индексы за 12 недель по 7 дней, последняя заканчивается сегодня; толстая линия — "
                   f"{CITY.lower()}. Нажмите на точку, чтобы открыть обращения этой недели.")

st.subheader("По блокам, районам и исполнителям")
left, right = st.columns([3, 2])
group = left.segmented_control("Разрез", list(GROUPS), format_func=GROUPS.get, default="sector",
                               key=K.TARGETS_GROUP, bind="query-params", required=True)
period = right.segmented_control("Период", list(PERIODS), format_func=PERIODS.get, default="month",
                                 key=K.TARGETS_PERIOD, bind="query-params", required=True)
by = page_query("targets", "scores.target_scores_by", args, period=period)
pf = period_filter(f, today, period)
table = group_table(by, group, f, ref, today, pf.date_from, pf.date_to)
if table.empty:
    st.info("За этот период с этими фильтрами обращений нет.")
else:
    render_link_table(table, {"Обращения": "открыть"})
    st.caption(f"Сначала — с самым низким индексом. В ячейке: индекс (факт). {CITY} строки — среднее её индексов; "
               "«Открыть» — обращения строки, поступившие за период.")

with st.expander("Методика"):
    st.markdown(METHOD)
