"""The demo data behaves like the real thing, so that every page has something true to find."""
import re
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from data_access.demo.generator import generate
from data_access.store.vocabulary import OPEN_STATUSES
from tests.frames import end_of_working_days


@pytest.fixture(scope="module")
def m(demo_frames):
    return demo_frames[0]


def names(profile, kind):
    if kind == "executors":
        return {e.name: i for i, e in enumerate(profile.executors, 1)}
    if kind == "topics":
        return {t: i for i, t in enumerate((t for s in profile.sectors for t in s.topics), 1)}
    return {d.name: i for i, d in enumerate(profile.districts, 1)}


def local(m, col="received_at"):
    return m[col].dt.tz_convert("Asia/Krasnoyarsk")


def test_same_seed_same_data_other_seed_other_data(profile, demo_now):
    a = generate(profile, 3000, 5, date(2026, 3, 1), demo_now)[0]
    b = generate(profile, 3000, 5, date(2026, 3, 1), demo_now)[0]
    c = generate(profile, 3000, 6, date(2026, 3, 1), demo_now)[0]
    pd.testing.assert_frame_equal(a, b)
    assert not a["text"].equals(c["text"])


def test_emerging_problem_grows_sharply_in_the_last_three_weeks(m, profile, demo_frames):
    cutoff = pd.Timestamp(demo_frames[2])
    mask = (m["district_id"] == names(profile, "districts")["Свердловский"]) & \
           (m["topic_id"] == names(profile, "topics")["Горячее водоснабжение"])
    last = (mask & (m["received_at"] >= cutoff - pd.Timedelta(days=21))).sum()
    before = (mask & (m["received_at"] >= cutoff - pd.Timedelta(days=42)) &
              (m["received_at"] < cutoff - pd.Timedelta(days=21))).sum()
    assert last >= 3 * max(before, 1), (last, before)


def on_time(rows):
    answered = rows[rows["answered_at"].notna()]
    deadline = answered["extended_deadline_at"].fillna(answered["deadline_at"])
    return (answered["answered_at"] <= deadline).mean()


def test_executors_have_distinct_habits(m, profile):
    ex = names(profile, "executors")
    roads = m[m["executor_id"] == ex["Департамент дорожной инфраструктуры и транспорта"]]
    social = m[m["executor_id"] == ex["Управление социальной защиты населения"]]
    assert on_time(roads) < on_time(m) - 0.1 < on_time(social) - 0.1
    rework = m.groupby("executor_id")["reopened_count"].apply(lambda s: (s > 0).mean())
    zhkh = rework[ex["Департамент ЖКХ и благоустройства"]]
    assert zhkh >= 3 * rework.drop(ex["Департамент ЖКХ и благоустройства"]).median()


def test_ratings_follow_timeliness_and_rework(m):
    rated = m[m["rating"].notna()].copy()
    deadline = rated["extended_deadline_at"].fillna(rated["deadline_at"])
    good = rated["rating"] >= 4
    in_time = (rated["answered_at"] <= deadline) & (rated["reopened_count"] == 0)
    assert good[in_time].mean() > good[~in_time].mean() + 0.2


def test_seasons_and_weekday_cycle(m, profile):
    topics = names(profile, "topics")
    snow = m["topic_id"].isin([topics["Уборка снега и наледи во дворах"], topics["Уборка снега на дорогах"]])
    month = local(m).dt.month
    assert snow[month.isin([12, 1, 2])].sum() > 10 * snow[month.isin([6, 7, 8])].sum()
    grass = m["topic_id"] == topics["Озеленение и покос"]
    assert grass[month.isin([6, 7])].sum() > 5 * grass[month.isin([12, 1])].sum()
    per_weekday = local(m).dt.day_of_week.value_counts()
    assert per_weekday[[0, 1, 2, 3, 4]].mean() > 1.25 * per_weekday[[5, 6]].mean()


