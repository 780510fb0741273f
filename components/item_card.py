"""The card of one item: fields, status timeline, the deadline against the answer, texts, a small map.

Citizens' texts (message, answer, address) are shown ONLY through ``st.text`` and dataframes: a text with
HTML, Markdown or a script shows literally.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

import pandas as pd
import pydeck as pdk
import streamlit as st

from components.formatting import NBSP, fmt_datetime, fmt_num, plural
from data_access.deadlines import load_rules
from data_access.profile import Profile
from data_access.reference import Reference
from data_access.vocabulary import KINDS, STATUSES
from data_access.workcalendar import WorkCalendar

UNIT_WORDS = {"work_days": ("рабочий день", "рабочих дня", "рабочих дней"),
              "calendar_days": ("календарный день", "календарных дня", "календарных дней"),
              "work_hours": ("рабочий час", "рабочих часа", "рабочих часов"),
              "hours": ("час", "часа", "часов")}
# A blank map style inlined as a data URL: no tiles, no network — the card works offline.
BLANK_STYLE = "data:application/json," + quote(json.dumps({
    "version": 8, "sources": {},
    "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#eef0f2"}}]}))


@dataclass(frozen=True)
class Lateness:
    state: str        # on_time | late | open | overdue | no_deadline
    amount: float     # in the channel's unit; 0 for on_time / no_deadline
    unit: str
    text: str         # Russian sentence for the card


def working_hours_between(cal: WorkCalendar, start: datetime, end: datetime) -> float:
    """Working hours of ``cal`` within [start, end]."""
    total, day = 0.0, start.astimezone(cal.tz).date()
    last = end.astimezone(cal.tz).date()
    while day <= last:
        if cal.is_working(day):
            opens = datetime.combine(day, cal.day_start, cal.tz)
            closes = datetime.combine(day, cal.day_end, cal.tz)
            lo, hi = max(opens, start), min(closes, end)
            total += max((hi - lo).total_seconds(), 0) / 3600
        day += timedelta(days=1)
    return total


def _amount(cal: WorkCalendar, unit: str, deadline: datetime, end: datetime) -> float:
    if unit == "work_days":
        return cal.working_days_between(deadline.astimezone(cal.tz).date(), end.astimezone(cal.tz).date())
    if unit == "calendar_days":
        return (end.astimezone(cal.tz).date() - deadline.astimezone(cal.tz).date()).days
    if unit == "work_hours":
        return working_hours_between(cal, deadline, end)
    return (end - deadline).total_seconds() / 3600


def _amount_text(amount: float, unit: str) -> str:
    words = UNIT_WORDS.get(unit, UNIT_WORDS["hours"])
    if unit in ("work_days", "calendar_days"):
        return f"{int(amount)}{NBSP}{plural(int(amount), *words)}"
    return f"{fmt_num(amount, 1)}{NBSP}{words[2] if amount % 1 else plural(int(amount), *words)}"


def lateness(deadline: datetime | None, answered: datetime | None, as_of: datetime, unit: str,
             cal: WorkCalendar) -> Lateness:
    """The answer against the deadline in force, in the channel's unit (days counted by local dates)."""
    if deadline is None:
        return Lateness("no_deadline", 0, unit, "Срок не установлен («без срока»): в долю ответов в срок не входит и "
                                                "опозданием не считается.")
    if answered is not None:
        if answered <= deadline:
            return Lateness("on_time", 0, unit, "Ответ дан в срок.")
        late = _amount(cal, unit, deadline, answered)
        return Lateness("late", late, unit, f"Ответ дан с опозданием на {_amount_text(late, unit)} "
                                            f"({_duration(answered - deadline)}).")
    if as_of <= deadline:
        left = _amount(cal, unit, as_of, deadline)
        return Lateness("open", left, unit, f"Ответа ещё нет; до срока {_amount_text(left, unit)} "
                                            f"({_duration(deadline - as_of)}).")
    late = _amount(cal, unit, deadline, as_of)
    return Lateness("overdue", late, unit, f"Ответа нет, просрочено на {_amount_text(late, unit)} "
                                           f"({_duration(as_of - deadline)}) на {fmt_datetime(as_of)}.")


def _duration(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    days, rest = divmod(int(hours), 24)
    return f"{days}{NBSP}сут. {rest}{NBSP}ч" if days else f"{fmt_num(hours, 1)}{NBSP}ч"


def district_feature(profile: Profile, district: str | None) -> dict | None:
    data = profile.boundary_geojson()
    if not data or not district:
        return None
    features = [f for f in data["features"] if f["properties"].get("district") == district]
    return {"type": "FeatureCollection", "features": features} if features else None


def card_deck(lat: float | None, lon: float | None, boundary: dict | None, center: tuple[float, float],
              zoom: float) -> pdk.Deck:
    """The point and its district boundary on a blank background (no tiles: works offline)."""
    layers = []
    if boundary:
        layers.append(pdk.Layer("GeoJsonLayer", boundary, id="district", stroked=True, filled=True,
                                get_fill_color=[31, 119, 180, 40], get_line_color=[31, 119, 180, 220],
                                line_width_min_pixels=2))
    if lat is not None and lon is not None:
        layers.append(pdk.Layer("ScatterplotLayer", [{"lat": lat, "lon": lon}], id="item", get_position=["lon", "lat"],
                                get_radius=60, radius_min_pixels=7, get_fill_color=[214, 39, 40, 230],
                                stroked=True, get_line_color=[255, 255, 255], line_width_min_pixels=2))
        center, zoom = (lat, lon), 11.3
    view = pdk.ViewState(latitude=center[0], longitude=center[1], zoom=zoom)
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None, map_style=BLANK_STYLE)


