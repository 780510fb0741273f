"""The metric registry: every measure the pages, the screen, Разрезы, the rating and the benchmarks show,
declared once (Superset's ``SqlMetric`` is the model).

A ``Metric`` carries its SQL (numerator, denominator or value), the date that puts an item into the period
(``basis``), how items without a deadline or without a registration date are treated, its Russian label, unit,
number format, method text (the «Методика» texts and tooltips are generated from it), direction and the profile
target it is compared with. The row-level definitions below (deadline in force, «в срок», open, overdue, the
registration fallback, overdue age buckets) are the only ones in the code; ``data_access.measures`` re-exports
them for old imports.

Comparisons («к предыдущему периоду», «к тому же периоду прошлого года») for any measure: ``compare_filters``
and ``period_columns``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from data_access import dialect as d
from data_access.filters import Filters, in_period
from data_access.schema import messages as m

# --- row-level definitions ------------------------------------------------------------------------------------

deadline_in_force = sa.func.coalesce(m.c.extended_deadline_at, m.c.deadline_at)
has_deadline = deadline_in_force.is_not(None)
# «От регистрации»: the registration date, or the receipt date when the source gives no registration date.
registered_from = sa.func.coalesce(m.c.registered_at, m.c.received_at)
# «В срок»: answered no later than the deadline in force. Items without a deadline are neither on time nor late.
answered_on_time = sa.and_(has_deadline, m.c.answered_at <= deadline_in_force)
answered_late = sa.and_(has_deadline, m.c.answered_at > deadline_in_force)
# The first answer: the source's first (or interim) answer, else the answer itself.
first_answer = sa.func.coalesce(m.c.first_answer_at, m.c.answered_at)


def open_at(moment: datetime) -> sa.ColumnElement:
    """Received by ``moment`` and not yet answered at that moment."""
    return sa.and_(m.c.received_at <= moment, sa.or_(m.c.answered_at.is_(None), m.c.answered_at > moment))


def open_before(moment: datetime) -> sa.ColumnElement:
    """In the backlog at ``moment`` taken as a day's end (a local midnight): received before it and not answered
    before it. An answer at exactly 00:00 belongs to the new day (its outflow), so the item still counts in the
    backlog of the day that ended; ``open_at`` differs only for items received or answered at that very instant."""
    return sa.and_(m.c.received_at < moment, sa.or_(m.c.answered_at.is_(None), m.c.answered_at >= moment))


# The instant an item leaves the backlog: its answer, or its receipt if the source dates the answer earlier (an
# error the import warns about). Daily outflow is counted by this instant, so backlog(day) = backlog(day before) +
# inflow(day) − outflow(day) holds exactly.
closed_at = sa.func.greatest(m.c.received_at, m.c.answered_at)


def backlog_age_days(moment: datetime) -> sa.ColumnElement:
    """Calendar days (24 h) an item of the backlog at ``moment`` has waited since its receipt."""
    return (moment.timestamp() - d.epoch_seconds(m.c.received_at)) / float(d.DAY_SECONDS)


# Backlog age at a moment: days since receipt, the lower bound exclusive except for the first bucket (as AGE_BUCKETS).
BACKLOG_AGE_BUCKETS: dict[str, tuple[float, float | None]] = {"0-3": (0, 3), "3-10": (3, 10), "10-30": (10, 30),
                                                             "30+": (30, None)}
BACKLOG_AGE_LABELS = {"0-3": "до 3 дней", "3-10": "3–10 дней", "10-30": "10–30 дней", "30+": "более 30 дней"}


def backlog_age_condition(key: str, moment: datetime) -> sa.ColumnElement:
    """Items of the backlog at ``moment`` whose age falls in bucket ``key`` (combine with ``open_before``)."""
    lo, hi = BACKLOG_AGE_BUCKETS[key]
    clauses = []
    if lo > 0:
        clauses.append(m.c.received_at < moment - timedelta(days=lo))
    if hi is not None:
        clauses.append(m.c.received_at >= moment - timedelta(days=hi))
    return sa.and_(*clauses) if clauses else sa.true()


def overdue_at(moment: datetime) -> sa.ColumnElement:
    """Open at ``moment`` with its deadline in force already past (items without a deadline never are)."""
    return sa.and_(open_at(moment), has_deadline, deadline_in_force < moment)


def good_rating() -> sa.ColumnElement:
    return m.c.rating >= 4


def answer_days() -> sa.ColumnElement:
    """Calendar days from registration (receipt, if no registration date) to the answer."""
    return d.days_between(registered_from, m.c.answered_at)


def answer_hours() -> sa.ColumnElement:
    """Hours from registration (receipt, if no registration date) to the answer."""
    return d.hours_between(registered_from, m.c.answered_at)


def term_used() -> sa.ColumnElement:
    """Share of the deadline in force spent from registration to the answer (1 = answered at the deadline)."""
    allowed = d.epoch_seconds(deadline_in_force) - d.epoch_seconds(registered_from)
    return (d.epoch_seconds(m.c.answered_at) - d.epoch_seconds(registered_from)) / sa.func.nullif(allowed, 0)


def period_end_moment(f: Filters, as_of: datetime) -> datetime:
    """The moment a state («просрочено», «в работе») of the period is taken at: its end for a closed period,
    ``as_of`` for the current one — so a closed period's figures do not change with the time of viewing."""
    return min(f.bounds()[1], as_of)


