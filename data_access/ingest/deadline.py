"""Deadlines of imported items where the source gives none, by the profile's rules (``data_access.domain.deadlines``).

The rule of each (channel, kind, topic) comes from ``deadlines.load_rules``; the deadline itself from
``deadlines.compute_deadline`` — called once per rule and local registration day for day terms (the
result depends on the day only), and per instant for working-hour terms; hour terms are plain additions.
That keeps 100k-row files fast while the rule logic stays in one place.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

import pandas as pd

from data_access.domain import deadlines as dl
from data_access.domain.workcalendar import WorkCalendar


@dataclass(frozen=True)
class DeadlineFill:
    deadline_at: pd.Series   # UTC; the source's where given, else the rule's (NaT if no rule / no term)
    computed: pd.Series      # bool: the deadline was computed here
    disagrees: pd.Series     # bool: the source gave one and it differs from the rule's


# Day-term deadlines by (calendar, unit, term, local day), shared by the chunks of a file and by later imports: a
# million-row file is prepared in 20 chunks that span the same days, and each chunk computed them all again
# (≈ 0.4 s). The calendar is part of the key (a changed overrides file makes another calendar); bounded.
_DAY_DEADLINES: dict = {}
_DAY_DEADLINES_LIMIT = 100_000


def _local_days(start: pd.Series, calendar: WorkCalendar) -> pd.Series:
    """Local midnight (naive) of each UTC instant: the day a day term counts from."""
    return start.dt.tz_convert(calendar.tz).dt.tz_localize(None).dt.normalize()


def _rule_deadlines(rule: dl.DeadlineRule, start: pd.Series, calendar: WorkCalendar) -> pd.Series:
    """The rule's deadline for each start instant (UTC series on the same index)."""
    if not rule.has_deadline:
        return pd.Series(pd.NaT, index=start.index, dtype="datetime64[ns, UTC]")
    if rule.unit == "hours":
        return start + pd.to_timedelta(rule.term, unit="h")
    if rule.unit in dl.DAY_UNITS:  # one computation per local day, shared by rules with the same term
        local_day = _local_days(start, calendar)
        days = pd.DatetimeIndex(local_day.dropna().unique())
        results = []
        if len(_DAY_DEADLINES) > _DAY_DEADLINES_LIMIT:
            _DAY_DEADLINES.clear()
        for day in days:
            key = (calendar, rule.unit, rule.term, day)
            found = _DAY_DEADLINES.get(key)  # one look-up: another session's import may clear it meanwhile
            if found is None:
                found = _DAY_DEADLINES[key] = dl.compute_deadline(
                    rule, datetime.combine(day.date(), time(12), calendar.tz), calendar)
            results.append(found)
        by_day = pd.DatetimeIndex(pd.to_datetime(results, utc=True)) if results else pd.DatetimeIndex([], tz="UTC")
        where = days.get_indexer(local_day)
        out = pd.Series(pd.NaT, index=start.index, dtype="datetime64[ns, UTC]")
        found = where >= 0
        out[found] = by_day[where[found]]
        return out
    by_instant = {t: dl.compute_deadline(rule, t.to_pydatetime(), calendar) for t in start.dropna().unique()}
    return pd.to_datetime(start.map(by_instant), utc=True)


def fill_deadlines(items: pd.DataFrame, rules: dl.DeadlineRules, calendar: WorkCalendar) -> DeadlineFill:
    """``items``: channel (code), kind, topic (name or None), start (UTC: registration, else receipt) and
    deadline_at (UTC, NaT where the source gives none). Returns the deadline to store and two flags."""
    rule_deadline = pd.Series(pd.NaT, index=items.index, dtype="datetime64[ns, UTC]")
    day_unit = pd.Series(False, index=items.index)
    topic = items["topic"].astype(object).where(items["topic"].notna(), None)
    keys = pd.DataFrame({"channel": items["channel"], "kind": items["kind"], "topic": topic.fillna("")})
    for (channel, kind, topic_name), idx in keys.groupby(["channel", "kind", "topic"], sort=False).groups.items():
        rule = rules.find(channel, kind, topic_name or None)
        if rule is None:
            continue
        rule_deadline[idx] = _rule_deadlines(rule, items.loc[idx, "start"], calendar)
        day_unit[idx] = rule.unit in dl.DAY_UNITS
    source = items["deadline_at"]
    has_source = source.notna()
    both = has_source & rule_deadline.notna()
    disagrees = pd.Series(False, index=items.index)
    if both.any():  # only rows with both deadlines are compared (day terms by local date)
        src, rul = source[both], rule_deadline[both]
        same_day = _local_days(src, calendar) == _local_days(rul, calendar)
        close = (src - rul).abs() <= dl.DEFAULT_TOLERANCE
        disagrees[both] = ~(same_day.where(day_unit[both], close).astype(bool))
    computed = ~has_source & rule_deadline.notna()
    return DeadlineFill(source.where(has_source, rule_deadline), computed, disagrees)


EXTENSION_FLAGS = ("extension_not_allowed", "extension_too_long", "extension_before_deadline")


def check_extensions(items: pd.DataFrame, deadline_at: pd.Series, rules: dl.DeadlineRules,
                     calendar: WorkCalendar) -> pd.Series:
    """The extension checks of ``deadlines.check_deadline`` for rows with an extended deadline: a
    comma-separated string of ``EXTENSION_FLAGS`` per row ("" where the extension is allowed and in range).

    ``items``: channel, kind, topic, start (as for ``fill_deadlines``) and extended_deadline_at (UTC, NaT if
    none); ``deadline_at``: the deadline in use (the source's or the rule's). One definition of the rule: each
    extended row goes through ``check_deadline`` itself (a few per cent of the rows)."""
    out = pd.Series("", index=items.index, dtype=object)
    extended = items["extended_deadline_at"].notna() & deadline_at.notna()
    for i in items.index[extended]:
        topic = items.at[i, "topic"]
        res = dl.check_deadline(rules, calendar, channel=items.at[i, "channel"], kind=items.at[i, "kind"],
                                topic=None if topic is None or pd.isna(topic) or topic == "" else topic,
                                registered_at=items.at[i, "start"].to_pydatetime(),
                                source_deadline=deadline_at[i].to_pydatetime(),
                                source_extended=items.at[i, "extended_deadline_at"].to_pydatetime())
        out[i] = ",".join(f for f in res.flags if f in EXTENSION_FLAGS)
    return out
