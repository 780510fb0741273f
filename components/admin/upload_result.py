"""The outcome of an import on the page: four figures, the summary lines, the reject report and its download.

The report holds cells of the uploaded file (text written by other systems and by citizens): it is shown
with st.dataframe and st.text only, never as Markdown.
"""
from __future__ import annotations

import streamlit as st

from components.common.formatting import fmt_int
from components.frame.keys import K
from components.common.kpi import Card, render_cards
from data_access.ingest.report import ImportSummary, aggregate, report_csv


def result_cards(s: ImportSummary) -> list[Card]:
    """Added / updated / unchanged / rejected, with what each count means."""
    return [
        Card("Добавлено", fmt_int(s.added), None, "off", "Обращения, которых в хранилище ещё не было (по каналу и номеру "
             "в источнике)."),
        Card("Обновлено", fmt_int(s.updated), None, "off", "Обращения, которые уже были и изменились (статус, даты, "
             "исполнитель…); смена статуса записана в историю обращения."),
        Card("Без изменений", fmt_int(s.unchanged + s.older), None, "off", "Уже загруженные обращения, в которых "
             "ничего не поменялось, и строки старше версии в хранилище (по дате изменения)."),
        Card("Отклонено", fmt_int(s.rejected), None, "off", "Строки, которые не загружены: причины — в отчёте ниже."),
    ]


def report_file_name(file_name: str, full: bool = False) -> str:
    """The aggregated report's name (``full``: the list of every row), as the command line names them."""
    stem = file_name.rsplit(".", 1)[0] or "файл"
    return f"{stem}_отчёт_загрузки{'_все_строки' if full else ''}.csv"


def render_result(s: ImportSummary) -> None:
    if not s.accepted:
        st.error("В файле нет ни одной принятой строки: хранилище не изменено. Причины — в отчёте ниже.",
                 icon=":material/error:")
    elif s.dry_run:
        st.info("Проверка без записи: хранилище не изменено. Снимите флажок «Только проверить», чтобы загрузить.",
                icon=":material/fact_check:")
    elif s.added or s.updated:
        st.success("Файл загружен: страницы покажут новые данные при следующем открытии или обновлении.",
                   icon=":material/task_alt:")
    else:
        st.info("Новых или изменённых обращений в файле нет: хранилище не изменено.", icon=":material/info:")
    render_cards(result_cards(s))
    st.text("\n".join(s.lines()))
    if s.report.empty:
        st.caption("Замечаний к строкам нет.")
        return
    st.subheader("Строки с замечаниями")
    st.caption("Одна строка на причину: сколько строк, первые из них (номер строки в файле, как его показывает "
               "Excel; заголовок — строка 1) и примеры значений. Отклонённые строки не загружены; исправьте их в "
               "источнике или сопоставьте значения в профиле и загрузите файл снова — уже загруженные строки не "
               "задвоятся.")
    by_reason = aggregate(s.report)
    st.dataframe(by_reason, hide_index=True, height=min(420, 38 + 35 * len(by_reason)),
                 column_config={"Строк": st.column_config.NumberColumn(format="%d", width="small")})
    left, right = st.columns(2)
    left.download_button("Отчёт по причинам (CSV для Excel)", report_csv(by_reason),
                         file_name=report_file_name(s.file_name), mime="text/csv", icon=":material/download:",
                         key=K.UPLOAD_REPORT, on_click="ignore")
    right.download_button(f"Все строки с замечаниями ({fmt_int(len(s.report))})", report_csv(s.report),
                          file_name=report_file_name(s.file_name, full=True), mime="text/csv",
                          icon=":material/download:", key=K.UPLOAD_REPORT_FULL, on_click="ignore")