def field_rows(item: dict, ref: Reference, tz, late: Lateness) -> pd.DataFrame:
    """Every field of the item as (Поле, Значение) text rows."""
    def name(table, key):
        return "—" if item.get(key) is None else ref.names(table).get(int(item[key]), "—")

    def when(key):
        value = item.get(key)
        return fmt_datetime(value.astimezone(tz)) if value is not None else "—"
    rows = [
        ("Номер в системе", str(item["id"])), ("Номер в канале", item["external_id"]),
        ("Канал", name("channels", "channel_id")), ("Вид", KINDS.get(item["kind"], item["kind"])),
        ("Статус", STATUSES.get(item["status"], item["status"])),
        ("Поступило", when("received_at")), ("Зарегистрировано", when("registered_at")),
        ("Срок", when("deadline_at")), ("Продлённый срок", when("extended_deadline_at")),
        ("Первый ответ", when("first_answer_at")), ("Ответ дан", when("answered_at")),
        ("Решено", when("resolved_at")), ("Обновлено", when("updated_at")),
        ("Срок и ответ", late.text),
        ("Отраслевой блок", name("sectors", "sector_id")), ("Тема", name("topics", "topic_id")),
        ("Район", "Без района" if item.get("district_id") is None else name("districts", "district_id")),
        ("Адрес", item.get("address") or "—"), ("Исполнитель", name("executors", "executor_id")),
        ("Оценка гражданина", "нет оценки" if item.get("rating") is None else f"{item['rating']} из 5"),
        ("Возвратов на доработку", str(item.get("reopened_count") or 0)),
        ("Фаст-трек", "да" if item.get("fast_track") else "нет"),
        ("Координаты", "—" if item.get("lat") is None else f"{item['lat']:.5f}, {item['lon']:.5f}"),
    ]
    return pd.DataFrame(rows, columns=["Поле", "Значение"])


def timeline_frame(events: pd.DataFrame, tz) -> pd.DataFrame:
    return pd.DataFrame({
        "Когда": [fmt_datetime(t.astimezone(tz)) for t in pd.to_datetime(events["event_at"], utc=True)],
        "Статус": events["status"].map(lambda s: STATUSES.get(s, s)),
        "Примечание": events["note"].fillna(""),
    })


def render_item_card(item: dict, events: pd.DataFrame, ref: Reference, profile: Profile, as_of: datetime, *,
                     personal_data: bool = False) -> None:
    tz = profile.tz
    channel = ref.channels.set_index("id").loc[int(item["channel_id"])]
    topic = None if item.get("topic_id") is None else ref.names("topics").get(int(item["topic_id"]))
    rule = load_rules(profile).find(channel["code"], item["kind"], topic)  # the item's own rule (deadline_rules.csv)
    unit = rule.unit if rule is not None and rule.has_deadline else channel["unit"]
    late = lateness(item["deadline_in_force"], item["answered_at"], as_of, unit, WorkCalendar.for_profile(profile))
    st.subheader(f"Обращение {item['external_id']}")
    icon = {"on_time": ":material/check_circle:", "open": ":material/schedule:",
            "late": ":material/warning:", "overdue": ":material/error:"}.get(late.state, ":material/info:")
    due = item["deadline_in_force"]
    norm = (rule.describe() if rule is not None
            else f"{channel['term']} {plural(int(channel['term']), *UNIT_WORDS[channel['unit']])}")
    box = st.warning if late.state in ("late", "overdue") else st.success if late.state == "on_time" else st.info
    box(f"{late.text} Действующий срок: {fmt_datetime(due.astimezone(tz)) if due else '—'}; "
        f"норматив («{channel['name']}», {KINDS.get(item['kind'], item['kind'])}): {norm}.", icon=icon)
    left, right = st.columns([3, 2])
    with left:
        st.markdown("**Текст обращения**")
        st.text(item.get("text") or "—")
        st.markdown("**Текст ответа**")
        st.text(item.get("answer_text") or "ответа ещё нет")
        if not personal_data:
            st.caption(":material/visibility_off: Имена, телефоны, e-mail и квартиры граждан скрыты.")
        st.markdown("**Ход рассмотрения**")
        st.dataframe(timeline_frame(events, tz), hide_index=True, width="stretch")
    with right:
        st.dataframe(field_rows(item, ref, tz, late), hide_index=True, width="stretch", height=35 * 24)
        district = None if item.get("district_id") is None else ref.names("districts").get(int(item["district_id"]))
        st.pydeck_chart(card_deck(item.get("lat"), item.get("lon"), district_feature(profile, district),
                                  profile.map_center, profile.map_zoom - 1), height=300)
        st.caption("Точка обращения и граница его района (без подложки карты).")
