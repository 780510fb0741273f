from datetime import datetime, time, timedelta

from benchmarks.cases import BenchContext, Case
from data_access.queries import sla
from data_access.queries.page_queries import QueryArgs, run_page
from data_access.domain.workcalendar import WorkCalendar


def _horizon(ctx: BenchContext) -> datetime:
    """The due-soon bound the page computes from ``work_calendar`` (for the bare SQL of ``due_soon_stmt``)."""
    cal = WorkCalendar.for_profile(ctx.profile)
    day = ctx.today + timedelta(days=1)
    while not cal.is_working(day):
        day += timedelta(days=1)
    return datetime.combine(day + timedelta(days=1), time(0), ctx.profile.tz)


def _page(engine, f, ctx: BenchContext) -> None:
    """Everything the page asks for, in the order it asks (no cache): its declared query list."""
    run_page(engine, "sla", QueryArgs(f, ctx.as_of, ctx.offset))


def cases(ctx: BenchContext) -> list[Case]:
    f, off, now = ctx.filters, ctx.offset, ctx.as_of
    year = f.with_(date_from=ctx.today - timedelta(days=364))
    horizon = _horizon(ctx)
    return [
        Case("sla.on_time_by_period (week)", lambda e: sla.on_time_by_period(e, f, off, "week"),
             lambda: sla.on_time_stmt(f, off, "week")),
        Case("sla.on_time_by_period (12 months, month)", lambda e: sla.on_time_by_period(e, year, off, "month"),
             lambda: sla.on_time_stmt(year, off, "month")),
        Case("sla.overdue_now", lambda e: sla.overdue_now(e, f, now), lambda: sla.overdue_stmt(f, now)),
        Case("sla.due_soon", lambda e: sla.due_soon(e, f, now, off), lambda: sla.due_soon_stmt(f, now, horizon)),
        Case("sla.answer_time", lambda e: sla.answer_time(e, f, off), lambda: sla.answer_time_stmt(f, off)),
        Case("sla.answer_time (12 months)", lambda e: sla.answer_time(e, year, off),
             lambda: sla.answer_time_stmt(year, off)),
        Case("sla.extended_share", lambda e: sla.extended_share(e, f), lambda: sla.extended_stmt(f)),
        Case("sla.first_answer", lambda e: sla.first_answer(e, f, now), lambda: sla.first_answer_stmt(f, now)),
        Case("sla.resolution_time", lambda e: sla.resolution_time(e, f, off), lambda: sla.resolution_time_stmt(f, off)),
        Case("sla.resolution_time (12 months)", lambda e: sla.resolution_time(e, year, off),
             lambda: sla.resolution_time_stmt(year, off)),
        Case("sla page: all seven queries (30 days)", lambda e: _page(e, f, ctx)),
        Case("sla page: all seven queries (12 months)", lambda e: _page(e, year, ctx)),
    ]
