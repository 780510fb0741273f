"""Deadline rules as data: which term applies to an item, its deadline, and a check of a source's deadline.

The rules live in the municipality profile (``deadline_rules.csv``: channel × kind × optional topic →
unit, term, extension). A profile without that file gets one rule per channel from ``profile.toml``.
Everything here is pure Python over a ``WorkCalendar``: the importer calls ``check_deadline`` (one item)
or ``check_frame`` (a DataFrame of items) and stores the deadline with the flags it returns.

Terms count from registration and the registration day itself is not counted («в течение N дней со
дня регистрации»); a term in days ends at 23:59:59 local time of its last day.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

from data_access.domain.profile import UNITS, Profile, ProfileError
from data_access.store.vocabulary import KINDS
from data_access.domain.workcalendar import WorkCalendar

RULES_FILE = "deadline_rules.csv"
ANY = "*"
NO_DEADLINE = "none"
RULE_UNITS = (*UNITS, NO_DEADLINE)
DAY_UNITS = ("work_days", "calendar_days")
DEFAULT_TOLERANCE = timedelta(minutes=5)  # hour terms: sources round their deadlines to minutes

UNIT_NAMES = {"work_days": "раб. дн.", "calendar_days": "дн.", "work_hours": "раб. ч", "hours": "ч",
              NO_DEADLINE: "без срока"}

# Flags of a checked item (codes are stored; the texts are for people).
FLAGS = {
    "no_rule": "нет правила срока для канала, вида и темы",
    "source_disagrees": "срок из источника не совпадает со сроком по правилу",
    "extension_not_allowed": "срок продлён, хотя правило продления не допускает",
    "extension_too_long": "срок продлён больше, чем допускает правило",
    "extension_before_deadline": "продлённый срок раньше исходного",
}


@dataclass(frozen=True)
class DeadlineRule:
    """One row of the rule table. ``kind`` is a kind code or ``*``; ``topic`` a topic name or None (any)."""

    channel: str
    kind: str
    topic: str | None
    unit: str
    term: float
    extension_max: float
    basis: str = ""

    @property
    def extension_allowed(self) -> bool:
        return self.extension_max > 0

    @property
    def has_deadline(self) -> bool:
        return self.unit != NO_DEADLINE

    @property
    def specificity(self) -> int:
        """Kind and topic (3) > topic (2) > kind (1) > the whole channel (0)."""
        return (2 if self.topic else 0) + (1 if self.kind != ANY else 0)

    def matches(self, channel: str, kind: str, topic: str | None) -> bool:
        return (self.channel == channel and self.kind in (ANY, kind)
                and (self.topic is None or self.topic == topic))

    def describe(self) -> str:
        """«10 раб. дн., продление до 30 дн.» — the term in words for captions."""
        if not self.has_deadline:
            return "без срока"
        text = f"{self.term:g} {UNIT_NAMES[self.unit]}"
        if self.extension_allowed:
            text += f", продление до {self.extension_max:g} {UNIT_NAMES[self.unit]}"
        return text


@dataclass(frozen=True)
class DeadlineRules:
    rules: tuple[DeadlineRule, ...]
    source: str = ""  # the file they were read from, or «profile.toml»

    def find(self, channel: str, kind: str, topic: str | None = None) -> DeadlineRule | None:
        """The most specific rule for an item, or None."""
        found = [r for r in self.rules if r.matches(channel, kind, topic)]
        return max(found, key=lambda r: r.specificity) if found else None

    def for_channel(self, channel: str) -> tuple[DeadlineRule, ...]:
        return tuple(r for r in self.rules if r.channel == channel)


def rules_from_channels(profile: Profile) -> DeadlineRules:
    """One rule per channel from ``profile.toml`` (unit, term, extension_max): the fallback."""
    return DeadlineRules(tuple(DeadlineRule(c.code, ANY, None, c.unit, float(c.term), float(c.extension_max),
                                            f"{c.name}: норматив профиля") for c in profile.channels),
                         "profile.toml")


def read_rules(path: Path, profile: Profile) -> DeadlineRules:
    """Read and check a rule file against the profile; a bad row raises ``ProfileError`` (Russian text)."""
    rules, problems = rule_problems(path, profile)
    if problems:
        raise ProfileError(problems[0])
    return rules


def rule_problems(path: Path, profile: Profile) -> tuple[DeadlineRules, list[str]]:
    """The rules of a file and every problem found in it (Russian, one line each; bad rows left out)."""
    lines = [ln for ln in path.read_text(encoding="utf-8-sig").splitlines() if ln.strip() and not ln.startswith("#")]
    channels = {c.code: c for c in profile.channels}
    topics = {t for s in profile.sectors for t in s.topics}
    rules, seen, found = [], set(), []
    for n, row in enumerate(csv.DictReader(lines), 1):
        where = f"{path.name}, правило {n}"
        try:
            rule = DeadlineRule(
                row["channel"].strip(), (row.get("kind") or ANY).strip() or ANY,
                (row.get("topic") or "").strip() or None,
                row["unit"].strip(), float(row.get("term") or 0), float(row.get("extension_max") or 0),
                (row.get("basis") or "").strip())
        except (KeyError, ValueError, AttributeError) as exc:
            found.append(f"{where}: не прочитано ({exc})")
            continue
        channel = channels.get(rule.channel)
        problems = [
            (channel is None, f"неизвестный канал «{rule.channel}» (в profile.toml: {', '.join(channels)})"),
            (rule.kind != ANY and rule.kind not in KINDS, f"неизвестный вид «{rule.kind}»"),
            (channel is not None and rule.kind in KINDS and rule.kind not in channel.kinds,
             f"вид «{rule.kind}» не приходит по каналу «{rule.channel}» (в profile.toml: "
             f"{', '.join(channel.kinds) if channel else ''})"),
            (rule.topic is not None and rule.topic not in topics, f"неизвестная тема «{rule.topic}»"),
            (rule.unit not in RULE_UNITS, f"неизвестная единица «{rule.unit}» (допустимо: {', '.join(RULE_UNITS)})"),
            (rule.has_deadline and rule.term <= 0, "срок должен быть больше нуля"),
            (rule.extension_max < 0, "продление не может быть отрицательным"),
            ((rule.channel, rule.kind, rule.topic) in seen, "такое правило уже есть выше"),
        ]
        bad = [f"{where}: {text}" for flag, text in problems if flag]
        if bad:
            found.extend(bad)
            continue
        seen.add((rule.channel, rule.kind, rule.topic))
        rules.append(rule)
    return DeadlineRules(tuple(rules), path.name), found


def load_rules(profile: Profile) -> DeadlineRules:
    """The profile's rule file if it has one, otherwise the channel norms of ``profile.toml``."""
    path = profile.folder / RULES_FILE
    return read_rules(path, profile) if path.exists() else rules_from_channels(profile)


