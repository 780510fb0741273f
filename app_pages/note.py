import streamlit as st

from components.frame.keys import K
from components.frame.page import page_setup
from data_access.store.cached import query
from data_access.metrics.filters import Filters
from reports.docx_writer import docx_bytes
from reports.model import Paragraph, Table
from reports.note import build_store_note, scope_title
from reports.pdf import NO_SOFFICE, PdfUnavailable, docx_to_pdf, soffice
from reports.week import last_full_week, parse_week, week_title

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SCOPES = {"Весь город": "city", "Отраслевой блок": "sector", "Район": "district"}  # the label is the URL value

ctx = page_setup("Аналитическая записка", "Еженедельная аналитическая записка для представления главе города: "
                                          "неделя с понедельника по воскресенье по местному времени, DOCX и PDF.")
ref, profile, scope = ctx.ref, ctx.store.profile, ctx.filters.scope
latest = last_full_week(ctx.as_of.date())
weeks = [latest.shifted(1).code] + [latest.shifted(-i).code for i in range(105)]  # the running week, then 2 years
left, mid, right = st.columns([3, 2, 3], vertical_alignment="bottom")
week = parse_week(left.selectbox("Неделя", weeks, index=1, key=K.NOTE_WEEK,
                                 format_func=lambda c: week_title(parse_week(c)) + (" — идёт" if c == weeks[0] else "")))
kind = SCOPES[mid.segmented_control("Охват", list(SCOPES), default="Весь город", required=True, key=K.NOTE_SCOPE,
                                    bind="query-params")]
base = Filters(week.monday, week.sunday, tz=profile.timezone, scope=scope)  # a sector lead: only their block
if kind != "city":  # (table, filter field, label, widget key, ids the user's scope allows)
    table, field, label, key, allowed = {
        "sector": ("sectors", "sectors", "Блок", K.NOTE_SECTOR, scope.sectors),
        "district": ("districts", "districts", "Район", K.NOTE_DISTRICT, scope.districts)}[kind]
    names = {n: i for i, n in ref.names(table).items() if not allowed or i in allowed}
    chosen = right.selectbox(label, list(names), key=key, bind="query-params")
    if chosen is None:
        st.info("В вашей зоне доступа таких записей нет: выберите другой охват.")
        st.stop()
    base = base.with_(**{field: (names[chosen],)})

with st.spinner("Собираем записку…"):
    note = query(build_store_note, str(profile.folder), week, base, ctx.as_of)
st.subheader(f"{note.title}: {week_title(week)}")
st.caption(f"Охват: {scope_title(base, ref)}. Дата составления: {note.issued:%d.%m.%Y}. Состояния (просрочено) — на "
           "конец недели; для идущей недели — на момент составления. Фильтры боковой панели на записку не действуют: "
           "неделя и охват выбираются здесь.")
if note.empty:
    st.info(note.summary)
else:
    st.markdown(note.summary)  # our own sentence (numbers and registry labels), no citizen's text
st.dataframe([{"Показатель": f.label, "Значение": f.value, "Единица": f.unit, "К предыдущей неделе": f.previous,
               "К тому же периоду прошлого года": f.year, "Цель": f.target} for f in note.figures], hide_index=True)

docx = docx_bytes(note)
left, right = st.columns(2)
left.download_button("Скачать DOCX", docx, file_name=f"{note.file_stem}.docx", mime=DOCX_MIME,
                     icon=":material/description:", type="primary")
made = st.session_state.get(K.NOTE_PDF)
if soffice() is None:
    right.warning(NO_SOFFICE, icon=":material/picture_as_pdf:")
elif made and made[0] == note.file_stem:
    right.download_button("Скачать PDF", made[1], file_name=f"{note.file_stem}.pdf", mime="application/pdf",
                          icon=":material/picture_as_pdf:")
elif right.button("Подготовить PDF", key=K.NOTE_MAKE_PDF, icon=":material/picture_as_pdf:",
                  help="PDF делает LibreOffice из DOCX: несколько секунд."):
    try:
        with st.spinner("Преобразуем в PDF…"):
            st.session_state[K.NOTE_PDF] = (note.file_stem, docx_to_pdf(docx))
        st.rerun()
    except PdfUnavailable as exc:
        right.warning(str(exc), icon=":material/picture_as_pdf:")

for section in note.sections:
    with st.expander(section.title):
        for block in section.blocks:
            if isinstance(block, Paragraph):
                st.text(block.text)
            elif isinstance(block, Table):  # citizens' (masked) texts only as dataframe cells
                if block.caption:
                    st.text(block.caption)
                st.dataframe([dict(zip(block.columns, row)) for row in block.rows], hide_index=True)
                if block.note:
                    st.caption(block.note)
            else:
                st.image(block.png, caption=block.caption)