# Overdue age: days past the deadline in force. ≤ 1 day, 1–3, 3–7, > 7 (docs/domain). key -> (from, to) days,
# the lower bound exclusive except for the first bucket, None = open.
AGE_BUCKETS: dict[str, tuple[float, float | None]] = {"0-1": (0, 1), "1-3": (1, 3), "3-7": (3, 7), "7+": (7, None)}
AGE_LABELS = {"0-1": "до 1 дня", "1-3": "1–3 дня", "3-7": "3–7 дней", "7+": "более 7 дней"}
AGE_COLUMNS = {"0-1": "age_0_1", "1-3": "age_1_3", "3-7": "age_3_7", "7+": "age_7p"}


def age_condition(key: str, moment: datetime) -> sa.ColumnElement:
    """Overdue items of age bucket ``key`` at ``moment`` (to be combined with ``overdue_at(moment)``)."""
    lo, hi = AGE_BUCKETS[key]
    clauses = []
    if lo > 0:
        clauses.append(deadline_in_force < moment - timedelta(days=lo))
    if hi is not None:
        clauses.append(deadline_in_force >= moment - timedelta(days=hi))
    return sa.and_(*clauses) if clauses else sa.true()


# --- texts shared by every method -------------------------------------------------------------------------------

ON_TIME_RULE = ("ответ дан не позже действующего срока (продлённого, если срок продлевали); обращения без срока "
                "учитываются отдельно («без срока») и опозданием не считаются")
REGISTRATION_RULE = "от регистрации (если в источнике нет даты регистрации — от поступления)"
AT_PERIOD_END = "на конец периода (для текущего периода — на момент просмотра)"


# --- comparisons ------------------------------------------------------------------------------------------------

OFFSETS = {"previous": "к предыдущему периоду той же длины", "year": "к тому же периоду прошлого года"}
OFFSET_PREFIX = {"": "", "previous": "prev_", "year": "yoy_"}


def _year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def compare_filters(f: Filters, offset: str) -> Filters:
    """The filter of the comparison period: ``previous`` — the equal period just before; ``year`` — the same
    dates a year earlier."""
    if offset == "previous":
        return replace(f, date_from=f.date_from - timedelta(days=f.days), date_to=f.date_from - timedelta(days=1))
    if offset == "year":
        return replace(f, date_from=_year_back(f.date_from), date_to=_year_back(f.date_to))
    raise ValueError(f"offset must be one of {tuple(OFFSETS)}")


