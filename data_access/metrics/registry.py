"""The metric registry: every measure the pages, the screen, Разрезы, the rating and the benchmarks show,
declared once (Superset's ``SqlMetric`` is the model).

A ``Metric`` carries its SQL (numerator, denominator or value), the date that puts an item into the period
(``basis``), how items without a deadline or without a registration date are treated, its Russian label, unit,
number format, method text (the «Методика» texts and tooltips are generated from it), direction and the profile
target it is compared with. The row-level definitions below (deadline in force, «в срок», open, overdue, the
registration fallback, overdue age buckets) are the only ones in the code; ``data_access.metrics.measures`` re-exports
them for old imports.

Comparisons («к предыдущему периоду», «к тому же периоду прошлого года») for any measure: ``compare_filters``
and ``period_columns``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from data_access.store import dialect as d
from data_access.metrics.arms import summed_arms
from data_access.metrics.filters import Filters, in_period
from data_access.store.schema import channels, messages as m, work_calendar

# --- row-level definitions ------------------------------------------------------------------------------------

deadline_in_force = sa.func.coalesce(m.c.extended_deadline_at, m.c.deadline_at)
has_deadline = deadline_in_force.is_not(None)
# The same «no deadline» as plain column conditions (DuckDB filters them in the scan; a PostgreSQL partial index
# on them matches): neither a deadline nor an extended one.
no_deadline_columns = (m.c.deadline_at.is_(None), m.c.extended_deadline_at.is_(None))
# ``has_deadline`` as plain column conditions: the predicate of PostgreSQL's partial index for the list's deadline sort
# (migration 0006). Only that sort says it this way: a query that says ``has_deadline`` cannot be proven to match the
# index, so the planner never walks every deadline for an «overdue» list ordered by deadline.
deadline_columns = sa.or_(m.c.deadline_at.is_not(None), m.c.extended_deadline_at.is_not(None))
# «От регистрации»: the registration date, or the receipt date when the source gives no registration date.
registered_from = sa.func.coalesce(m.c.registered_at, m.c.received_at)
# «В срок»: answered no later than the deadline in force. Items without a deadline are neither on time nor late.
answered_on_time = sa.and_(has_deadline, m.c.answered_at <= deadline_in_force)
answered_late = sa.and_(has_deadline, m.c.answered_at > deadline_in_force)
# Lateness of an answer: seconds from the deadline in force to the answer (negative: early; NULL without an
# answer or a deadline). Stored per row as ``messages.answer_late_s`` (data_access.store.derived).
answer_lateness = d.epoch_seconds(m.c.answered_at) - d.epoch_seconds(deadline_in_force)
# The first answer: the source's first (or interim) answer, else the answer itself.
first_answer = sa.func.coalesce(m.c.first_answer_at, m.c.answered_at)


def on_time_value(answered_at: datetime | None, deadline: datetime | None) -> bool | None:
    """``answered_on_time`` of one item in Python (the item card): None without an answer or without a deadline
    («без срока»: neither on time nor late)."""
    if answered_at is None or deadline is None:
        return None
    return answered_at <= deadline


# «Решено»: the store's date of resolution (``resolved_at``, the latest the source reports), unless the item was
# sent back for rework after it (status «на доработке»: its problem is not solved now). Resolution before the
# answer counts as it is: the time to resolution is not measured from the answer.
resolved = sa.and_(m.c.resolved_at.is_not(None), m.c.status != "rework")


def open_at(moment: datetime) -> sa.ColumnElement:
    """Received by ``moment`` and not yet answered at that moment."""
    return sa.and_(m.c.received_at <= moment, sa.or_(m.c.answered_at.is_(None), m.c.answered_at > moment))


def open_at_arms(moment: datetime) -> tuple[sa.ColumnElement, sa.ColumnElement]:
    """``open_at(moment)`` as two disjoint conditions, each one range of answered_at (never answered; answered
    after ``moment``), to be counted apart and added (see ``open_before_arms``). The second also as the range test
    of ``dialect.in_open_span``: on PostgreSQL a GiST index finds the few items open at a moment long ago."""
    received = m.c.received_at <= moment
    later = sa.and_(received, m.c.answered_at > moment,
                    d.in_open_span(m.c.received_at, m.c.answered_at, sa.literal(moment, m.c.received_at.type)))
    return sa.and_(received, m.c.answered_at.is_(None)), later


def open_before(moment: datetime) -> sa.ColumnElement:
    """In the backlog at ``moment`` taken as a day's end (a local midnight): received before it and not answered
    before it. An answer at exactly 00:00 belongs to the new day (its outflow), so the item still counts in the
    backlog of the day that ended; ``open_at`` differs only for items received or answered at that very instant."""
    return sa.and_(m.c.received_at < moment, sa.or_(m.c.answered_at.is_(None), m.c.answered_at >= moment))


def open_before_arms(moment: datetime) -> tuple[sa.ColumnElement, sa.ColumnElement]:
    """``open_before(moment)`` as two disjoint conditions, each one range of answered_at (never answered; answered
    at or after ``moment``): counted apart and added, each is read by its own index range or zone maps, where
    their OR reads every row received before ``moment``."""
    received = m.c.received_at < moment
    return sa.and_(received, m.c.answered_at.is_(None)), sa.and_(received, m.c.answered_at >= moment)


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


def _past_deadline(moment: datetime) -> tuple[sa.ColumnElement, sa.ColumnElement]:
    return has_deadline, deadline_in_force < moment


def overdue_at(moment: datetime) -> sa.ColumnElement:
    """Open at ``moment`` with its deadline in force already past (items without a deadline never are)."""
    return sa.and_(open_at(moment), *_past_deadline(moment))


def overdue_at_arms(moment: datetime) -> tuple[sa.ColumnElement, sa.ColumnElement]:
    """``overdue_at(moment)`` as two disjoint conditions by ``open_at_arms`` (never answered; answered after it),
    counted apart and added: each is one range of answered_at."""
    return tuple(sa.and_(rows, *_past_deadline(moment)) for rows in open_at_arms(moment))


def good_rating() -> sa.ColumnElement:
    return m.c.rating >= 4


# Rated by the citizen; sent back for rework at least once (also after an on-time answer).
rated = m.c.rating.is_not(None)
reworked = m.c.reopened_count > 0


def substantive(excluded_statuses: tuple[str, ...], max_reopened: int) -> sa.ColumnElement:
    """An answer on substance (the rating method's rule): its status is not one of ``excluded_statuses`` (rejected,
    forwarded...) and it was sent back for rework at most ``max_reopened`` times."""
    clauses = [m.c.reopened_count <= max_reopened]
    if excluded_statuses:
        clauses.append(m.c.status.not_in(excluded_statuses))
    return sa.and_(*clauses)


def answer_days() -> sa.ColumnElement:
    """Calendar days from registration (receipt, if no registration date) to the answer."""
    return d.days_between(registered_from, m.c.answered_at)


def answer_hours() -> sa.ColumnElement:
    """Hours from registration (receipt, if no registration date) to the answer."""
    return d.hours_between(registered_from, m.c.answered_at)


def answer_in_channel_unit(utc_offset_seconds: int, end: sa.ColumnElement | None = None
                           ) -> tuple[sa.ColumnElement, sa.FromClause]:
    """Time from registration (receipt, if none) to the answer (or to ``end``: the resolution) in the channel's
    unit, and the FROM it needs:
    working days — the difference of ``work_calendar.work_index`` of the two local days (the SQL side of
    ``WorkCalendar.working_days_between``: the registration day is not counted), calendar days — 24 h, hours
    (``work_hours`` channels too) — astronomical. NULL where a day is missing from ``work_calendar``."""
    # the local days of the registration and of the answer are stored per row (data_access.store.derived, at the store's
    # municipality offset): plain equi-joins; another end (the resolution) is computed
    end_day = m.c.answered_day if end is None else d.local_day(end, utc_offset_seconds)
    end = m.c.answered_at if end is None else end
    reg_day, ans_day = work_calendar.alias("reg_day"), work_calendar.alias("ans_day")
    value = sa.case(
        (channels.c.unit == "work_days", ans_day.c.work_index - reg_day.c.work_index),
        (channels.c.unit == "calendar_days", d.days_between(registered_from, end)),
        else_=d.hours_between(registered_from, end))
    joined = (m.join(channels, channels.c.id == m.c.channel_id)
              .outerjoin(reg_day, sa.and_(channels.c.unit == "work_days",
                                          reg_day.c.day_num == m.c.registered_day))
              .outerjoin(ans_day, sa.and_(channels.c.unit == "work_days", ans_day.c.day_num == end_day)))
    return value, joined


def work_days_between(source: sa.FromClause, from_day: sa.ColumnElement, to_day: sa.ColumnElement
                      ) -> tuple[sa.ColumnElement, sa.FromClause]:
    """Working days between two local day numbers of ``source`` (the first day not counted, as
    ``answer_in_channel_unit``): the difference of ``work_calendar.work_index``, and ``source`` joined to the
    calendar. NULL where a day is missing from ``work_calendar``."""
    a, b = work_calendar.alias("from_cal"), work_calendar.alias("to_cal")
    joined = source.outerjoin(a, a.c.day_num == from_day).outerjoin(b, b.c.day_num == to_day)
    return b.c.work_index - a.c.work_index, joined


def next_working_day_stmt(day_num: int) -> sa.Select:
    """The day number of the first working day after local day ``day_num`` (``work_calendar``; NULL without
    calendar rows)."""
    return sa.select(sa.func.min(work_calendar.c.day_num)).where(work_calendar.c.day_num > day_num,
                                                                 work_calendar.c.is_working)


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


def period_scans(keys: tuple[str, ...] | list[str], f: Filters, as_of: datetime,
                 offsets: tuple[str, ...] = ("previous",), *, clauses: tuple | list = (),
                 current_moment: datetime | None = None) -> sa.Select:
    """The columns of ``period_columns(keys, f, as_of, offsets)`` as one row, each period's measures of one basis
    aggregated over their own rows: the basis date in that period, for state measures (counts) the rows open at
    the moment (``open_at_arms``: unanswered and answered later counted apart), and ``clauses`` (the dimensions);
    the one-row aggregates summed (each part comes from one of them, a state count from two).

    The same figures as ``period_columns`` over every row, read faster: one range per scan lets DuckDB
    skip row groups by their zone maps (an OR of ranges over two columns reads every row group) and PostgreSQL
    use one index range, and a row is tested only against the filters of the measures it can add to, not those
    of all three periods (issue 17: the overview's headline at 10M rows)."""
    order, arms = [], []
    for offset in ("", *offsets):
        flt = f if offset == "" else compare_filters(f, offset)
        moment = (current_moment or as_of) if offset == "" else period_end_moment(flt, as_of)
        groups: dict[str, list] = {}
        for key in keys:
            metric = METRICS[key]
            if metric.basis == "state" and metric.value is not None:
                raise ValueError(f"{key}: a state measure's parts are counts here (its rows are read in two parts)")
            for part, expr in metric.parts(flt, moment).items():
                label = OFFSET_PREFIX[offset] + part
                groups.setdefault(metric.basis, []).append(expr.label(label))
                order.append(label)
        for basis, cols in groups.items():
            if basis != "state":
                arms.append((cols, (in_period(flt, METRICS_BASIS_COLUMNS[basis]), *clauses)))
                continue
            # open then (``open_at_arms``): never answered, or answered after it — each arm read by its own scan
            # (as one, a year-ago moment reads every row received by it), the counts added
            arms += [(cols, (rows, *clauses)) for rows in open_at_arms(moment)]
    # the arms are one UNION ALL summed per column (``metrics.arms``): PostgreSQL runs them side by side in its
    # parallel workers (cross-joined, it ran the one-row aggregates one after another)
    counted = {c.name for cols, _ in arms for c in cols if isinstance(c.type, sa.Integer)}
    sums = summed_arms([], tuple(n for n in order if n in counted), [({c.name: c for c in cols}, where)
                                                                     for cols, where in arms],
                       name="scans", values=tuple(n for n in order if n not in counted))
    return sa.select(*[sums.c[n] for n in order])


def compare_scope(f: Filters, offsets: tuple[str, ...] = ("previous",)) -> tuple[datetime, datetime]:
    """[start, end) covering the period and its comparison periods (a cheap pre-filter on a date column)."""
    starts = [f.bounds()[0]] + [compare_filters(f, o).bounds()[0] for o in offsets]
    return min(starts), f.bounds()[1]


# --- the registry -----------------------------------------------------------------------------------------------

FORMATS = ("int", "pct", "num1", "num2")  # how components.common.metric_text formats a value
METRICS_BASIS_COLUMNS = {"received": m.c.received_at, "answered": m.c.answered_at, "deadline": m.c.deadline_at,
                         "resolved": m.c.resolved_at}


@dataclass(frozen=True)
class Metric:
    """One measure.

    ``basis``: the date that puts an item into the period — ``received`` | ``answered`` | ``deadline`` (the
    original deadline) | ``resolved`` (the date of «решено») | ``state`` (a state at a moment: the period's end or
    «now», no period on a date).
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
        return METRICS_BASIS_COLUMNS.get(self.basis)

    def in_basis(self, f: Filters) -> sa.ColumnElement:
        column = self.basis_column()
        return sa.true() if column is None else in_period(f, column)

    def parts(self, f: Filters, moment: datetime, where: sa.ColumnElement | None = None
              ) -> dict[str, sa.ColumnElement]:
        """Aggregate SQL of the measure over ``f``'s period: ``{key: numerator}`` plus ``{key_base: denominator}``
        for shares and medians (the median's base counts the rows it is taken over). ``where``: a further row
        condition (e.g. the channels a target applies to), ANDed to the basis."""
        if self.computed_by:
            raise NotImplementedError(f"{self.key}: the SQL of this measure is {self.computed_by}")
        basis = self.in_basis(f) if where is None else sa.and_(self.in_basis(f), where)
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
           higher_is_better=True, target="first_answer_share", no_deadline="не входят",
           no_registration="считается от поступления"),
    Metric("resolution_time", "Время решения", "ед. норматива канала", "num1",
           f"Время {REGISTRATION_RULE} до решения проблемы («решено») по обращениям, решённым за период, в единицах "
           "норматива канала (рабочие дни, календарные дни или часы), медиана и 90-й перцентиль. Решение — "
           "последняя дата «решено» из источника; обращение, возвращённое после неё на доработку, не решено; "
           "решение раньше ответа считается как есть. Время решения — не время ответа.", "resolved",
           higher_is_better=False, no_registration="считается от поступления", computed_by="sla.resolution_time_stmt"),
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
