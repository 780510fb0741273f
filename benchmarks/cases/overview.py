from benchmarks.cases import BenchContext, Case
from data_access import overview


def cases(ctx: BenchContext) -> list[Case]:
    f = ctx.filters
    return [
        Case("overview.headline", lambda e: overview.headline(e, f, ctx.as_of),
             lambda: overview.headline_stmt(f, ctx.as_of)),
        Case("overview.weekly_volume_by_channel", lambda e: overview.weekly_volume_by_channel(e, f, ctx.offset),
             lambda: overview.weekly_volume_stmt(f, ctx.offset)),
        Case("overview.top_topics", lambda e: overview.top_topics(e, f, 10),
             lambda: overview.top_topics_stmt(f, 10)),
    ]
