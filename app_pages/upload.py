import logging

import streamlit as st

from components.frame.keys import K
from components.frame.page import page_setup
from components.frame.signin import secrets, user_claims
from components.admin.upload_result import render_result
from data_access.store.cached import refresh_version
from data_access.ingest.source_profile import list_sources, load_source
from data_access.ingest.report import ImportFailed
from data_access.ingest.importer import import_bytes
from data_access.domain.profile import ProfileError

log = logging.getLogger("pages.upload")
ctx = page_setup("Загрузка данных", "Выгрузки систем-источников (XLSX или CSV) в хранилище МЦУ. Файл загружается "
                 "целиком или не загружается совсем; повторная загрузка того же файла или более новой выгрузки "
                 "не создаёт дублей, а обновляет изменившиеся обращения.")
profile = ctx.store.profile
if ctx.store.is_demo:
    st.warning("Открыто демо-хранилище: загруженные обращения встанут рядом со сгенерированными, и показатели "
               "страниц их смешают. Для реальных данных заведите отдельное хранилище (README, раздел «Работа с "
               "реальными данными»); здесь загрузку удобно пробовать на примерах из data/examples.",
               icon=":material/science:")
FIRST = ("pos", "im", "fz59", "gospabliki", "regional")  # the usual sources first, the generic template last
keys = sorted(list_sources(profile), key=lambda k: (FIRST.index(k) if k in FIRST else len(FIRST), k == "generic", k))
if not keys:
    st.info(f"У профиля «{profile.name}» нет профилей источников: добавьте YAML-файлы в папку "
            f"profiles/{profile.key}/sources (см. README, раздел «Загрузка данных»).")
    st.stop()
try:
    sources = {k: load_source(profile, k) for k in keys}
except ProfileError as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()

left, right = st.columns([2, 3])
with left:
    key = st.selectbox("Источник (профиль загрузки)", keys, format_func=lambda k: sources[k].name, key=K.UPLOAD_SOURCE,
                       help="Профиль говорит, какой столбец файла чем является и как слова источника переводятся в "
                            "статусы, темы, районы и исполнителей хранилища.")
    src = sources[key]
    st.caption(f"{src.description} Файл профиля: profiles/{profile.key}/sources/{key}.yaml")
    upload = st.file_uploader("Файл выгрузки", type=["xlsx", "csv"], key=K.UPLOAD_FILE,
                              help="XLSX (первый лист) или CSV (кодировка определяется сама: UTF-8, UTF-16, Windows-1251…) с "
                                   "разделителем «;», «,» или табуляцией. "
                                   "Даты: ДД.ММ.ГГГГ ЧЧ:ММ, ГГГГ-ММ-ДД или числа Excel; время — местное.")
    dry_run = st.checkbox("Только проверить, ничего не записывая", key=K.UPLOAD_DRY_RUN)
    start = st.button("Проверить файл" if dry_run else "Загрузить", type="primary", disabled=upload is None,
                      icon=":material/upload:", key=K.UPLOAD_START)
with right:
    columns = ", ".join(f"{h[0]}" for h in src.columns.values() if h)
    st.markdown("**Столбцы, которые профиль ищет в файле**")
    st.caption(columns)
    st.caption("Из командной строки (при остановленном приложении или для PostgreSQL): "
               f"python -m data_access.ingest.importer ФАЙЛ --profile {key}")

if start and upload is not None:
    with st.spinner("Загружаем файл…"):
        try:
            summary = import_bytes(ctx.store.engine, upload.getvalue(), upload.name, src, dry_run=dry_run,
                                   who=user_claims(secrets()).get("email") or "неизвестно", via="page")
        except (ImportFailed, ProfileError) as exc:
            st.session_state.pop(K.UPLOAD_RESULT, None)
            st.error(str(exc), icon=":material/error:")
            st.stop()
        except Exception as exc:
            log.exception("import of %s failed", upload.name)
            st.session_state.pop(K.UPLOAD_RESULT, None)
            st.error(f"Хранилище не приняло файл, ничего не записано: {type(exc).__name__}: "
                     f"{str(exc).splitlines()[0][:300]}", icon=":material/error:")
            st.stop()
    st.session_state[K.UPLOAD_RESULT] = summary
    if not dry_run:
        refresh_version()

if K.UPLOAD_RESULT in st.session_state:
    render_result(st.session_state[K.UPLOAD_RESULT])
