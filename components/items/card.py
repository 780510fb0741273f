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

from components.common.formatting import NBSP, fmt_count, fmt_datetime, fmt_num, sentence_end
from data_access.domain.deadlines import load_rules
from data_access.metrics.registry import on_time_value
from data_access.domain.profile import Profile
from data_access.store.reference import Reference
from data_access.store.vocabulary import KINDS, STATUSES
from data_access.domain.workcalendar import WorkCalendar
from geo.districts import bounds, fit_view

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
    short: str = ""   # the same in a few words, for the card's table of fields


def _amount_text(amount: float, unit: str) -> str:
    words = UNIT_WORDS.get(unit, UNIT_WORDS["hours"])
    return fmt_count(amount, *words, digits=0 if unit in ("work_days", "calendar_days") else 1)


def rework_note(deadline: datetime | None, events: pd.DataFrame, tz) -> str:
    """What the status history says about returns for rework after an on-time answer, for the card.

    A return does not move the deadline: the answer given after rework is measured against the deadline in force
    (``data_access.metrics.registry.deadline_in_force``), as in «Ответов в срок» and every other measure — the card and the
    store-wide figures share one definition. ``events``: event_at (UTC), status, in time order.
    """
    if deadline is None or events is None or events.empty:
        return ""
    ev = events.assign(event_at=pd.to_datetime(events["event_at"], utc=True)).sort_values("event_at", kind="stable")
    answered_at, notes = None, []
    for at, status in zip(ev["event_at"], ev["status"]):
        at = at.to_pydatetime()
        if status == "answered":
            answered_at = at
        elif status == "rework" and answered_at is not None:
            if on_time_value(answered_at, deadline):
                notes.append(f"Ответ от {fmt_datetime(answered_at.astimezone(tz))} дан в срок и возвращён на "
                             f"доработку {fmt_datetime(at.astimezone(tz))}.")
            answered_at = None
    if not notes:
        return ""
    return " ".join(notes) + (" Срок после возврата не переносится: ответ после доработки сравнивается с действующим "
                              "сроком, как в доле ответов в срок.")


def lateness(deadline: datetime | None, answered: datetime | None, as_of: datetime, unit: str,
             cal: WorkCalendar) -> Lateness:
    """The answer against the deadline in force, in the channel's unit (days counted by local dates)."""
    if deadline is None:
        return Lateness("no_deadline", 0, unit, "Срок не установлен («без срока»): в долю ответов в срок не входит и "
                                                "опозданием не считается.", "без срока")
    if answered is not None:
        if on_time_value(answered, deadline):
            return Lateness("on_time", 0, unit, "Ответ дан в срок.", "ответ в срок")
        late = cal.amount_between(unit, deadline, answered)
        return Lateness("late", late, unit, f"Ответ дан с опозданием на {_amount_text(late, unit)} "
                                            f"({_duration(answered - deadline)}).",
                        f"ответ с опозданием на {_amount_text(late, unit)}")
    if as_of <= deadline:
        left = cal.amount_between(unit, as_of, deadline)
        return Lateness("open", left, unit, f"Ответа ещё нет; до срока {_amount_text(left, unit)} "
                                            f"({_duration(deadline - as_of)}).", f"до срока {_amount_text(left, unit)}")
    late = cal.amount_between(unit, deadline, as_of)
    return Lateness("overdue", late, unit, f"Ответа нет, просрочено на {_amount_text(late, unit)} "
                                           f"({_duration(as_of - deadline)}) на {fmt_datetime(as_of)}.",
                    f"просрочено на {_amount_text(late, unit)}")


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


# The card's table of fields: the grid stretches its columns in proportion to these widths (a cell does not wrap),
# so at 1920 px «Поле» fits «Возвратов на доработку» and «Значение» the longest executor's name.
FIELD_COLUMNS_PX = {"Поле": 170, "Значение": 400}
CARD_MAP_SIZE = (560, 300)  # the map in the card's right column at 1920 px


