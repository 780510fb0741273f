"""The shared filter bar: the same widgets on every page, bound to the URL so that a view is a link."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from components.common.formatting import fmt_date
from components.frame.keys import K
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.store.reference import Reference
from data_access.store.scope import EVERYTHING, Scope
from data_access.store.vocabulary import KINDS, STATUSES

CUSTOM = "Свой период"
PRESETS = ("7 дней", "30 дней", "90 дней", "С начала года", "12 месяцев", CUSTOM)
DEFAULT_PRESET = "30 дней"
NO_DISTRICT_LABEL = "Без района"


def preset_dates(preset: str, today: date) -> tuple[date, date]:
    """First and last day of a period preset ending today."""
    if preset == "С начала года":
        return date(today.year, 1, 1), today
    if preset == "12 месяцев":
        return today - timedelta(days=364), today
    days = {"7 дней": 7, "30 дней": 30, "90 дней": 90}.get(preset, 30)
    return today - timedelta(days=days - 1), today


def topic_labels(ref: Reference, topics=None) -> dict[int, str]:
    """Topic id -> a label unique in the store: the name, and «name (block)» where two blocks share a name
    («Прочее»). Links carry these labels, so a shared link opens the same topic (never the other «Прочее»)."""
    if topics is None:  # all topics: once per Reference (every drill-down link asks)
        return dict(ref.derived("topic_labels", lambda: _topic_labels(ref, ref.topics)))
    return _topic_labels(ref, topics)


def _topic_labels(ref: Reference, rows) -> dict[int, str]:
    counts = ref.topics["name"].value_counts()
    sectors = ref.names("sectors")
    return {int(i): (f"{n} ({sectors.get(s, s)})" if counts.get(n, 0) > 1 else n)
            for i, n, s in zip(rows["id"], rows["name"], rows["sector_id"])}


def _multi(label: str, key: str, names: dict, **kw) -> tuple:
    selected = st.multiselect(label, list(names), format_func=names.get, key=key, placeholder="все",
                              bind="query-params", **kw)
    return tuple(selected)


def scope_options(ref: Reference, scope: Scope) -> dict[str, dict]:
    """What the filter bar offers inside ``scope``: {"districts"|"sectors"|"topics"|"executors": {id: name}}.

    The data layer enforces the scope whatever is picked; this only keeps the choices to what can show data.
    An executor is offered when it serves an allowed sector or an allowed district."""
    districts = ref.names("districts")
    sectors = ref.names("sectors")
    if scope.districts:
        districts = {k: v for k, v in districts.items() if k in scope.districts}
    else:
        districts = {NO_DISTRICT: NO_DISTRICT_LABEL, **districts}
    if scope.sectors:
        sectors = {k: v for k, v in sectors.items() if k in scope.sectors}
    topics = ref.topics[ref.topics["sector_id"].isin(list(sectors))]
    ex = ref.executors
    if not scope.unrestricted:
        by_sector = ex["sector_id"].notna() & (ex["sector_id"].isin(scope.sectors) if scope.sectors else True)
        by_district = ex["district_id"].notna() & (ex["district_id"].isin(scope.districts) if scope.districts
                                                   else True)
        keep = by_sector | by_district
        if scope.executors:
            keep = ex["id"].isin(scope.executors)
        ex = ex[keep]
    return {"districts": districts, "sectors": sectors, "topics": dict(zip(topics["id"], topics["name"])),
            "executors": dict(zip(ex["id"], ex["name"]))}


def render_filter_bar(ref: Reference, tz: str, today: date, scope: Scope = EVERYTHING,
                      default_period: tuple[date, date] | None = None) -> Filters:
    """Draw the filter widgets (call inside ``st.sidebar``) and return the Filters they describe, carrying
    ``scope`` (the user's: every query ANDs it, whatever the widgets say).

    ``default_period``: the dates shown when the link names no period, in place of «30 дней» (a store whose data
    end long before today opens on its last month, ``components.frame.stale_period``)."""
    default = CUSTOM if default_period else DEFAULT_PRESET
    preset = st.selectbox("Период", PRESETS, index=PRESETS.index(default), key=K.PERIOD,
                          bind="query-params")
    if preset == CUSTOM:
        picked = st.date_input("Даты", value=default_period or preset_dates(DEFAULT_PRESET, today),
                               max_value=today + timedelta(days=366),
                               format="DD.MM.YYYY", key=K.DATES, bind="query-params")
        first, last = (tuple(picked) + (None, None))[:2] if isinstance(picked, (tuple, list)) else (picked, picked)
        first = first or today
        last = last or first
    else:
        first, last = preset_dates(preset, today)
    st.caption(f"{fmt_date(first)} — {fmt_date(last)}")

    options = scope_options(ref, scope)
    # a settlement without districts: no district filter (it could only say «Без района»)
    district_ids = _multi("Районы", K.DISTRICT, options["districts"]) if not ref.districts.empty else ()
    sector_ids = _multi("Отраслевые блоки", K.SECTOR, options["sectors"])
    topics = options["topics"]
    if sector_ids:
        in_sectors = set(ref.topics.loc[ref.topics["sector_id"].isin(sector_ids), "id"])
        topics = {k: v for k, v in topics.items() if k in in_sectors}
    labels = topic_labels(ref)  # unique labels: two blocks' «Прочее» stay apart
    topic_ids = _multi("Темы", K.TOPIC, {k: labels.get(k, v) for k, v in topics.items()})
    with st.expander("Каналы, исполнители, статусы", expanded=False):
        channel_ids = _multi("Каналы", K.CHANNEL, ref.names("channels"))
        kinds = _multi("Вид", K.KIND, KINDS)
        executor_ids = _multi("Исполнители", K.EXECUTOR, options["executors"])
        statuses = _multi("Статусы", K.STATUS, STATUSES)
    return Filters(first, last, district_ids, sector_ids, topic_ids, channel_ids, kinds, executor_ids, statuses, tz,
                   scope)


def filter_query_params(f: Filters, ref: Reference, today: date) -> dict[str, str | list[str]]:
    """URL parameters that make the filter bar show ``f`` (the inverse of ``render_filter_bar``)."""
    params: dict[str, str | list[str]] = {}
    preset = next((p for p in PRESETS[:-1] if preset_dates(p, today) == (f.date_from, f.date_to)), None)
    if preset is None:
        params[K.PERIOD] = CUSTOM
        params[K.DATES] = [f.date_from.isoformat(), f.date_to.isoformat()]
    elif preset != DEFAULT_PRESET:
        params[K.PERIOD] = preset
    names = {
        K.DISTRICT: (f.districts, {NO_DISTRICT: NO_DISTRICT_LABEL, **ref.names("districts")}),
        K.SECTOR: (f.sectors, ref.names("sectors")),
        K.TOPIC: (f.topics, topic_labels(ref)),
        K.CHANNEL: (f.channels, ref.names("channels")),
        K.KIND: (f.kinds, KINDS),
        K.EXECUTOR: (f.executors, ref.names("executors")),
        K.STATUS: (f.statuses, STATUSES),
    }
    for key, (values, labels) in names.items():
        if values:
            params[key] = [labels[v] for v in values]
    return params


def filters_from_query_params(params, ref: Reference, tz: str, today: date, scope: Scope = EVERYTHING,
                              default_period: tuple[date, date] | None = None) -> Filters:
    """The Filters that the URL parameters ``params`` describe, without drawing the filter bar (the exact
    inverse of ``filter_query_params``; used by the meeting screen). ``params``: ``st.query_params`` or a
    mapping of a parameter to a string or a list of strings. Unknown names and malformed dates are ignored.
    The result carries ``scope`` (the user's), whatever the parameters say."""
    def values(key: str) -> list[str]:
        raw = params.get_all(key) if hasattr(params, "get_all") else params.get(key, [])
        return [raw] if isinstance(raw, str) else list(raw)

    preset = (values(K.PERIOD) or [CUSTOM if default_period else DEFAULT_PRESET])[-1]
    first, last = preset_dates(preset if preset in PRESETS else DEFAULT_PRESET, today)
    if preset == CUSTOM and default_period:
        first, last = default_period
    if preset == CUSTOM:
        picked = []
        for text in values(K.DATES)[:2]:
            try:
                picked.append(date.fromisoformat(text))
            except ValueError:
                continue
        if picked:
            first, last = picked[0], picked[-1]
        if last < first:
            first, last = last, first

    def ids(key: str, labels: dict) -> tuple:
        by_label = {label: value for value, label in labels.items()}
        return tuple(dict.fromkeys(by_label[v] for v in values(key) if v in by_label))

    return Filters(first, last,
                   ids(K.DISTRICT, {NO_DISTRICT: NO_DISTRICT_LABEL, **ref.names("districts")}),
                   ids(K.SECTOR, ref.names("sectors")), ids(K.TOPIC, topic_labels(ref)),
                   ids(K.CHANNEL, ref.names("channels")), ids(K.KIND, KINDS), ids(K.EXECUTOR, ref.names("executors")),
                   ids(K.STATUS, STATUSES), tz, scope)
