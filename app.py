"""The frame of the МЦУ dashboard: page config, the shared sidebar, navigation.

Pages live in app_pages/, not pages/: a pages/ folder switches Streamlit to its legacy routing, which runs a
deep link as the bare page script, without this frame.
"""
import logging

import streamlit as st

from components.access import personal_data_allowed, render_access
from components.filter_bar import filters_from_query_params, render_filter_bar
from components.formatting import fmt_zone
from components.keys import K
from components.page import PageContext, tab_title
from data_access.cached import as_of_now, get_reference, get_store
from data_access.engine import StoreUnavailable

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
st.set_page_config(page_title="МЦУ — аналитика обращений", page_icon=":material/monitoring:", layout="wide")

try:
    store = get_store()
    ref = get_reference()
except StoreUnavailable as exc:
    logging.getLogger("app").error("store unavailable: %s", exc)
    st.error(str(exc), icon=":material/database_off:")
    st.stop()

pages = {
    "Мониторинг": [
        st.Page("app_pages/heatmap.py", title="Тепловая карта", icon=":material/map:", default=True),
        st.Page("app_pages/overview.py", title="Обзор", icon=":material/dashboard:", url_path="overview"),
        st.Page("app_pages/sla.py", title="Сроки", icon=":material/schedule:", url_path="sla"),
    ],
    "Обращения": [
        st.Page("app_pages/items.py", title="Обращения", icon=":material/list_alt:", url_path="items"),
        st.Page("app_pages/slices.py", title="Разрезы", icon=":material/table_chart:", url_path="slices"),
    ],
    "Качество работы": [
        st.Page("app_pages/rating.py", title="Рейтинг исполнителей", icon=":material/leaderboard:", url_path="rating"),
        st.Page("app_pages/satisfaction.py", title="Удовлетворенность", icon=":material/sentiment_satisfied:",
                url_path="satisfaction"),
    ],
    "Администрирование": [
        st.Page("app_pages/upload.py", title="Загрузка данных", icon=":material/upload_file:", url_path="upload"),
    ],
}
# ?mode=screen: the meeting wall — the screen page only, no menu, no sidebar; filters come from the URL.
screen_mode = st.query_params.get("mode") == "screen"
screen = st.Page("app_pages/screen.py", title="Экран заседания", icon=":material/tv:", url_path="screen")
pages["Мониторинг"].append(screen)
nav = st.navigation([screen], position="hidden") if screen_mode else st.navigation(pages)
st.set_page_config(page_title=tab_title(nav.title))

as_of = as_of_now(store.profile.tz)
if screen_mode:
    filters = filters_from_query_params(st.query_params, ref, store.profile.timezone, as_of.date())
else:
    with st.sidebar:
        st.markdown(f"**{store.profile.full_name}**")
        if store.is_demo:
            st.badge("демо-данные", icon=":material/science:", color="orange",
                     help="Хранилище заполнено сгенерированными данными; имена и телефоны в текстах вымышлены.")
        filters = render_filter_bar(ref, store.profile.timezone, as_of.date())
        st.caption(f"Данные на {as_of:%d.%m.%Y %H:%M} ({fmt_zone(store.profile.utc_offset_seconds())}). "
                   "Ссылка на этот вид — адрес страницы.")

personal_data = False if screen_mode else personal_data_allowed()  # the wall screen masks more, always
if not screen_mode:
    with st.sidebar:
        render_access(personal_data)
st.session_state[K.CONTEXT] = PageContext(store, ref, filters, as_of, personal_data)
nav.run()