def card_deck(lat: float | None, lon: float | None, boundary: dict | None, center: tuple[float, float],
              zoom: float) -> pdk.Deck:
    """The point and its district boundary on a blank background (no tiles: works offline); the view fits the
    whole district with the point (drawn above the outline), or centres on the point when there is no district."""
    layers = []
    if boundary:
        layers.append(pdk.Layer("GeoJsonLayer", boundary, id="district", stroked=True, filled=True,
                                get_fill_color=[31, 119, 180, 40], get_line_color=[31, 119, 180, 220],
                                line_width_min_pixels=2))
    if lat is not None and lon is not None:
        layers.append(pdk.Layer("ScatterplotLayer", [{"lat": lat, "lon": lon}], id="item", get_position=["lon", "lat"],
                                get_radius=60, radius_min_pixels=7, get_fill_color=[214, 39, 40, 230],
                                stroked=True, get_line_color=[255, 255, 255], line_width_min_pixels=2))
        center, zoom = (lat, lon), 13.0
        if boundary:
            lon_min, lat_min, lon_max, lat_max = bounds(boundary)
            fit = fit_view((min(lon_min, lon), min(lat_min, lat), max(lon_max, lon), max(lat_max, lat)),
                           *CARD_MAP_SIZE)
            center, zoom = (fit["latitude"], fit["longitude"]), fit["zoom"]
    view = pdk.ViewState(latitude=center[0], longitude=center[1], zoom=zoom)
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None, map_style=BLANK_STYLE)


def last_update(item: dict, events: pd.DataFrame | None) -> datetime | None:
    """«Обновлено»: the later of the record's update time and its last history event (a source may not move
    ``updated_at`` on every status change, and the card must not say it was updated before its last event)."""
    moments = [item.get("updated_at")]
    if events is not None and not events.empty:
        moments.append(pd.to_datetime(events["event_at"], utc=True).max().to_pydatetime())
    moments = [t for t in moments if t is not None and not pd.isna(t)]
    return max(moments) if moments else None


def field_rows(item: dict, ref: Reference, tz, late: Lateness, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every field of the item as (Поле, Значение) text rows (short values: the grid does not wrap)."""
    def name(table, key):
        return "—" if item.get(key) is None else ref.names(table).get(int(item[key]), "—")

    def when(key, value=None):
        value = item.get(key) if value is None else value
        return fmt_datetime(value.astimezone(tz)) if value is not None else "—"
    rows = [
        ("Номер в системе", str(item["id"])), ("Номер в канале", item["external_id"]),
        ("Канал", name("channels", "channel_id")), ("Вид", KINDS.get(item["kind"], item["kind"])),
        ("Статус", STATUSES.get(item["status"], item["status"])),
        ("Поступило", when("received_at")), ("Зарегистрировано", when("registered_at")),
        ("Срок", when("deadline_at")), ("Продлённый срок", when("extended_deadline_at")),
        ("Первый ответ", when("first_answer_at")), ("Ответ дан", when("answered_at")),
        ("Решено", when("resolved_at")), ("Обновлено", when("updated_at", last_update(item, events))),
        ("Срок и ответ", late.short or late.text),
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
    has_rule = rule is not None and rule.has_deadline
    unit = rule.unit if has_rule else channel["unit"]
    cal = WorkCalendar.for_profile(profile)
    note = rework_note(item["deadline_in_force"], events, tz)
    late = lateness(item["deadline_in_force"], item["answered_at"], as_of, unit, cal)
    st.subheader(f"Обращение {item['external_id']}")
    icon = {"on_time": ":material/check_circle:", "open": ":material/schedule:",
            "late": ":material/warning:", "overdue": ":material/error:"}.get(late.state, ":material/info:")
    due = item["deadline_in_force"]
    norm = (rule.describe() if rule is not None
            else fmt_count(float(channel["term"]), *UNIT_WORDS[channel["unit"]], digits=1))
    box = st.warning if late.state in ("late", "overdue") else st.success if late.state == "on_time" else st.info
    box(f"{late.text} {note + ' ' if note else ''}"
        f"Действующий срок: {fmt_datetime(due.astimezone(tz)) if due else '—'}; "
        f"норматив («{channel['name']}», {KINDS.get(item['kind'], item['kind'])}): {sentence_end(norm)}", icon=icon)
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
        fields = field_rows(item, ref, tz, late, events)
        st.dataframe(fields, hide_index=True, width="stretch", height=35 * (len(fields) + 1) + 3,
                     column_config={c: st.column_config.TextColumn(width=w) for c, w in FIELD_COLUMNS_PX.items()})
        district = None if item.get("district_id") is None else ref.names("districts").get(int(item["district_id"]))
        st.pydeck_chart(card_deck(item.get("lat"), item.get("lon"), district_feature(profile, district),
                                  profile.map_center, profile.map_zoom - 1), height=300)
        st.caption("Точка обращения и граница его района (без подложки карты)." if item.get("lat") is not None
                   else "У обращения нет координат: показана только граница района (без подложки карты).")
