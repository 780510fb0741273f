"""The frame of the МЦУ dashboard: page config, the shared sidebar, navigation.

Pages live in app_pages/, not pages/: a pages/ folder switches Streamlit to its legacy routing, which runs a
deep link as the bare page script, without this frame.
"""
import logging

import streamlit as st

from components.frame import run_timer
from components.frame.access import personal_data_allowed, render_access
from components.frame.filter_bar import DEFAULT_PRESET, filters_from_query_params, preset_dates, render_filter_bar
from components.common.formatting import fmt_zone
from components.frame.keys import K
from components.frame.page import PageContext, render_profile_problems, tab_title
from components.frame.roles import RolesError
from components.frame.signin import render_sign_in, render_who, session_access
from components.frame.stale_period import fallback_note, fallback_period
from components.frame.store_errors import is_store_error, store_errors
from data_access.store.cached import as_of_now, get_reference, get_store, profile_problems, query
from data_access.store.data_range import latest_received
from data_access.store.engine import StoreLost, StoreUnavailable
from data_access.store.opening import profile_override_note

def screen_page() -> st.Page:
    """The meeting wall's page (in the menu, or alone with ?mode=screen and for the screen role)."""
    return st.Page("app_pages/screen.py", title="Экран заседания", icon=":material/tv:", url_path="screen")


def app_pages(may_load: bool) -> dict[str, list]:
    """The menu: every page but the wall screen's, the admin pages only for who may load data."""
    pages = {
        "Мониторинг": [
            st.Page("app_pages/heatmap.py", title="Тепловая карта", icon=":material/map:", default=True),
            st.Page("app_pages/overview.py", title="Обзор", icon=":material/dashboard:", url_path="overview"),
            st.Page("app_pages/sla.py", title="Сроки", icon=":material/schedule:", url_path="sla"),
            st.Page("app_pages/note.py", title="Аналитическая записка", icon=":material/article:", url_path="note"),
            st.Page("app_pages/workload.py", title="Загрузка блоков", icon=":material/work_history:", url_path="workload"),
        ],
        "Обращения": [
            st.Page("app_pages/items.py", title="Обращения", icon=":material/list_alt:", url_path="items"),
            st.Page("app_pages/slices.py", title="Разрезы", icon=":material/table_chart:", url_path="slices"),
        ],
        "Качество работы": [
            st.Page("app_pages/rating.py", title="Рейтинг исполнителей", icon=":material/leaderboard:", url_path="rating"),
            st.Page("app_pages/satisfaction.py", title="Удовлетворенность", icon=":material/sentiment_satisfied:",
                    url_path="satisfaction"),
            st.Page("app_pages/targets.py", title="Целевые показатели", icon=":material/target:", url_path="targets"),
        ],
    }
    if may_load:  # loading data is an admin action: other roles do not even have the page
        pages["Администрирование"] = [
            st.Page("app_pages/upload.py", title="Загрузка данных", icon=":material/upload_file:", url_path="upload"),
            st.Page("app_pages/audit.py", title="Журнал загрузок", icon=":material/history:", url_path="audit"),
        ]
    return pages


def keep_page() -> None:
    """Every page, hidden, in a run the store failed before the menu: the run keeps the page of the address, so the
    retry's rerun comes back to it rather than to the default page. Nothing runs here; who may open what is decided
    when the store answers."""
    st.navigation([p for group in app_pages(True).values() for p in group] + [screen_page()], position="hidden")


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
timing = run_timer.start()  # MCU_PROFILE_RUNS=1: each run's time in the log (components/frame/run_timer.py)
st.set_page_config(page_title="МЦУ — аналитика обращений", page_icon=":material/monitoring:", layout="wide")

# the frame and the page under one guard: a store lost anywhere in the run gives one Russian message and a retry,
# the details go to the server's log (a store removed or dropped while the page ran: its own message)
with store_errors():
    try:
        store = get_store()
        ref = get_reference()
    except Exception as exc:
        if isinstance(exc, StoreUnavailable) and not isinstance(exc, StoreLost):  # not opened at all: the message
            logging.getLogger("app").error("store unavailable: %s", exc)    # says what to configure
            st.error(str(exc), icon=":material/database_off:")
            st.stop()
        if is_store_error(exc):  # lost while in use: the guard's message with a retry, on this page
            keep_page()
        raise

    try:
        access = session_access(ref)
    except RolesError as exc:  # a mistake in [roles]: refuse rather than guess who may see what
        logging.getLogger("app").error("roles configuration: %s", exc)
        st.error(str(exc), icon=":material/gpp_bad:")
        st.stop()
    if access.role is None:
        render_sign_in(access)
        st.stop()

    pages = app_pages(access.may_load)
    # ?mode=screen: the meeting wall — the screen page only, no menu, no sidebar; filters come from the URL.
    # The screen role (a token in the wall's URL) opens nothing else.
    screen_mode = st.query_params.get("mode") == "screen" or access.screen_only
    screen = screen_page()
    pages["Мониторинг"].append(screen)
    # expanded: every page in sight
    nav = st.navigation([screen], position="hidden") if screen_mode else st.navigation(pages, expanded=True)
    st.set_page_config(page_title=tab_title(nav.title))

    as_of = as_of_now(store.profile.tz)
    # data far from today: the filter bar's default period is the last month with data
    latest = query(latest_received)
    last_day = latest.astimezone(store.profile.tz).date() if latest else None
    fallback = fallback_period(last_day, preset_dates(DEFAULT_PRESET, as_of.date()))
    if screen_mode:
        filters = filters_from_query_params(st.query_params, ref, store.profile.timezone, as_of.date(), access.scope,
                                            default_period=fallback)
    else:
        with st.sidebar:
            st.markdown(f"**{store.profile.full_name}**")
            if store.is_demo:
                st.badge("демо-данные", icon=":material/science:", color="orange",
                         help="Хранилище заполнено сгенерированными данными; имена и телефоны в текстах вымышлены.")
            render_who(access)
            filters = render_filter_bar(ref, store.profile.timezone, as_of.date(), access.scope, default_period=fallback)
            st.caption(f"Данные на {as_of:%d.%m.%Y %H:%M} ({fmt_zone(store.profile.utc_offset_seconds())}). "
                       "Ссылка на этот вид — адрес страницы.")

    # the wall screen masks more, always
    personal_data = False if screen_mode else personal_data_allowed(access.personal_data_grant)
    if not screen_mode:
        with st.sidebar:
            render_access(personal_data, sign_in_buttons=not access.configured)
    if not screen_mode and (note := profile_override_note(store)):
        st.warning(note, icon=":material/swap_horiz:")
    if not screen_mode and (problems := profile_problems(str(store.profile.folder))):
        render_profile_problems(problems, store.profile.key)
    if fallback and not screen_mode and (filters.date_from, filters.date_to) == fallback:
        st.info(fallback_note(last_day, fallback), icon=":material/history:")
    st.session_state[K.CONTEXT] = PageContext(store, ref, filters, as_of, personal_data)
    try:
        nav.run()
    finally:  # also when the page stops or reruns (st.stop, st.rerun raise)
        run_timer.finish(timing, nav.title)
