from datetime import timedelta

import streamlit as st

from components.common.figure_cache import built
from components.common.charts import top_topics_chart, weekly_volume_chart
from components.common.drill_chart import render_drill_chart
from components.common.drilldown import drill_url
from components.common.formatting import fmt_date
from components.common.kpi import headline_cards, render_cards
from components.frame.page import page_setup
from data_access.store.cached import page_query
from data_access.metrics.filters import NO_DISTRICT

ctx = page_setup("Обзор")
f, ref, today = ctx.filters, ctx.ref, ctx.as_of.date()

districts = ref.districts if not f.districts else ref.districts[ref.districts["id"].isin(f.districts)]
population = int(districts["population"].sum()) if f.districts != (NO_DISTRICT,) else 0
h = page_query("overview", "overview.headline", ctx.args())
render_cards(headline_cards(h, population, ctx.store.profile.targets))

if h["items"] == 0:
    st.info("За выбранный период с этими фильтрами обращений нет. Расширьте период или снимите часть фильтров.")
    st.stop()

left, right = st.columns([3, 2])
with left:
    st.subheader("Поступление по неделям и каналам")
    weekly = page_query("overview", "overview.weekly_volume_by_channel", ctx.args())
    channel_id = {name: i for i, name in ref.names("channels").items()}
    spans = [(max(w, f.date_from), min(w + timedelta(days=6), f.date_to)) for w in weekly["week"]]
    weekly["url"] = [drill_url(f, ref, today, date_from=a, date_to=b, channel=channel_id[c])
                     for (a, b), c in zip(spans, weekly["channel"])]
    weekly["link_label"] = [f"{c}: {fmt_date(a)} — {fmt_date(b)}" for (a, b), c in zip(spans, weekly["channel"])]
    render_drill_chart(built(weekly_volume_chart, weekly), "weekly_chart",
                       "Неделя — с понедельника по воскресенье по местному времени; крайние недели периода могут быть "
                       "неполными. Щелчок по столбцу — обращения этой недели и канала.")
with right:
    st.subheader("Главные темы")
    topics = page_query("overview", "overview.top_topics", ctx.args(), limit=10)
    topics["url"] = [drill_url(f, ref, today, topic=int(i)) for i in topics["topic_id"]]
    topics["link_label"] = [f"Обращения по теме «{t}»" for t in topics["topic"]]
    render_drill_chart(built(top_topics_chart, topics), "topics_chart",
                       "Число обращений за период; при наведении — предыдущий период той же длины. "
                       "Щелчок по теме — её обращения.")

st.link_button("Все обращения этого среза", drill_url(f, ref, today), icon=":material/list:")