def channel_norm(rules: DeadlineRules, channel: str, kind: str) -> DeadlineRule | None:
    """The channel's headline norm (its first kind, any topic): what the channels table, «Сроки» and the item
    card show as the channel's unit and term. Items are checked against their own rule (``find``)."""
    return rules.find(channel, kind, None)


def add_term(calendar: WorkCalendar, start: datetime, unit: str, amount: float) -> datetime:
    """``start`` moved by ``amount`` of ``unit`` (days end at 23:59:59 local of the last day)."""
    return calendar.deadline(start, unit, amount)


def compute_deadline(rule: DeadlineRule, registered_at: datetime, calendar: WorkCalendar) -> datetime | None:
    """The deadline by the rule for an item registered at ``registered_at`` (aware); None if no term."""
    return add_term(calendar, registered_at, rule.unit, rule.term) if rule.has_deadline else None


def latest_extension(rule: DeadlineRule, deadline: datetime, calendar: WorkCalendar) -> datetime | None:
    """The latest extended deadline the rule allows after ``deadline``; None if extension is not allowed."""
    if not rule.extension_allowed or not rule.has_deadline:
        return None
    return add_term(calendar, deadline, rule.unit, rule.extension_max)


def same_deadline(rule: DeadlineRule, a: datetime, b: datetime, calendar: WorkCalendar,
                  tolerance: timedelta = DEFAULT_TOLERANCE) -> bool:
    """Do two deadlines agree? Day terms compare local dates (sources often give a date only)."""
    if rule.unit in DAY_UNITS:
        return a.astimezone(calendar.tz).date() == b.astimezone(calendar.tz).date()
    return abs(a - b) <= tolerance


