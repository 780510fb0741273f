import streamlit as st

from components.common.formatting import ITEMS_GEN, fmt_count, fmt_date
from components.frame.keys import K
from components.frame.page import page_setup
from components.rating.table import GROUP_TITLES, answer_time_unit, method_text, scope_filters
from components.rating.view import render_card, render_rating_tables
from data_access.store.cached import page_query
from data_access.metrics.registry import compare_filters
from data_access.queries.rating import FILTER_FIELD
from data_access.metrics.rating_method import load_rating_method, rating
from components.sla.tables import answer_resolution_display

ctx = page_setup("Рейтинг исполнителей", "По количеству, срокам, полноте реагирования по существу, скорости и "
                                         "оценкам жителей — отдельно по ПОС, по ИМ и Госпабликам и общий.")
f, ref = ctx.filters, ctx.ref
method = load_rating_method(ctx.store.profile.folder)
scopes = {s.code: s for s in method.scopes}

left, right = st.columns([3, 2])
scope_code = left.segmented_control("Рейтинг", list(scopes), format_func=lambda c: scopes[c].title,
                                    default=next(iter(scopes)), key=K.RATING_SCOPE, bind="query-params",
                                    required=True)
group = right.segmented_control("Кого оцениваем", list(GROUP_TITLES), format_func=GROUP_TITLES.get,
                                default="executor", key=K.RATING_GROUP, bind="query-params", required=True)
scope = scopes[scope_code]
sf = scope_filters(f, scope, dict(zip(ref.channels["code"], ref.channels["id"])))
if sf is None:
    st.info(f"Рейтинг «{scope.title}» не строится: в фильтре выбраны другие каналы.")
    st.stop()

rule = {"excluded": method.excluded_statuses, "max_reopened": method.max_reopened}
table = rating(page_query("rating", "rating.rating_table", ctx.args(sf), group=group, **rule), method)
prev = compare_filters(f, "previous")
st.caption(f"Период {fmt_date(f.date_from)} — {fmt_date(f.date_to)}; изменение места — к периоду "
           f"{fmt_date(prev.date_from)} — {fmt_date(prev.date_to)}. Зоны по индексу: зелёная от "
           f"{method.green_from:.0f}, жёлтая от {method.yellow_from:.0f}, ниже — красная. Ранжируются от "
           f"{fmt_count(method.min_items, *ITEMS_GEN)} за период.")
if table.empty:
    st.info("За выбранный период с этими фильтрами обращений нет. Расширьте период или снимите часть фильтров.")
    st.stop()

names = ref.names({"executor": "executors", "sector": "sectors", "district": "districts"}[group])
unit = answer_time_unit(scope)
selected = render_rating_tables(table, names, group, unit, sf, ref, ctx.as_of.date(),
                                f"рейтинг_{scope.code}_{f.date_from:%Y%m%d}_{f.date_to:%Y%m%d}")

with st.expander("Методика"):
    scopes_text = "; ".join(f"«{s.title}» — " + (", ".join(ref.channels.set_index("code").loc[
        [c for c in s.channels if c in set(ref.channels["code"])], "name"]) if s.channels else "все каналы")
        for s in method.scopes)
    st.markdown(method_text(method, scopes_text))

if selected is not None:
    field = FILTER_FIELD[group]
    one = sf.with_(**{field: (selected,)})
    times = answer_resolution_display(page_query("rating", "sla.answer_time", ctx.args(one)),
                                      page_query("rating", "sla.resolution_time", ctx.args(one)),
                                      one, ref, ctx.as_of.date())
    render_card(names.get(selected, f"№ {selected}"),
                page_query("rating", "rating.monthly_trend", ctx.args(one), months=12, **rule),
                page_query("rating", "rating.worst_topics", ctx.args(one), limit=10),
                page_query("rating", "rating.overdue_items", ctx.args(one), limit=50),
                sf, ref, ctx.as_of.date(), ctx.store.profile.tz, group, selected, times)
