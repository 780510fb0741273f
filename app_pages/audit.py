import streamlit as st

from components.audit_table import audit_frame
from components.page import page_setup
from data_access.import_audit import audit_log

LIMIT = 500

ctx = page_setup("Журнал загрузок", "Каждая загрузка файла — на странице «Загрузка данных» или командой "
                 "python -m data_access.importer — с тем, кто загрузил, файлом (размер и SHA-256) и итогом. "
                 "Время местное.")
log = audit_log(ctx.store.engine, LIMIT)  # not cached: a failed import changes no data version
if log.empty:
    st.info("Загрузок ещё не было.")
    st.stop()
st.dataframe(audit_frame(log, ctx.store.profile.timezone), hide_index=True, width="stretch",
             column_config={"SHA-256": st.column_config.TextColumn(width="small")})
st.caption(f"Последние {LIMIT} записей, новые сверху.")
