import streamlit as st

from components.common.figure_cache import built
from components.common.formatting import fmt_date, fmt_zone
from components.frame.keys import K
from components.frame.page import page_setup
from components.sla.charts import on_time_chart, overdue_chart
from components.common.drill_chart import render_drill_chart
from components.common.kpi import render_cards
from components.sla.render import render_link_table
from components.sla.tables import (
    answer_time_display, answer_time_table, channel_targets, due_soon_table, first_answer_display, first_answer_norms,
    on_time_points, overdue_bars, overdue_shortcut, sla_cards,
)
from data_access.store.cached import page_query
from data_access.metrics.registry import METRICS, ON_TIME_RULE, REGISTRATION_RULE

ctx = page_setup("Сроки", f"Соблюдение сроков ответа по производственному календарю. В срок: {ON_TIME_RULE}. "
                          f"Время — {REGISTRATION_RULE}.")
f, ref, today = ctx.filters, ctx.ref, ctx.as_of.date()
profile = ctx.store.profile
GRAINS = {"по неделям": "week", "по месяцам": "month"}  # the label is the URL value, as in the filter bar
grain = GRAINS[st.segmented_control("Шаг графика «в срок»", list(GRAINS), default="по неделям", required=True,
                                    key=K.SLA_GRAIN, bind="query-params")]

args = ctx.args()
on_time = page_query("sla", "sla.on_time_by_period", args, grain=grain)
overdue = page_query("sla", "sla.overdue_now", args)
due = page_query("sla", "sla.due_soon", args)
times = page_query("sla", "sla.answer_time", args)
resolutions = page_query("sla", "sla.resolution_time", args)
extended = page_query("sla", "sla.extended_share", args)
first = page_query("sla", "sla.first_answer", args)
targets = channel_targets(ref, profile.targets)
render_cards(arrows=False, cards=sla_cards(on_time, overdue, due, extended, first, profile.targets.get("on_time_share"),
                       due.attrs["last_day"]))

st.subheader("Ответы в срок по каналам")
if on_time.empty:
    st.info("За выбранный период с этими фильтрами ответов нет.")
else:
    render_drill_chart(built(on_time_chart, on_time_points(on_time, f, ref, today), targets, grain=grain), K.SLA_ON_TIME,
                       f"Доля ответов в срок среди ответов со сроком, данных за неделю (месяц): {ON_TIME_RULE}; "
                       "пунктир — цель. Нажмите на точку, чтобы открыть ответы с опозданием.")

st.subheader("Просрочено сейчас")
shortcut_label, shortcut_url = overdue_shortcut(f, ref, today)
st.link_button(shortcut_label, shortcut_url, icon=":material/assignment_late:",
               help="Список обращений без ответа с истёкшим сроком, самые просроченные сверху (по дням после срока); "
                    "период не учитывается.")
if overdue.empty:
    st.success("Просроченных обращений без ответа нет.")
else:
    tabs = st.tabs(["По отраслевым блокам", "По исполнителям", "По районам"])
    for tab, dimension in zip(tabs, ("sector", "executor", "district")):
        with tab:
            render_drill_chart(built(overdue_chart, overdue_bars(overdue, dimension, f, ref, today)),
                               K.SLA_OVERDUE + dimension,
                               "Обращения без ответа с истёкшим сроком на момент просмотра, по давности просрочки "
                               "(календарные сутки после срока); период не учитывается. Нажмите на отрезок, чтобы "
                               "открыть обращения.")

horizon_day = fmt_date(due.attrs["last_day"])
st.subheader("Скоро просрочка")
if due.empty:
    st.info(f"Обращений со сроком до конца {horizon_day} нет.")
else:
    render_link_table(due_soon_table(due, f, ref, today, profile.tz), {"Открыть": "Открыть"})
    st.caption(f"Обращения без ответа, срок по которым истекает до конца следующего рабочего дня ({horizon_day}, "
               f"по производственному календарю); время — {fmt_zone(ctx.offset)}. Период не учитывается.")

st.subheader("Время ответа и решения по каналам")
if times.empty and resolutions.empty:
    st.info("За выбранный период с этими фильтрами ответов и решённых обращений нет.")
else:
    table = answer_time_table(times, extended, f, ref, today, resolutions)
    render_link_table(answer_time_display(table, profile.targets),
                      {"Ответы": "Открыть", "Продлённые": "Открыть", "Решённые": "Открыть"})
    st.caption(f"Время {REGISTRATION_RULE} до ответа по ответам, данным за период, в единицах норматива канала: "
               "рабочие дни — разница номеров рабочих дней по производственному календарю (день регистрации не "
               "считается), календарные дни — сутки по 24 ч, часы — астрономические. Медиана и 90-й перцентиль: "
               "половина и 90 % ответов даны не позже. Время ответа — не время решения проблемы. "
               f"{METRICS['resolution_time'].label}: {METRICS['resolution_time'].method} "
               f"{METRICS['mean_answer_pos'].method} {METRICS['extended'].label}: {METRICS['extended'].method}")

st.subheader("Первый ответ: ИМ и Госпаблики")
if first.empty:
    st.info("За выбранный период с этими фильтрами обращений из соцсетей нет.")
else:
    render_link_table(first_answer_display(first, f, ref, today), {"Открыть": "Открыть"})
    st.caption(f"{METRICS['first_answer'].method} Срок — по правилам сроков профиля: {first_answer_norms(first, ref)}; "
               "медиана и перцентиль — в астрономических часах.")
