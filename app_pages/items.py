import streamlit as st

from components.common.export import render_downloads
from components.common.formatting import ITEMS, fmt_int, plural
from components.items.card import render_item_card
from components.items.pager import pager_for, render_pager
from components.items.table import drill_labels, export_frame, list_frame, period_note
from components.frame.keys import K
from components.frame.page import page_setup
from data_access.store.cached import page_query
from data_access.queries.items import SORTS, Drill, ItemQuery, export_batches, next_cursor

PAGE_SIZE = 50
EXPORT_CAP = 100_000

ctx = page_setup("Обращения")
f, ref, tz = ctx.filters, ctx.ref, ctx.store.profile.tz


def _close_card():
    st.query_params.pop(K.ITEM, None)


if (item_param := st.query_params.get(K.ITEM)) is not None:
    st.button("← К списку", on_click=_close_card)
    is_id = item_param.isascii() and item_param.isdigit() and len(item_param) <= 18  # a BIGINT, nothing else
    item = page_query("items", "items.item_detail", ctx.args(), item_id=int(item_param)) if is_id else None
    if item is None:  # the same words for a missing item and another block's: the id tells nothing
        st.warning(f"Обращение №{item_param[:20]} не найдено в хранилище или нет доступа к нему.")
        st.stop()
    events = page_query("items", "items.item_events", ctx.args(), item_id=int(item_param))
    render_item_card(item, events, ref, ctx.store.profile, ctx.as_of, personal_data=ctx.personal_data)
    st.stop()

drill, ignored = Drill.from_params(st.query_params.to_dict())
if ignored:
    st.warning("Неизвестные значения условий в адресе не учтены: " + ", ".join(ignored))
search_col, sort_col, order_col = st.columns([3, 1.4, 1], vertical_alignment="bottom")
search = search_col.text_input("Поиск по тексту обращения", key=K.ITEMS_SEARCH, bind="query-params",
                               placeholder="например: подъезд, отопление, ёлка",
                               help="Без учёта регистра; «е» и «ё» не различаются; ищется фраза целиком."
                                    + ("" if ctx.personal_data else " Имена, телефоны, e-mail и квартиры скрыты: "
                                                                    "по ним поиск ничего не найдёт."))
sort = sort_col.selectbox("Сортировка", list(SORTS), format_func=lambda s: SORTS[s][0], key=K.ITEMS_SORT,
                          bind="query-params")
reverse = order_col.toggle("Обратный порядок", key=K.ITEMS_REVERSE, bind="query-params",
                           help="По умолчанию: новые, самые просроченные и лучшие оценки — сверху; срок — ближайший "
                                "сверху; оценка — худшие сверху. Обращения без срока или оценки — всегда в конце.")
horizon = None
if drill.due_soon:
    horizon = page_query("items", "sla.due_soon_horizon", ctx.args())
q = ItemQuery(f, ctx.as_of, drill, search.strip(), sort, SORTS[sort][1] != reverse, horizon, ctx.personal_data)

if labels := drill_labels(drill):
    chips = st.columns(len(labels) + 1)
    chips[0].caption("Условия перехода:")
    for col, (key, label) in zip(chips[1:], labels.items()):
        col.button(f"✕ {label}", key=f"drop_{key}", help="Снять условие",
                   on_click=lambda k=key: st.query_params.pop(k, None))

total = page_query("items", "items.count_items", ctx.args(), q=q)
st.subheader(f"Найдено {fmt_int(total)} {plural(total, *ITEMS)}")
st.caption(period_note(q))
if total == 0:
    st.info("Обращений с такими условиями нет. Расширьте период, снимите часть фильтров или измените поиск.")
    st.stop()

pager = pager_for(q, PAGE_SIZE)
page = render_pager(total, PAGE_SIZE)
cursor = pager.cursor_for(page, lambda c, skip: page_query("items", "items.seek_cursor", ctx.args(), q=q, cursor=c,
                                                                     skip=skip))
rows = page_query("items", "items.items_page", ctx.args(), q=q, cursor=cursor, size=PAGE_SIZE)
pager.remember(page, next_cursor(rows), len(rows))
table = list_frame(rows, ref, tz.key)
event = st.dataframe(
    table, key=K.ITEMS_TABLE, on_select="rerun", selection_mode="single-row", hide_index=True, width="stretch",
    height=38 + 35 * min(len(table), 15),
    # the text right after the status: at 1920 px it is on screen, not behind a horizontal scroll
    column_order=("Номер", "Поступило", "Статус", "Текст", "Срок", "Ответ", "Просрочка, дн.", "Оценка", "Район",
                  "Тема", "Исполнитель", "Канал"),
    column_config={
        "id": None,
        "Срок": st.column_config.TextColumn(help="Действующий (с учётом продления)"),
        "Просрочка, дн.": st.column_config.TextColumn(help="Календарные сутки после срока: до ответа, а без ответа — "
                                                      "до текущего момента"),
        "Текст": st.column_config.TextColumn(width="large", help="Первые 300 знаков; целиком — в карточке"),
    })
st.caption("Выберите строку слева, чтобы открыть карточку обращения. Время местное.")
if event.selection.rows:
    st.query_params[K.ITEM] = str(int(table.iloc[event.selection.rows[0]]["id"]))
    st.rerun()

with st.expander("Выгрузка списка"):
    engine = ctx.store.engine
    render_downloads(lambda: (export_frame(b, ref, tz.key)
                              for b in export_batches(engine, q, EXPORT_CAP)),
                     "obrashcheniya", K.ITEMS_EXPORT,
                     note=f"Выгружаются все обращения списка в текущем порядке, но не больше {fmt_int(EXPORT_CAP)} "
                          f"строк (из найденных {fmt_int(total)}); тексты целиком"
                          + ("." if ctx.personal_data else ", но без персональных данных граждан.")
                          + " Выборка идёт из базы порциями.")
