"""Deadline rules as data: reading and checking the rule file, choosing the rule, flagging source deadlines."""
from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta

import pandas as pd
import pytest

from data_access.domain.deadlines import (
    ANY, FLAGS, RULES_FILE, DeadlineRule, DeadlineRules, check_deadline, check_frame, load_rules, read_rules, rules_from_channels,
)
from data_access.domain.profile import ProfileError, load_profile
from data_access.domain.workcalendar import WorkCalendar

HEADER = "channel,kind,topic,unit,term,extension_max,basis\n"


@pytest.fixture(scope="module")
def cal(profile):
    return WorkCalendar.for_profile(profile)


@pytest.fixture(scope="module")
def rules(profile):
    return load_rules(profile)


def end_of(day: date, tz) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tz)


def write_rules(tmp_path, profile, body: str):
    folder = tmp_path / "profile"
    shutil.copytree(profile.folder, folder)
    (folder / RULES_FILE).write_text("# comment\n" + HEADER + body, encoding="utf-8")
    return load_profile(folder)


def test_the_krasnoyarsk_file_has_the_domain_defaults(rules):
    assert rules.source == RULES_FILE
    fz59 = rules.find("fz59", "appeal")
    assert (fz59.unit, fz59.term, fz59.extension_max, fz59.extension_allowed) == ("calendar_days", 30, 30, True)
    pos = rules.find("pos", "message", "Ямы на дорогах")
    assert (pos.unit, pos.term, pos.extension_allowed) == ("work_days", 10, False)
    assert rules.find("pos", "appeal").unit == "calendar_days"  # an обращение via ПОС follows 59-ФЗ
    for channel, kind in (("im", "incident"), ("gospabliki", "comment")):
        assert (rules.find(channel, kind).unit, rules.find(channel, kind).term) == ("hours", 8)
    assert all(r.basis for r in rules.rules)


def test_every_channel_and_kind_of_the_profile_has_a_rule(profile, rules):
    for channel in profile.channels:
        for kind in channel.kinds:
            assert rules.find(channel.code, kind) is not None, (channel.code, kind)


def test_most_specific_rule_wins():
    rules = DeadlineRules((
        DeadlineRule("pos", ANY, None, "work_days", 10, 0),
        DeadlineRule("pos", "message", None, "work_days", 9, 0),
        DeadlineRule("pos", ANY, "Отопление", "work_days", 5, 0),
        DeadlineRule("pos", "message", "Отопление", "work_days", 3, 0),
    ))
    assert rules.find("pos", "message", "Отопление").term == 3
    assert rules.find("pos", "appeal", "Отопление").term == 5
    assert rules.find("pos", "message", "Школы").term == 9
    assert rules.find("pos", "appeal", None).term == 10
    assert rules.find("fz59", "appeal") is None


def test_a_topic_rule_from_the_file(tmp_path, profile, cal):
    p = write_rules(tmp_path, profile, "pos,*,,work_days,10,0,общий\npos,message,Отопление,work_days,5,0,отопление\n")
    rules = load_rules(p)
    registered = datetime(2025, 4, 30, 10, 0, tzinfo=profile.tz)
    heating = check_deadline(rules, cal, channel="pos", kind="message", topic="Отопление", registered_at=registered)
    other = check_deadline(rules, cal, channel="pos", kind="message", topic="Школы", registered_at=registered)
    # 5 working days after 30.04.2025: 5, 6, 7, 12, 13 May; 10 working days: 20 May
    assert heating.deadline_at == end_of(date(2025, 5, 13), profile.tz) and heating.rule.basis == "отопление"
    assert other.deadline_at == end_of(date(2025, 5, 20), profile.tz)


