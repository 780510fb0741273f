from benchmarks.cases import BenchContext, Case
from data_access.queries import satisfaction as s


def cases(ctx: BenchContext) -> list[Case]:
    f = ctx.filters
    return [
        Case("satisfaction.summary", lambda e: s.summary(e, f), lambda: s.summary_stmt(f)),
        Case("satisfaction.weekly", lambda e: s.weekly(e, f, ctx.offset), lambda: s.weekly_stmt(f, ctx.offset)),
        Case("satisfaction.breakdown", lambda e: s.breakdown(e, f), lambda: s.breakdown_stmt(f)),
        Case("satisfaction.repeats_weekly", lambda e: s.repeats_weekly(e, f, ctx.offset, 30),
             lambda: s.repeats_weekly_stmt(f, ctx.offset, 30)),
        Case("satisfaction.repeat_places", lambda e: s.repeat_places(e, f, 30, 15),
             lambda: s.repeat_places_stmt(f, 30, 15)),
    ]
