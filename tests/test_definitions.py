"""Hand-checked definitions of the modules under mutation testing (docs/testing.md): the filter model, the rating
method file, deadline rules, the production calendar and the registry's small helpers. Pure and fast: no store."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from data_access.metrics import registry as metrics
from data_access.domain.deadlines import DeadlineRule, DeadlineRules, load_rules, rules_from_channels
from data_access.metrics.filters import NO_DISTRICT, Filters, dimension_clauses, where
from data_access.metrics.rating_method import RatingMethod, Scope, load_rating_method
from data_access.store.schema import messages
from data_access.domain.workcalendar import WorkCalendar

TZ = "Asia/Krasnoyarsk"
KRS = ZoneInfo(TZ)


def sql(clause) -> str:
    return str(clause.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))


# --- the filter model ----------------------------------------------------------------------------------------------

def test_dimension_clauses_by_hand():
    assert dimension_clauses(Filters(date(2026, 1, 1), date(2026, 1, 31))) == []
    f = Filters(date(2026, 1, 1), date(2026, 1, 31), districts=(2, 5), sectors=(1,), topics=(3, 4), channels=(1,),
                kinds=("appeal",), executors=(7,), statuses=("answered", "resolved"))
    got = [sql(c) for c in dimension_clauses(f)]
    assert got == ["messages.district_id IN (2, 5)", "messages.sector_id = 1", "messages.topic_id IN (3, 4)",
                   "messages.channel_id = 1", "messages.kind = 'appeal'", "messages.executor_id = 7",
                   "messages.status IN ('answered', 'resolved')"]


def test_no_district_selection_by_hand():
    only = sql(dimension_clauses(Filters(date(2026, 1, 1), date(2026, 1, 1), districts=(NO_DISTRICT,)))[0])
    assert only == "messages.district_id IS NULL"  # (no known district: false OR … IS NULL)
    both = sql(dimension_clauses(Filters(date(2026, 1, 1), date(2026, 1, 1), districts=(NO_DISTRICT, 3)))[0])
    assert both == "messages.district_id = 3 OR messages.district_id IS NULL"


def test_where_applies_the_period_to_the_chosen_column():
    f = Filters(date(2026, 11, 1), date(2026, 11, 1), channels=(2,), tz=TZ)
    text = sql(where(f))
    assert text == ("messages.received_at >= '2026-11-01 00:00:00+07:00' AND messages.received_at < "
                    "'2026-11-02 00:00:00+07:00' AND messages.channel_id = 2")
    assert "messages.answered_at >= '2026-11-01 00:00:00+07:00'" in sql(where(f, column=messages.c.answered_at))


def test_selections_and_with():
    f = Filters(date(2026, 1, 1), date(2026, 1, 31), districts=(1,), tz=TZ)
    assert f.selections() == {"districts": (1,), "sectors": (), "topics": (), "channels": (), "kinds": (),
                              "executors": (), "statuses": ()}
    g = f.with_(topics=[4, 5], sectors={2}, date_to=date(2026, 1, 10))
    assert g.topics == (4, 5) and g.sectors == (2,) and g.date_to == date(2026, 1, 10) and g.districts == (1,)
    assert f.with_(tz="UTC").tz == "UTC"


# --- the registry's helpers ----------------------------------------------------------------------------------------

def test_targets_and_scope():
    assert metrics.METRICS["on_time"].target_value({"on_time_share": 0.9}) == 0.9
    assert metrics.METRICS["on_time"].target_value({}) is None
    assert metrics.METRICS["items"].target_value({"on_time_share": 0.9}) is None
    f = Filters(date(2026, 3, 1), date(2026, 3, 31), tz=TZ)
    assert metrics.compare_scope(f, ()) == f.bounds()
    assert metrics.compare_scope(f, ("year",))[0] == datetime(2025, 3, 1, tzinfo=KRS)


def test_age_condition_of_every_bucket():
    now = datetime(2026, 11, 10, 12, tzinfo=KRS)
    due = "coalesce(messages.extended_deadline_at, messages.deadline_at)"
    assert sql(metrics.age_condition("0-1", now)) == f"{due} >= '2026-11-09 12:00:00+07:00'"
    assert sql(metrics.age_condition("1-3", now)) == (f"{due} < '2026-11-09 12:00:00+07:00' AND "
                                                      f"{due} >= '2026-11-07 12:00:00+07:00'")
    assert sql(metrics.age_condition("3-7", now)) == (f"{due} < '2026-11-07 12:00:00+07:00' AND "
                                                      f"{due} >= '2026-11-03 12:00:00+07:00'")
    assert sql(metrics.age_condition("7+", now)) == f"{due} < '2026-11-03 12:00:00+07:00'"


def test_parts_of_a_share_a_count_and_a_median():
    f = Filters(date(2026, 11, 1), date(2026, 11, 7), tz=TZ)
    now = datetime(2026, 11, 10, 12, tzinfo=KRS)
    on_time = {k: sql(v) for k, v in metrics.METRICS["on_time"].parts(f, now).items()}
    assert list(on_time) == ["on_time", "on_time_base"]
    assert "messages.answered_at <= coalesce" in on_time["on_time"] and "IS NOT NULL" in on_time["on_time"]
    assert "messages.answered_at <=" not in on_time["on_time_base"]
    items = metrics.METRICS["items"].parts(f, now)
    assert list(items) == ["items"]
    median = {k: sql(v) for k, v in metrics.METRICS["median_answer_days"].parts(f, now).items()}
    assert "percentile_cont(0.5)" in median["median_answer_days"]
    assert "coalesce(messages.registered_at, messages.received_at)" in median["median_answer_days"]
    assert median["median_answer_days_base"].startswith("count(*) FILTER")
    overdue = sql(metrics.METRICS["overdue"].parts(f, now)["overdue"])
    assert "'2026-11-10 12:00:00+07:00'" in overdue and "received_at" in overdue


def test_term_used_and_answer_times_count_from_registration_or_receipt():
    assert sql(metrics.term_used()).count("coalesce(messages.registered_at, messages.received_at)") == 2
    assert "coalesce(messages.registered_at, messages.received_at)" in sql(metrics.answer_hours())
    assert "CAST(3600.0 AS FLOAT)" in sql(metrics.answer_hours())
    assert "CAST(86400.0 AS FLOAT)" in sql(metrics.answer_days())


# --- the rating method file ----------------------------------------------------------------------------------------

def test_every_rating_setting_is_read(tmp_path):
    (tmp_path / "rating.toml").write_text("""