def test_volume_follows_population_and_hot_spots_repeat(m, profile):
    pop = pd.Series({i: d.population for i, d in enumerate(profile.districts, 1)})
    per_1000 = m["district_id"].value_counts() / pop * 1000
    assert per_1000.max() / per_1000.min() < 1.4
    by_address = m["address"].value_counts()
    top = by_address.head(max(1, len(by_address) // 100)).sum()
    assert top / by_address.sum() > 0.10  # 1 % of addresses bring over 10 % of items


def test_texts_carry_fake_personal_data(m):
    phone = re.compile(r"(?:\+7|8)[\s(-]*9\d\d[\s)-]*\d{3}[\s-]*\d\d[\s-]*\d\d")
    has_phone = m["text"].str.contains(phone)
    assert 0.4 < has_phone.mean() < 0.8
    assert m["text"].str.contains(r"@(?:mail|yandex|gmail|bk|inbox)\.ru|gmail\.com").mean() > 0.05
    assert m["text"].str.contains(r"кв\. \d+").mean() > 0.2


def test_statuses_and_timestamps_are_consistent(m, demo_frames):
    cutoff = pd.Timestamp(demo_frames[2])
    open_ = m["answered_at"].isna()
    assert m.loc[open_, "status"].isin(OPEN_STATUSES).all()
    assert not m.loc[~open_, "status"].isin(OPEN_STATUSES).any()
    assert (m["registered_at"] >= m["received_at"]).all()
    assert (m.loc[~open_, "answered_at"] >= m.loc[~open_, "registered_at"]).all()
    for col in ("received_at", "answered_at", "resolved_at", "first_answer_at"):
        assert (m[col].dropna() <= cutoff).all(), col
    assert m["rating"].dropna().between(1, 5).all()
    assert m.groupby("channel_id")["external_id"].apply(lambda s: s.is_unique).all()


def test_events_tell_each_items_story(m, demo_frames):
    ev = demo_frames[1]
    firsts = ev.sort_values(["message_id", "event_at"]).groupby("message_id")["status"].first()
    assert len(firsts) == len(m) and (firsts == "new").all()
    answered = ev[ev["status"].isin(["answered", "rejected", "forwarded"])]["message_id"].unique()
    assert set(m.loc[m["answered_at"].notna(), "id"]) <= set(answered)


def test_pos_deadlines_follow_the_production_calendar(m, profile):
    pos = m[(m["channel_id"] == 1) & (m["kind"] == "message")].sample(200, random_state=1)
    for reg, deadline in zip(pos["registered_at"], pos["deadline_at"]):
        want = end_of_working_days(reg.tz_convert("Asia/Krasnoyarsk").date(), 10, "Asia/Krasnoyarsk")
        assert deadline.to_pydatetime() == want
    # the rules file, not profile.toml: a ПОС appeal under 59-ФЗ has 30 calendar days and may be extended by 30
    appeals = m[(m["channel_id"] == 1) & (m["kind"] == "appeal")]
    assert len(appeals) > 0
    for reg, deadline in zip(appeals["registered_at"].head(50), appeals["deadline_at"].head(50)):
        assert (deadline.tz_convert("Asia/Krasnoyarsk").date()
                == reg.tz_convert("Asia/Krasnoyarsk").date() + timedelta(days=30))
    ext = appeals[appeals["extended_deadline_at"].notna()]
    assert ((ext["extended_deadline_at"] - ext["deadline_at"]) == pd.Timedelta(days=30)).all()
    fz59 = m[(m["channel_id"] == 2)].head(50)
    for reg, deadline in zip(fz59["registered_at"], fz59["deadline_at"]):
        day = reg.tz_convert("Asia/Krasnoyarsk").date() + timedelta(days=30)
        assert deadline.tz_convert("Asia/Krasnoyarsk").date() == day


def test_about_two_percent_have_no_place(m):
    share = m["district_id"].isna().mean()
    assert 0.01 < share < 0.03
    assert (m["district_id"].isna() == m["lat"].isna()).all()
    assert np.all(m["h3_cell"].dropna() > 0)


def test_masked_copies_are_what_the_masker_makes(demo_frames):
    """The demo builds its masked copies piece by piece (fast at first start); they must equal the masker's."""
    from data_access.ingest.masker import MASKED_COLUMNS, mask_personal_data

    sample = demo_frames[0].sample(1500, random_state=7)
    for raw, masked in MASKED_COLUMNS.items():
        for value, got in zip(sample[raw], sample[masked]):
            if isinstance(value, str):
                assert got == mask_personal_data(value, keep_houses=True), value
            else:
                assert got is None or got != got, value  # NULL stays NULL


def test_updated_is_not_earlier_than_a_return_for_rework(demo_frames):
    """A demo item's «обновлено» is at or after its return for rework (the card showed «Обновлено 28.11» under a
    «на доработке» event of 29.11)."""
    messages, events, _ = demo_frames
    last_event = events[events["status"] == "rework"].groupby("message_id")["event_at"].max()
    updated = messages.set_index("id")["updated_at"].reindex(last_event.index)
    early = last_event[updated < last_event]
    assert early.empty, f"{len(early)} items updated before their last event, e.g. {early.head(3).to_dict()}"
    assert len(last_event) > 10  # the case is there to be checked