def _later(rule: DeadlineRule, a: datetime, b: datetime, calendar: WorkCalendar, tolerance: timedelta) -> bool:
    if rule.unit in DAY_UNITS:
        return a.astimezone(calendar.tz).date() > b.astimezone(calendar.tz).date()
    return a - b > tolerance


@dataclass(frozen=True)
class DeadlineCheck:
    """The deadline to store for an item and what is wrong with the source's dates.

    ``deadline_at``: the source's deadline if it gave one (kept even when it disagrees), else the rule's;
    ``rule_deadline_at``: the rule's; ``extended_deadline_at``: the source's extension, kept as given.
    """

    rule: DeadlineRule | None
    deadline_at: datetime | None
    rule_deadline_at: datetime | None
    extended_deadline_at: datetime | None
    from_source: bool
    flags: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    def messages(self) -> list[str]:
        return [FLAGS[f] for f in self.flags]


def check_deadline(rules: DeadlineRules, calendar: WorkCalendar, *, channel: str, kind: str, topic: str | None,
                   registered_at: datetime, source_deadline: datetime | None = None,
                   source_extended: datetime | None = None,
                   tolerance: timedelta = DEFAULT_TOLERANCE) -> DeadlineCheck:
    """Apply the rule of (channel, kind, topic) to one item; all datetimes aware.

    Computes the deadline where the source gives none; keeps a source deadline that disagrees with the
    rule but flags it (``source_disagrees``); checks a source extension against the rule's maximum,
    counted from the deadline in use.
    """
    rule = rules.find(channel, kind, topic)
    if rule is None:
        return DeadlineCheck(None, source_deadline, None, source_extended, source_deadline is not None, ("no_rule",))
    computed = compute_deadline(rule, registered_at, calendar)
    flags = []
    if source_deadline is not None and (computed is None or not same_deadline(rule, source_deadline, computed,
                                                                              calendar, tolerance)):
        flags.append("source_disagrees")
    deadline = source_deadline if source_deadline is not None else computed
    if source_extended is not None and deadline is not None:
        limit = latest_extension(rule, deadline, calendar)
        if limit is None:
            flags.append("extension_not_allowed")
        elif _later(rule, source_extended, limit, calendar, tolerance):
            flags.append("extension_too_long")
        if _later(rule, deadline, source_extended, calendar, tolerance):
            flags.append("extension_before_deadline")
    return DeadlineCheck(rule, deadline, computed, source_extended, source_deadline is not None, tuple(flags))


def check_frame(items: pd.DataFrame, rules: DeadlineRules, calendar: WorkCalendar,
                tolerance: timedelta = DEFAULT_TOLERANCE) -> pd.DataFrame:
    """``check_deadline`` for a frame of items, for the importer.

    ``items`` columns: channel (code), kind, topic (name or None), registered_at (UTC-aware), and optionally
    deadline_at and extended_deadline_at from the source. Returns a frame on the same index with
    deadline_at, rule_deadline_at, extended_deadline_at (UTC) and flags (comma-separated codes, "" if none).
    """
    def cell(row, name):
        value = row.get(name)
        return None if value is None or pd.isna(value) else value.to_pydatetime()

    out = []
    for _, row in items.iterrows():
        topic = row.get("topic")
        res = check_deadline(rules, calendar, channel=row["channel"], kind=row["kind"],
                             topic=None if topic is None or pd.isna(topic) else topic,
                             registered_at=cell(row, "registered_at"), source_deadline=cell(row, "deadline_at"),
                             source_extended=cell(row, "extended_deadline_at"), tolerance=tolerance)
        out.append({"deadline_at": res.deadline_at, "rule_deadline_at": res.rule_deadline_at,
                    "extended_deadline_at": res.extended_deadline_at, "flags": ",".join(res.flags)})
    frame = pd.DataFrame(out, index=items.index, columns=["deadline_at", "rule_deadline_at",
                                                          "extended_deadline_at", "flags"])
    for col in ("deadline_at", "rule_deadline_at", "extended_deadline_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True)
    return frame