def period_columns(keys: tuple[str, ...] | list[str], f: Filters, as_of: datetime,
                   offsets: tuple[str, ...] = ("previous",), *, current_moment: datetime | None = None) -> list:
    """Labelled SQL columns ``<part>`` for the current period and ``prev_<part>`` / ``yoy_<part>`` for each
    comparison of ``offsets``, for the registry ``keys`` (parts: see ``Metric.parts``). State measures of the
    current period are taken at ``current_moment`` (default ``as_of``), of comparison periods at their end."""
    cols = []
    for offset in ("", *offsets):
        flt = f if offset == "" else compare_filters(f, offset)
        moment = (current_moment or as_of) if offset == "" else period_end_moment(flt, as_of)
        for key in keys:
            for part, expr in METRICS[key].parts(flt, moment).items():
                cols.append(expr.label(OFFSET_PREFIX[offset] + part))
    return cols


def compare_scope(f: Filters, offsets: tuple[str, ...] = ("previous",)) -> tuple[datetime, datetime]:
    """[start, end) covering the period and its comparison periods (a cheap pre-filter on a date column)."""
    starts = [f.bounds()[0]] + [compare_filters(f, o).bounds()[0] for o in offsets]
    return min(starts), f.bounds()[1]


# --- the registry -----------------------------------------------------------------------------------------------

FORMATS = ("int", "pct", "num1", "num2")  # how components.metric_text formats a value


@dataclass(frozen=True)
class Metric:
    """One measure.

    ``basis``: the date that puts an item into the period — ``received`` | ``answered`` | ``resolved`` |
    ``deadline`` (the original deadline) | ``state`` (a state at a moment: the period's end or «now», no period on a date).
    ``num`` / ``den``: row conditions (functions of the moment) counted among the items of the basis (``den``
    None: a count, not a share); ``value``: a per-row value whose median is the measure (``<key>_base`` then
    counts the rows with a value). ``no_deadline`` / ``no_registration``: the treatment of
    items without a deadline / a registration date, stated in the method.
    """

    key: str
    label: str
    unit: str
    fmt: str
    method: str
    basis: str
    num: Callable[[datetime], sa.ColumnElement] | None = None
    den: Callable[[datetime], sa.ColumnElement] | None = None
    value: Callable[[], sa.ColumnElement] | None = None
    higher_is_better: bool | None = None
    target: str | None = None  # key of profile.toml [targets]
    no_deadline: str = "не влияет"
    no_registration: str = "не влияет"
    agg: str = "median"  # how ``value`` is aggregated: median | mean
    computed_by: str = ""  # a measure in the channel's own unit: its SQL is that statement (working days by join)

    @property
    def is_share(self) -> bool:
        return self.den is not None and self.value is None

    def basis_column(self) -> sa.Column | None:
        """The date column that puts an item into the period (None for a state)."""
        return {"received": m.c.received_at, "answered": m.c.answered_at, "deadline": m.c.deadline_at,
                "resolved": m.c.resolved_at}.get(self.basis)

    def in_basis(self, f: Filters) -> sa.ColumnElement:
        column = self.basis_column()
        return sa.true() if column is None else in_period(f, column)

    def parts(self, f: Filters, moment: datetime) -> dict[str, sa.ColumnElement]:
        """Aggregate SQL of the measure over ``f``'s period: ``{key: numerator}`` plus ``{key_base: denominator}``
        for shares and medians (the median's base counts the rows it is taken over)."""
        if self.computed_by:
            raise NotImplementedError(f"{self.key}: the SQL of this measure is {self.computed_by}")
        basis = self.in_basis(f)
        if self.value is not None:
            value = self.value()
            shown = sa.case((basis, value))
            return {self.key: d.percentile(shown, 0.5) if self.agg == "median" else sa.func.avg(shown),
                    self.key + "_base": d.count_if(sa.and_(basis, value.is_not(None)))}
        out = {self.key: d.count_if(sa.and_(basis, self.num(moment)) if self.num else basis)}
        if self.den is not None:
            out[self.key + "_base"] = d.count_if(sa.and_(basis, self.den(moment)))
        return out

    def target_value(self, targets: dict) -> float | None:
        return None if self.target is None else targets.get(self.target)