@pytest.mark.parametrize(("body", "message"), [
    ("mail,*,,work_days,10,0,x\n", "неизвестный канал «mail»"),
    ("pos,letter,,work_days,10,0,x\n", "неизвестный вид «letter»"),
    ("pos,*,Луна,work_days,10,0,x\n", "неизвестная тема «Луна»"),
    ("pos,*,,weeks,2,0,x\n", "неизвестная единица «weeks»"),
    ("pos,*,,work_days,0,0,x\n", "срок должен быть больше нуля"),
    ("pos,*,,work_days,10,-1,x\n", "продление не может быть отрицательным"),
    ("pos,*,,work_days,10,0,x\npos,*,,work_days,8,0,y\n", "правило 2: такое правило уже есть выше"),
    ("pos,*,,work_days,десять,0,x\n", "не прочитано"),
])
def test_a_bad_rule_file_is_reported_in_russian(tmp_path, profile, body, message):
    p = write_rules(tmp_path, profile, body)
    with pytest.raises(ProfileError, match=message):
        load_rules(p)


def test_without_a_rule_file_the_channel_norms_apply(tmp_path, profile):
    folder = tmp_path / "profile"
    shutil.copytree(profile.folder, folder)
    (folder / RULES_FILE).unlink()
    rules = load_rules(load_profile(folder))
    assert rules == rules_from_channels(profile)
    assert {(r.channel, r.unit, r.term) for r in rules.rules} == {(c.code, c.unit, c.term) for c in profile.channels}


def test_no_deadline_unit(tmp_path, profile, cal):
    rules = read_rules(write_rules(tmp_path, profile, "regional,*,,none,0,0,голосования\n").folder / RULES_FILE,
                       profile)
    res = check_deadline(rules, cal, channel="regional", kind="message", topic=None,
                         registered_at=datetime(2025, 3, 3, 10, tzinfo=profile.tz))
    assert res.deadline_at is None and res.flags == () and res.rule.describe() == "без срока"


def test_deadline_computed_where_the_source_gives_none(rules, cal, profile):
    res = check_deadline(rules, cal, channel="fz59", kind="appeal", topic="Школы",
                         registered_at=datetime(2025, 1, 31, 10, 0, tzinfo=profile.tz))
    assert res.deadline_at == res.rule_deadline_at == end_of(date(2025, 3, 2), profile.tz)
    assert not res.from_source and not res.flagged


def test_source_deadline_on_the_same_day_agrees(rules, cal, profile):
    # a source giving only the date (midnight UTC of 20.05) is still «20.05.2025» in Krasnoyarsk
    res = check_deadline(rules, cal, channel="pos", kind="message", topic=None,
                         registered_at=datetime(2025, 4, 30, 10, tzinfo=profile.tz),
                         source_deadline=datetime(2025, 5, 20, 9, 0, tzinfo=profile.tz))
    assert res.flags == () and res.from_source
    assert res.deadline_at == datetime(2025, 5, 20, 9, 0, tzinfo=profile.tz)


def test_disagreeing_source_deadline_is_kept_but_flagged(rules, cal, profile):
    # the source counted calendar days (10.05.2025) instead of 10 working days (20.05.2025)
    source = datetime(2025, 5, 10, 23, 59, tzinfo=profile.tz)
    res = check_deadline(rules, cal, channel="pos", kind="message", topic=None,
                         registered_at=datetime(2025, 4, 30, 10, tzinfo=profile.tz), source_deadline=source)
    assert res.deadline_at == source
    assert res.rule_deadline_at == end_of(date(2025, 5, 20), profile.tz)
    assert res.flags == ("source_disagrees",) and res.messages() == [FLAGS["source_disagrees"]]


def test_hour_terms_compare_within_a_tolerance(rules, cal, profile):
    registered = datetime(2025, 6, 2, 10, 0, tzinfo=profile.tz)
    close = check_deadline(rules, cal, channel="im", kind="incident", topic=None, registered_at=registered,
                           source_deadline=registered + timedelta(hours=8, minutes=3))
    off = check_deadline(rules, cal, channel="im", kind="incident", topic=None, registered_at=registered,
                         source_deadline=registered + timedelta(hours=24))
    assert close.flags == () and off.flags == ("source_disagrees",)


