"""The items list as a table a person reads: Russian columns, names instead of ids, local times. Pure functions."""
from __future__ import annotations

import pandas as pd

from components.common.formatting import fmt_num

from data_access.queries.items import Drill, ItemQuery
from data_access.metrics.registry import AGE_BUCKETS, AGE_LABELS
from data_access.store.reference import Reference
from data_access.store.vocabulary import KINDS, STATUSES

NO_VALUE = "—"
assert set(AGE_LABELS) == set(AGE_BUCKETS)


def _names(ref: Reference, table: str, ids: pd.Series) -> pd.Series:
    names = ref.names(table)
    return ids.map(lambda v: NO_VALUE if pd.isna(v) else names.get(int(v), f"№{int(v)}"))


def _local(ts: pd.Series, tz: str) -> pd.Series:
    ts = pd.to_datetime(ts, utc=True)
    return ts.dt.tz_convert(tz).dt.tz_localize(None)


def _shown(ts: pd.Series, tz: str) -> pd.Series:
    """Local time as «ДД.ММ.ГГГГ ЧЧ:ММ» text, «—» where there is none (the grid would print «None»)."""
    return _local(ts, tz).map(lambda t: NO_VALUE if pd.isna(t) else t.strftime("%d.%m.%Y %H:%M"))


def list_frame(page: pd.DataFrame, ref: Reference, tz: str, *, for_export: bool = False) -> pd.DataFrame:
    """Columns shown in the list (``id`` first, kept for the selection); times local, lateness > 0 only.

    On screen times and lateness are text («—» when absent); in exports they stay typed values. Texts arrive
    as the user may see them (``ItemQuery.personal_data``: the masked copies without access).
    """
    text = page["text"].fillna("")
    late = pd.to_numeric(page["overdue_days"], errors="coerce").astype("float64")
    late = late.where(late > 0).round(1)
    when = _local if for_export else _shown
    rating = pd.to_numeric(page["rating"], errors="coerce").astype("Int64")
    return pd.DataFrame({
        "id": page["id"].astype("int64"),
        "Номер": page["external_id"],
        "Поступило": when(page["received_at"], tz),
        "Канал": _names(ref, "channels", page["channel_id"]),
        "Район": page["district_id"].map(lambda v: "Без района" if pd.isna(v) else ref.names("districts").get(int(v))),
        "Тема": _names(ref, "topics", page["topic_id"]),
        "Исполнитель": _names(ref, "executors", page["executor_id"]),
        "Статус": page["status"].map(lambda s: STATUSES.get(s, s)),
        "Срок": when(page["deadline_at"], tz),
        "Ответ": when(page["answered_at"], tz),
        "Просрочка, дн.": late if for_export else late.map(lambda v: "" if pd.isna(v) else fmt_num(v, 1)),
        "Оценка": rating if for_export else rating.map(lambda v: NO_VALUE if pd.isna(v) else str(v)),
        "Текст": text,
    })


def export_frame(batch: pd.DataFrame, ref: Reference, tz: str) -> pd.DataFrame:
    """One batch of the export: every column a reader needs, whole texts (no ids but the item number); texts,
    answers and addresses as the query read them (masked copies for users without access)."""
    out = list_frame(batch, ref, tz, for_export=True).rename(columns={"id": "№ в системе"})
    out.insert(3, "Зарегистрировано", _local(batch["registered_at"], tz))
    out.insert(5, "Вид", batch["kind"].map(lambda k: KINDS.get(k, k)))
    out.insert(8, "Отраслевой блок", _names(ref, "sectors", batch["sector_id"]))
    out.insert(9, "Адрес", batch["address"].fillna(""))
    out["Ответ (текст)"] = batch["answer_text"].fillna("")
    out["Возвратов на доработку"] = batch["reopened_count"].astype("int64")
    return out


def drill_labels(drill: Drill) -> dict[str, str]:
    """Russian words for the active drill-down conditions, by URL key."""
    out = {}
    if drill.overdue and drill.age is None:
        out["overdue"] = "просрочено сейчас"
    if drill.age is not None:
        out["age"] = f"просрочено сейчас, {AGE_LABELS[drill.age]} после срока"
    if drill.on_time is not None:
        out["on_time"] = "ответ в срок" if drill.on_time else "ответ с опозданием"
    if drill.rating is not None:
        out["rating"] = f"оценка {drill.rating}"
    if drill.rated:
        out["rated"] = "ответы с оценкой жителя"
    if drill.reworked:
        out["reworked"] = "возвращены на доработку"
    if drill.answered:
        out["answered"] = "ответы, данные за период"
    if drill.due_soon:
        out["due_soon"] = "скоро просрочка: срок до конца следующего рабочего дня"
    if drill.extended:
        out["extended"] = "срок продлён (период — по исходному сроку)"
    if drill.resolved:
        out["resolved"] = "решены за период (по дате «решено»)"
    if drill.cell is not None:
        out["cell"] = f"ячейка карты {drill.cell}"
    return out


def period_note(q: ItemQuery) -> str:
    """Which date the period applies to, in words (see ItemQuery.period_column)."""
    if q.period_column() is None:
        return ("Период не ограничивает список: просрочка и близкий срок — состояние на текущий момент, "
                "как в карточке «Просрочено сейчас».")
    if q.drill.resolved and not q.drill.extended:
        return "Период применён к дате решения («решено»)."
    if q.drill.on_answers:
        return "Период применён к дате ответа (как в долях «в срок» и оценок)."
    return "Период применён к дате поступления."