_METRICS = (
    Metric("items", "Поступило", "обращений", "int",
           "Сообщения и обращения, поступившие за период (по дате поступления).", "received"),
    Metric("items_located", "Поступило с известным районом", "обращений", "int",
           "Обращения с известным районом, поступившие за период.", "received",
           num=lambda t: m.c.district_id.is_not(None)),
    Metric("answered", "Ответов", "ответов", "int", "Ответы, данные за период (по дате ответа).", "answered"),
    Metric("on_time", "Ответов в срок", "%", "pct",
           f"Доля ответов в срок среди ответов со сроком, данных за период: {ON_TIME_RULE}.", "answered",
           num=lambda t: answered_on_time, den=lambda t: has_deadline, higher_is_better=True,
           target="on_time_share", no_deadline="не входят ни в числитель, ни в знаменатель («без срока»)"),
    Metric("no_deadline", "Без срока", "ответов", "int",
           "Ответы за период по обращениям без срока (голосования и т. п.): не в срок и не с опозданием.",
           "answered", num=lambda t: sa.not_(has_deadline), no_deadline="считаются здесь"),
    Metric("late", "С опозданием", "ответов", "int",
           f"Ответы за период, данные позже действующего срока; {ON_TIME_RULE}.", "answered",
           num=lambda t: answered_late, higher_is_better=False, no_deadline="не считаются опозданием"),
    Metric("overdue", "Просрочено сейчас", "обращений", "int",
           "Обращения без ответа, действующий срок которых истёк на момент просмотра (за всё время, с учётом "
           "фильтров, кроме периода); обращения без срока просроченными не бывают.", "state",
           num=overdue_at, higher_is_better=False, no_deadline="никогда не просрочены"),
    Metric("open", "В работе", "обращений", "int", "Обращения, поступившие и ещё без ответа на момент.", "state",
           num=open_at),
    Metric("median_answer_days", "Медиана ответа, дней", "календ. дней", "num1",
           f"Медиана календарных дней {REGISTRATION_RULE} до ответа по ответам, данным за период. Время ответа — "
           "не время решения проблемы.", "answered", value=answer_days, higher_is_better=False,
           no_registration="считается от поступления"),
    Metric("mean_answer_pos", "Среднее время ответа ПОС", "раб. дней", "num1",
           f"Среднее время {REGISTRATION_RULE} до ответа по ответам ПОС, данным за период, в единицах норматива "
           "канала (рабочие дни); цель Минцифры — в среднем не более 8 дней.", "answered",
           higher_is_better=False, target="pos_mean_answer_days", no_registration="считается от поступления",
           agg="mean", computed_by="sla.answer_time_stmt"),
    Metric("median_answer_hours", "Медиана ответа, часов", "ч", "num1",
           f"Медиана часов {REGISTRATION_RULE} до ответа по ответам, данным за период.", "answered",
           value=answer_hours, higher_is_better=False, no_registration="считается от поступления"),
    Metric("median_term_used", "Израсходовано срока (медиана)", "доля срока", "pct",
           f"Медиана доли действующего срока, израсходованной {REGISTRATION_RULE} до ответа (100 % — ответ в "
           "последний момент срока); по ответам со сроком, данным за период.", "answered", value=term_used,
           higher_is_better=False, no_deadline="не входят", no_registration="считается от поступления"),
    Metric("rated_good", "Оценки 4–5", "%", "pct",
           "Доля оценок 4 и 5 среди оценённых ответов, данных за период.", "answered",
           num=lambda t: good_rating(), den=lambda t: m.c.rating.is_not(None), higher_is_better=True,
           target="satisfaction_share"),
    Metric("rated", "Оценено", "%", "pct", "Доля ответов за период, получивших оценку жителя.", "answered",
           num=lambda t: m.c.rating.is_not(None), den=lambda t: sa.true(), higher_is_better=True),
    Metric("reworked", "Возвращено на доработку", "%", "pct",
           "Доля ответов за период, возвращённых на доработку хотя бы раз (в том числе после ответа в срок).",
           "answered", num=lambda t: m.c.reopened_count > 0, den=lambda t: sa.true(), higher_is_better=False),
    Metric("first_answer", "Первый ответ в норматив", "%", "pct",
           f"Доля обращений, поступивших за период, с первым ответом не позже срока, среди тех, по которым первый "
           f"ответ уже дан или срок уже истёк (ещё ждущие ответа после срока — в знаменателе, как опоздавшие); "
           f"первый ответ — промежуточный или окончательный; часы — {REGISTRATION_RULE}.", "received",
           num=lambda t: sa.and_(first_answer <= t, has_deadline, first_answer <= deadline_in_force),
           den=lambda t: sa.and_(has_deadline, sa.or_(first_answer <= t, deadline_in_force < t)),
           higher_is_better=True, no_deadline="не входят", no_registration="считается от поступления"),
    Metric("extended", "Продлено сроков", "%", "pct",
           "Доля обращений с продлённым сроком среди обращений со сроком, исходный срок которых истёк за период "
           "(продлить можно только до истечения срока, поэтому считаются обращения, чей срок уже наступил).",
           "deadline", num=lambda t: m.c.extended_deadline_at.is_not(None), den=lambda t: sa.true(),
           no_deadline="не входят"),
    # --- workload of blocks («Загрузка блоков», seed 003 §2.4) ---
    Metric("resolved", "Решено", "обращений", "int",
           "Обращения, проблема по которым решена за период (по дате решения; «решено» — не то же, что «ответ дан»).",
           "resolved"),
    Metric("outflow", "Закрыто ответом", "обращений", "int",
           "Обращения, получившие ответ за период (по дате ответа; ответ, датированный источником раньше "
           "поступления, — в день поступления): то, что уходит из остатка.", "answered",
           computed_by="workload.backlog_series_stmt"),
    Metric("backlog", "Остаток на конец дня", "обращений", "int",
           "Обращения, поступившие до конца дня (местной полуночи) и ещё без ответа на этот момент; ответ ровно в "
           "00:00 — ответ следующего дня. Возвращённое на доработку остаётся в остатке до окончательного ответа. "
           "Остаток дня = остаток предыдущего дня + поступило − закрыто ответом.", "state",
           num=open_before, higher_is_better=False),
    Metric("backlog_median_age", "Медиана возраста остатка", "календ. дней", "num1",
           "Медиана календарных дней от поступления до конца периода (для текущего периода — до момента "
           "просмотра) по обращениям остатка.", "state", higher_is_better=False,
           computed_by="workload.backlog_age_stmt"),
    Metric("backlog_per_staff", "Остаток на сотрудника", "обращений на сотрудника", "num1",
           "Остаток на конец периода, делённый на число сотрудников блока из профиля (таблица [staff]); без "
           "численности в профиле не считается.", "state", higher_is_better=False,
           computed_by="workload.per_staff"),
    Metric("inflow_forecast", "Прогноз поступления", "обращений в неделю", "int",
           "Прогноз поступления на 4 недели вперёд: те же недели прошлых лет (52 и 104 недели назад), умноженные "
           "на отношение поступления последних 8 недель к тем же неделям тех лет; без истории за год — среднее "
           "последних 8 недель.", "received", computed_by="forecast.forecast_weekly"),
)
METRICS: dict[str, Metric] = {x.key: x for x in _METRICS}


def metric(key: str) -> Metric:
    return METRICS[key]