def test_extension_flags(rules, cal, profile):
    registered = datetime(2025, 4, 30, 10, tzinfo=profile.tz)
    not_allowed = check_deadline(rules, cal, channel="pos", kind="message", topic=None, registered_at=registered,
                                 source_extended=datetime(2025, 6, 1, tzinfo=profile.tz))
    assert not_allowed.flags == ("extension_not_allowed",)
    before = check_deadline(rules, cal, channel="fz59", kind="appeal", topic=None, registered_at=registered,
                            source_extended=datetime(2025, 5, 15, tzinfo=profile.tz))
    assert before.flags == ("extension_before_deadline",)


def test_an_item_without_a_rule_is_flagged(rules, cal, profile):
    # «pos» has rules only for message and appeal; an unknown channel has none at all
    for channel, kind in (("pos", "incident"), ("mail", "message")):
        res = check_deadline(rules, cal, channel=channel, kind=kind, topic=None,
                             registered_at=datetime(2025, 4, 30, tzinfo=profile.tz))
        assert res.flags == ("no_rule",) and res.deadline_at is None and res.rule is None


def test_check_frame_matches_item_by_item_checks(rules, cal, profile):
    tz = profile.tz
    items = pd.DataFrame({
        "channel": ["pos", "pos", "fz59", "im", "mail"],
        "kind": ["message", "appeal", "appeal", "incident", "message"],
        "topic": ["Отопление", None, "Школы", None, None],
        "registered_at": pd.to_datetime([datetime(2025, 4, 30, 10, tzinfo=tz)] * 5, utc=True),
        "deadline_at": pd.to_datetime([None, datetime(2025, 5, 20, 23, 59, tzinfo=tz), None,
                                       datetime(2025, 4, 30, 18, tzinfo=tz), None], utc=True),
        "extended_deadline_at": pd.to_datetime([None, None, datetime(2025, 7, 1, tzinfo=tz), None, None], utc=True),
    }, index=[10, 11, 12, 13, 14])
    got = check_frame(items, rules, cal)
    assert list(got.index) == [10, 11, 12, 13, 14]
    assert got["flags"].tolist() == ["", "source_disagrees", "extension_too_long", "", "no_rule"]
    assert got.loc[10, "deadline_at"] == pd.Timestamp(end_of(date(2025, 5, 20), tz))
    assert got.loc[11, "rule_deadline_at"] == pd.Timestamp(end_of(date(2025, 5, 30), tz))  # 30.04 + 30 days
    assert got.loc[12, "deadline_at"] == pd.Timestamp(end_of(date(2025, 5, 30), tz))
    assert pd.isna(got.loc[14, "deadline_at"])


def test_demo_deadlines_follow_the_rules(demo_frames, rules, cal, profile):
    """The demo generator uses the rule file (one source of norms): every deadline and extension of a sample passes
    the importer's checks, обращения via ПОС (59-ФЗ, 30 days, extendable) included."""
    m = demo_frames[0].sample(1500, random_state=1)
    codes = dict(enumerate((c.code for c in profile.channels), 1))
    topic_names = dict(enumerate((t for s in profile.sectors for t in s.topics), 1))
    items = pd.DataFrame({"channel": m["channel_id"].map(codes), "kind": m["kind"], "topic": m["topic_id"].map(topic_names),
                          "registered_at": m["registered_at"], "deadline_at": m["deadline_at"],
                          "extended_deadline_at": m["extended_deadline_at"]})
    got = check_frame(items, rules, cal)
    pos_appeal = (items["channel"] == "pos") & (items["kind"] == "appeal")
    assert pos_appeal.sum() > 0 and (got["flags"] == "").all(), got.loc[got["flags"] != "", "flags"].value_counts()
