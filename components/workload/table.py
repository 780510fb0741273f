"""The workload summary as a grid that fits 1920 px with the sidebar open: short header labels (the full name and
the method in the header's help) and column widths from the texts drawn (``components.common.text_width``)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.common.text_width import fit_widths
from components.heatmap.tables import LINK_TEXT
from data_access.metrics.registry import BACKLOG_AGE_BUCKETS, BACKLOG_AGE_LABELS

ROOM_PX = 1458 - 20  # the main column at 1920 × 1080 with the sidebar open, less a vertical scrollbar
ROW_PX = 35     # the grid's usual row height
LINK = "Обращения"
# column of ``view.summary_table`` -> its header label on screen
LABELS = {
    "Остаток растёт": "Растёт", "Закрыто ответом": "Ответов", "Остаток 4 нед. назад": "4 нед. назад",
    "Медиана возраста, дн.": "Медиана, дн.", "Остаток на сотрудника": "На сотрудника",
    "Прогноз на 4 нед.": "Прогноз 4 нед.",
    **{f"Возраст {BACKLOG_AGE_LABELS[k]}": BACKLOG_AGE_LABELS[k].replace("дней", "дн.") for k in BACKLOG_AGE_BUCKETS},
}
AGE_HELP = "Возраст остатка: обращения без ответа на конец периода, прошло от поступления"


def render_summary(frame: pd.DataFrame, name_column: str, help: dict[str, str], key: str) -> None:
    """``frame``: ``view.summary_table``; ``help``: column -> method text (the full column name leads each help)."""
    widths, row_height = fit_widths(frame, name_column, ROOM_PX, LABELS, {LINK: [LINK_TEXT]}, name_min_px=180)

    def tip(column: str) -> str | None:
        text = help.get(column) or (AGE_HELP if column.startswith("Возраст ") else None)
        if column not in LABELS:
            return text
        return f"{column}." + (f" {text}" if text else "")
    config = {c: (st.column_config.LinkColumn(LINK, display_text=LINK_TEXT, width=widths[c])
                  if c == LINK else st.column_config.TextColumn(LABELS.get(c, c), width=widths[c], help=tip(c)))
              for c in frame.columns}
    st.dataframe(frame, key=key, hide_index=True, column_config=config, row_height=row_height,
                 height=min(38 + (row_height or ROW_PX) * len(frame), 640))

