import streamlit as st

from components.charts import top_topics_chart, weekly_volume_chart
from components.kpi import headline_cards, render_cards
from components.page import page_setup
from data_access.cached import query
from data_access.filters import NO_DISTRICT
from data_access.overview import headline, top_topics, weekly_volume_by_channel

ctx = page_setup("Обзор")
f, ref = ctx.filters, ctx.ref

districts = ref.districts if not f.districts else ref.districts[ref.districts["id"].isin(f.districts)]
population = int(districts["population"].sum()) if f.districts != (NO_DISTRICT,) else 0
h = query(headline, f, ctx.as_of)
render_cards(headline_cards(h, population, ctx.store.profile.targets))

if h["items"] == 0:
    st.info("За выбранный период с этими фильтрами обращений нет. Расширьте период или снимите часть фильтров.")
    st.stop()

left, right = st.columns([3, 2])
with left:
    st.subheader("Поступление по неделям и каналам")
    weekly = query(weekly_volume_by_channel, f, ctx.offset)
    st.plotly_chart(weekly_volume_chart(weekly), key="weekly_chart")
    st.caption("Неделя — с понедельника по воскресенье по местному времени; крайние недели периода могут быть неполными.")
with right:
    st.subheader("Главные темы")
    topics = query(top_topics, f, 10)
    st.plotly_chart(top_topics_chart(topics), key="topics_chart")
    st.caption("Число обращений за период; при наведении — предыдущий период той же длины.")
