import streamlit as st

from components.common.kpi import render_cards
from components.frame.page import page_setup
from components.satisfaction.tables import satisfaction_cards
from components.satisfaction.view import (
    render_breakdowns, render_distribution, render_drivers, render_places, render_repeats, render_rework, render_share,
)
from data_access.store.cached import page_query
from data_access.metrics.rating_method import load_rating_method

ctx = page_setup("Удовлетворенность", "Оценки жителей по ответам, данным за период; доработка и повторные обращения.")
f, ref, today = ctx.filters, ctx.ref, ctx.as_of.date()
method = load_rating_method(ctx.store.profile.folder)
target = ctx.store.profile.targets.get("satisfaction_share", 0.6)

args = ctx.args()
s = page_query("satisfaction", "satisfaction.summary", args)
repeats = page_query("satisfaction", "satisfaction.repeats_weekly", args, repeat_days=method.repeat_days)
render_cards(satisfaction_cards(s, int(repeats["repeats"].sum()), int(repeats["located"].sum()), target,
                                method.repeat_days))
if s["answered"] == 0:
    st.info("За выбранный период с этими фильтрами ответов нет. Расширьте период или снимите часть фильтров.")
    st.stop()

weeks = page_query("satisfaction", "satisfaction.weekly", args)
left, right = st.columns([2, 3])
with left:
    render_distribution(s, f, ref, today)
with right:
    render_share(weeks, target, f, ref, today)

bd = page_query("satisfaction", "satisfaction.breakdown", args)
render_breakdowns(bd, method.sat_confidence, f, ref, today)
render_drivers(bd, method.sat_min_ratings, method.sat_confidence, f, ref, today)

st.subheader("Доработка и повторные обращения")
left, right = st.columns(2)
with left:
    render_rework(weeks, f, ref, today)
with right:
    render_repeats(repeats, method.repeat_days, f, ref, today)
places = page_query("satisfaction", "satisfaction.repeat_places", args, repeat_days=method.repeat_days,
                    limit=15)  # addresses as allowed
render_places(places, method.repeat_days, f, ref, today)
