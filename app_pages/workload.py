from datetime import timedelta

import streamlit as st

from components.common.drill_chart import render_drill_chart
from components.common.formatting import fmt_date
from components.frame.keys import K
from components.frame.page import page_setup
from components.workload.table import render_summary
from components.workload.view import (
    ALL, GROUP_NAMES, GROUP_TITLE, flow_chart, forecast_caption, forecast_chart, forecasts, group_names, group_series,
    growing_note, method_caption, summary, summary_table, trend_chart,
)
from data_access.store.cached import page_query
from data_access.queries.workload import GrowthRule, last_full_week_end, staff_by_sector, trend_first_day

ctx = page_setup("Загрузка блоков", "Учёт уровня занятости отраслевых блоков (п. 2.4 положения о МЦУ): поступление, "
                                    "ответы и решения по дням, остаток без ответа на конец дня и его возраст, "
                                    "прогноз поступления.")
f, ref, today, profile = ctx.filters, ctx.ref, ctx.as_of.date(), ctx.store.profile
BY = {label: key for key, label in GROUP_NAMES.items()}  # the label is the URL value, as in the filter bar
by = BY[st.segmented_control("Разрез", list(BY), default=GROUP_NAMES["sector"], required=True, key=K.WORKLOAD_BY,
                             bind="query-params")]

args = ctx.args()
series = page_query("workload", "workload.backlog_series", args, by=by)
ages = page_query("workload", "workload.backlog_age", args, by=by)
weekly = page_query("workload", "workload.weekly_inflow", args, by=by)
fc = forecasts(weekly, f)
staff = staff_by_sector(profile.staff, ref.sectors) if by == "sector" else None
table = summary(series, ages, fc, f, by, staff)
names = group_names(ref, by)
rule = GrowthRule()

if table.empty:
    st.info("За выбранный период с этими фильтрами обращений и остатка нет. Расширьте период или снимите часть "
            "фильтров.")
    st.stop()

st.subheader(f"Загрузка {GROUP_NAMES[by]} на {fmt_date(f.date_to)}")
if note := growing_note(table, names, by):
    st.warning(note, icon=":material/trending_up:")
else:
    st.caption(f"Ни у одного {'блока' if by == 'sector' else 'исполнителя'} остаток не растёт по правилу: "
               f"{rule.text(f.date_to)}.")
render_summary(summary_table(table, ref, f, today, by), GROUP_TITLE[by], key=K.WORKLOAD_TABLE, help={
    "Остаток растёт": rule.text(f.date_to), "Остаток": "Обращения без ответа на конец последнего дня периода.",
    "Остаток на сотрудника": "Остаток, делённый на численность блока из профиля ([staff]).",
    "Прогноз на 4 нед.": "Сумма прогноза поступления на 4 недели после последней полной недели периода."})
if by == "sector" and not profile.staff:
    st.caption("Численность блоков в профиле не указана (таблица [staff] в profile.toml): остаток на сотрудника не "
               "считается.")
st.caption(method_caption(rule.text(f.date_to)))

choices = ["Все", *[names[int(g)] for g in table["group_id"]]]
chosen = st.selectbox(GROUP_TITLE[by], choices, key=K.WORKLOAD_GROUP, bind="query-params")
group = ALL if chosen == "Все" else next(int(g) for g in table["group_id"] if names[int(g)] == chosen)

st.subheader("Поступление, ответы и остаток по дням")
render_drill_chart(flow_chart(group_series(series, group), f, ref, today, by, group), K.WORKLOAD_FLOW,
                   "Столбцы — за день, линия — остаток на конец дня (правая ось). Нажмите на столбец, чтобы открыть "
                   "обращения, поступившие в этот день.")

left, right = st.columns(2)
with left:
    st.subheader("Остаток за 12 месяцев")
    top = [ALL] if group == ALL else [group]
    if group == ALL:
        top += [int(g) for g in table["group_id"].head(5)]
    st.plotly_chart(trend_chart(series, names, top), key=K.WORKLOAD_TREND)
    st.caption(f"Остаток на конец каждого дня с {fmt_date(trend_first_day(f))} по {fmt_date(f.date_to)}"
               + ("; «Все» и пять первых строк таблицы." if group == ALL else "."))
with right:
    last_week = last_full_week_end(f)
    st.subheader("Прогноз поступления на 4 недели")
    st.plotly_chart(forecast_chart(weekly, fc, group, last_week - timedelta(days=6)), key=K.WORKLOAD_FORECAST)
    st.caption(f"Недели по {fmt_date(last_week)} — факт, дальше — прогноз. {forecast_caption(fc)}")
