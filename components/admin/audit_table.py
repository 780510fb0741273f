"""The import audit as a table for the «Журнал загрузок» page: Russian headers, local times. Pure."""
from __future__ import annotations

import pandas as pd

from data_access.ingest.audit import RESULTS, VIA

COLUMNS = ["Когда", "Кто", "Откуда", "Файл", "Размер, КБ", "SHA-256", "Профиль", "Строк", "Добавлено", "Обновлено",
           "Отклонено", "Время, с", "Итог", "Сообщение"]


def audit_frame(log: pd.DataFrame, tz: str) -> pd.DataFrame:
    """``log``: rows of ``data_access.ingest.audit.audit_log``; times shown in the zone ``tz`` (ДД.ММ.ГГГГ ЧЧ:ММ:СС)."""
    if log.empty:
        return pd.DataFrame(columns=COLUMNS)
    when = pd.to_datetime(log["started_at"], utc=True).dt.tz_convert(tz).dt.strftime("%d.%m.%Y %H:%M:%S")
    result = log["result"].map(lambda r: RESULTS.get(r, r))
    return pd.DataFrame({
        "Когда": when,
        "Кто": log["user_name"],
        "Откуда": log["via"].map(lambda v: VIA.get(v, v)),
        "Файл": log["file_name"],
        "Размер, КБ": (pd.to_numeric(log["file_size"]) / 1024).round(1),
        "SHA-256": log["sha256"],
        "Профиль": log["source"],
        "Строк": pd.to_numeric(log["rows_read"]).astype("Int64"),
        "Добавлено": pd.to_numeric(log["added"]).astype("Int64"),
        "Обновлено": pd.to_numeric(log["updated"]).astype("Int64"),
        "Отклонено": pd.to_numeric(log["rejected"]).astype("Int64"),
        "Время, с": pd.to_numeric(log["seconds"]).round(2),
        "Итог": result,
        "Сообщение": log["message"].fillna(""),
    })