[rating]
min_items = 4
min_ratings = 3
[rating.weights]
on_time = 0.5
speed = 0.0
[rating.zones]
green = 85.5
yellow = 60
[rating.completeness]
excluded_statuses = ["rejected"]
max_reopened = 2
[[rating.scopes]]
code = "im"
title = "ИМ"
channels = ["im", "gospabliki"]
[[rating.scopes]]
code = "all"
title = "Все"
[satisfaction]
min_ratings = 12
confidence = 0.9
repeat_days = 14
""", encoding="utf-8")
    got = load_rating_method(tmp_path)
    assert got == RatingMethod(
        weights=(("on_time", 0.5), ("completeness", 0.2), ("satisfaction", 0.2), ("speed", 0.0), ("rework", 0.1),
                 ("overdue", 0.1)),
        min_items=4, min_ratings=3, green_from=85.5, yellow_from=60.0, excluded_statuses=("rejected",),
        max_reopened=2, scopes=(Scope("im", "ИМ", ("im", "gospabliki")), Scope("all", "Все", ())),
        sat_min_ratings=12, sat_confidence=0.9, repeat_days=14)
    assert isinstance(got.min_items, int) and isinstance(got.green_from, float)


def test_an_empty_rating_file_gives_the_defaults(tmp_path):
    (tmp_path / "rating.toml").write_text("", encoding="utf-8")
    assert load_rating_method(tmp_path) == RatingMethod()


# --- deadline rules ------------------------------------------------------------------------------------------------

def test_rules_from_channels_by_hand(profile):
    got = rules_from_channels(profile)
    assert got.source == "profile.toml"
    assert got.rules[0] == DeadlineRule("pos", "*", None, "work_days", 10.0, 0.0, "ПОС (Госуслуги): норматив профиля")
    assert [r.channel for r in got.rules] == ["pos", "fz59", "im", "gospabliki", "regional"]
    assert got.for_channel("fz59") == (got.rules[1],) and got.for_channel("nope") == ()


def test_rule_descriptions():
    assert DeadlineRule("pos", "*", None, "work_days", 10, 0).describe() == "10 раб. дн."
    assert DeadlineRule("fz59", "*", None, "calendar_days", 30, 30).describe() == "30 дн., продление до 30 дн."
    assert DeadlineRule("im", "*", None, "hours", 8, 0).describe() == "8 ч"
    assert DeadlineRule("x", "*", None, "none", 0, 0).describe() == "без срока"


def test_the_profile_rule_file_is_the_source(profile):
    rules = load_rules(profile)
    assert rules.source == "deadline_rules.csv"
    assert rules.find("pos", "appeal").unit == "calendar_days" and rules.find("pos", "appeal").extension_max == 30
    assert rules.find("pos", "message").term == 10 and rules.find("nope", "message") is None
    assert DeadlineRules(()).find("pos", "message") is None


# --- the production calendar ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cal(profile):
    return WorkCalendar.for_profile(profile)


def test_working_days_between_in_a_month_without_holidays(cal):
    # April 2025: Tue 8 – Fri 11 (4), Mon 14 – Fri 18 (5), Mon 21 (1)
    assert cal.working_days_between(date(2025, 4, 7), date(2025, 4, 21)) == 10
    assert cal.working_days_between(date(2025, 4, 21), date(2025, 4, 7)) == -10
    assert cal.working_days_between(date(2025, 4, 12), date(2025, 4, 13)) == 0  # a weekend
    assert cal.working_days_between(date(2025, 4, 11), date(2025, 4, 11)) == 0


def test_working_hours_over_a_weekend(cal):
    assert (cal.day_start, cal.day_end) == (time(9), time(18))
    friday = datetime(2025, 4, 11, 17, 0, tzinfo=KRS)
    assert cal.add_working_hours(friday, 3) == datetime(2025, 4, 14, 11, 0, tzinfo=KRS)
    assert cal.add_working_hours(friday, 1) == datetime(2025, 4, 11, 18, 0, tzinfo=KRS)
    early = datetime(2025, 4, 14, 6, 30, tzinfo=KRS)  # before opening: counts from 9:00
    assert cal.add_working_hours(early, 0.5) == datetime(2025, 4, 14, 9, 30, tzinfo=KRS)
    assert cal.deadline(friday, "hours", 8) == datetime(2025, 4, 12, 1, 0, tzinfo=KRS)
    # 10 working hours: Friday 17–18 (1) and Monday 9–18 (9) -> Monday 18:00; 11 -> Tuesday 10:00
    assert cal.deadline(friday, "work_hours", 10) == datetime(2025, 4, 14, 18, 0, tzinfo=KRS)
    assert cal.deadline(friday, "work_hours", 11) == datetime(2025, 4, 15, 10, 0, tzinfo=KRS)
    with pytest.raises(ValueError):
        cal.deadline(friday, "weeks", 1)


def test_calendar_rows_by_hand(cal):
    rows = cal.rows(date(2025, 4, 11), date(2025, 4, 14))
    assert [(r["local_date"], r["is_working"], r["work_index"]) for r in rows] == [
        (date(2025, 4, 11), True, 1), (date(2025, 4, 12), False, 1), (date(2025, 4, 13), False, 1),
        (date(2025, 4, 14), True, 2)]
    assert rows[0]["day_num"] == (date(2025, 4, 11) - date(1970, 1, 1)).days


def test_calendar_settings_come_from_the_profile(profile):
    cal = WorkCalendar.for_profile(profile)
    assert cal.tz == profile.tz and cal.country == profile.holiday_country
    assert sa is not None  # (SQLAlchemy imported for the compiled-SQL checks above)


def test_mean_answer_of_pos_is_declared_with_its_target():
    x = metrics.METRICS["mean_answer_pos"]
    assert x.target == "pos_mean_answer_days" and x.higher_is_better is False and x.agg == "mean"
    with pytest.raises(NotImplementedError, match="sla.answer_time_stmt"):
        x.parts(Filters(date(2026, 1, 1), date(2026, 1, 31)), datetime(2026, 2, 1, tzinfo=KRS))


def test_channel_norm_is_the_rule_of_the_channel_and_kind(profile):
    from data_access.domain.deadlines import channel_norm

    rules = load_rules(profile)
    assert channel_norm(rules, "pos", "message").unit == "work_days"
    assert channel_norm(rules, "pos", "appeal").unit == "calendar_days"
    assert channel_norm(rules, "fz59", "appeal").term == 30 and channel_norm(rules, "nope", "message") is None
    topic_rules = DeadlineRules((DeadlineRule("pos", "*", None, "work_days", 10, 0),
                                 DeadlineRule("pos", "*", "Отопление", "work_days", 5, 0)))
    assert channel_norm(topic_rules, "pos", "message").term == 10  # a topic rule is not the channel's norm


# --- rating arithmetic the other tests leave open --------------------------------------------------------------------

def test_on_time_share_is_over_answers_with_a_deadline_and_prev_index_only_when_ranked():
    import math

    import pandas as pd

    from data_access.metrics.rating_method import add_measures, rank_change_text, rating, wilson_interval

    df = pd.DataFrame({"key": [1, 2], "items": [12, 12], "answered": [10, 10], "on_time": [8, 8],
                       "on_time_base": [8, 10], "substantive": [10, 10], "rated": [0, 0], "rated_good": [0, 0],
                       "reworked": [0, 0], "open_now": [0, 0], "overdue_now": [0, 0],
                       "median_answer_hours": [math.nan] * 2, "median_term_used": [math.nan] * 2,
                       "prev_items": [12, 3], "prev_answered": [10, 2], "prev_on_time": [5, 2],
                       "prev_on_time_base": [8, 2], "prev_substantive": [0, 0], "prev_rated": [0, 0],
                       "prev_rated_good": [0, 0], "prev_reworked": [0, 0], "prev_open_now": [0, 0],
                       "prev_overdue_now": [0, 0], "prev_median_answer_hours": [math.nan] * 2,
                       "prev_median_term_used": [math.nan] * 2})
    shares = add_measures(df)
    assert shares["on_time_share"].tolist() == [1.0, 0.8]  # 8 of 8 with a deadline; 8 of 10
    only_on_time = RatingMethod(weights=(("on_time", 1.0), ("completeness", 0.0), ("satisfaction", 0.0),
                                         ("speed", 0.0), ("rework", 0.0), ("overdue", 0.0)), min_items=10)
    out = rating(df, only_on_time).set_index("key")
    # previous: 5 on time of 8 with a deadline (10 answers) -> 62.5; key 2 had 3 items: not ranked
    assert out.loc[1, "prev_index"] == pytest.approx(62.5) and math.isnan(out.loc[2, "prev_index"])
    assert int(out.loc[1, "rank"]) == 1 and int(out.loc[2, "rank"]) == 2  # 100 (8 of 8) before 80 (8 of 10)
    assert rank_change_text(1, 2) == "▲ 1" and rank_change_text(-1, 1) == "▼ 1" and rank_change_text(pd.NA, 3) == "—"
    low, high = wilson_interval(1, 1)
    assert 0.2 < float(low) < 0.21 and float(high) == pytest.approx(1.0)  # 1 of 1 at 95 %: (0.2065, 1)


def test_working_hours_from_closing_time_and_from_another_zone(cal):
    closing = datetime(2025, 4, 14, 18, 0, tzinfo=KRS)
    assert cal.add_working_hours(closing, 1) == datetime(2025, 4, 15, 10, 0, tzinfo=KRS)
    utc = datetime(2025, 4, 14, 2, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 in Krasnoyarsk
    assert cal.add_working_hours(utc, 2) == datetime(2025, 4, 14, 11, 0, tzinfo=KRS)
    midnight_friday = datetime(2025, 4, 11, 23, 30, tzinfo=KRS)
    assert cal.add_working_hours(midnight_friday, 0.5) == datetime(2025, 4, 14, 9, 30, tzinfo=KRS)


def test_where_on_another_table_alias():
    alias = messages.alias("x")
    text = sql(where(Filters(date(2026, 1, 1), date(2026, 1, 1), channels=(3,)), alias))
    assert "x.channel_id = 3" in text and "x.received_at >=" in text and "messages." not in text


def test_component_scores_at_their_edges():
    import math

    import pandas as pd

    from data_access.metrics.rating_method import component_scores

    df = pd.DataFrame({"key": [1, 2, 3], "items": [10] * 3, "answered": [1, 0, 4], "on_time": [1, 0, 3],
                       "substantive": [1, 0, 4], "rated": [0] * 3, "rated_good": [0] * 3, "reworked": [0, 0, 1],
                       "open_now": [1, 0, 2], "overdue_now": [1, 0, 1],
                       "median_term_used": [-0.5, 1.5, 0.25]})
    s = component_scores(df, RatingMethod())
    assert s["s_on_time"].tolist()[0] == 1.0 and math.isnan(s["s_on_time"].tolist()[1])  # 1 of 1; no answers
    assert s["s_speed"].tolist() == [1.0, 0.0, 0.75]       # clipped to 0..1
    assert s["s_overdue"].tolist() == [0.0, 1.0, 0.5]      # 1 of 1 open overdue; nothing open; 1 of 2
    assert s["s_rework"].tolist()[2] == 0.75 and list(s.index) == [0, 1, 2]


def test_open_overdue_and_term_used_sql_by_hand():
    now = datetime(2026, 11, 10, 12, tzinfo=KRS)
    t = "'2026-11-10 12:00:00+07:00'"
    assert sql(metrics.open_at(now)) == (f"messages.received_at <= {t} AND (messages.answered_at IS NULL OR "
                                         f"messages.answered_at > {t})")
    due = "coalesce(messages.extended_deadline_at, messages.deadline_at)"
    assert sql(metrics.overdue_at(now)).endswith(f"{due} IS NOT NULL AND {due} < {t}")
    reg = "date_part('epoch', coalesce(messages.registered_at, messages.received_at))"
    assert sql(metrics.term_used()) == (f"(date_part('epoch', messages.answered_at) - {reg}) / "
                                        f"CAST(nullif(date_part('epoch', {due}) - {reg}, 0) AS NUMERIC)")


def test_a_mean_measure_and_the_error_texts():
    mean = metrics.Metric("x", "Среднее", "дн.", "num1", "Тест.", "answered", value=metrics.answer_days, agg="mean")
    parts = {k: sql(v) for k, v in mean.parts(Filters(date(2026, 1, 1), date(2026, 1, 2)), datetime.now(KRS)).items()}
    assert parts["x"].startswith("avg(CASE WHEN") and "coalesce(messages.registered_at" in parts["x"]
    assert parts["x_base"].endswith("IS NOT NULL)")
    with pytest.raises(ValueError, match="date_to is before date_from"):
        Filters(date(2026, 1, 2), date(2026, 1, 1))
    with pytest.raises(ValueError, match=r"offset must be one of \('previous', 'year'\)"):
        metrics.compare_filters(Filters(date(2026, 1, 1), date(2026, 1, 1)), "week")
