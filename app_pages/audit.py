import streamlit as st

from components.admin.audit_table import audit_frame
from components.frame.page import page_setup
from data_access.ingest.audit import audit_log

LIMIT = 500

ctx = page_setup("Журнал загрузок", "Каждая загрузка файла — на странице «Загрузка данных» или командой "
                 "python -m data_access.ingest.importer — с тем, кто загрузил, файлом (размер и SHA-256) и итогом. "
                 "Время местное.")
log = audit_log(ctx.store.engine, LIMIT)  # not cached: a failed import changes no data version
if log.empty:
    st.info("Загрузок ещё не было.")
    st.stop()
st.dataframe(audit_frame(log, ctx.store.profile.timezone), hide_index=True, width="stretch",
             column_config={"SHA-256": st.column_config.TextColumn(width="small")})
st.caption(f"Последние {LIMIT} записей, новые сверху.")
