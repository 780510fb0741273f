from benchmarks.cases import BenchContext, Case
from data_access.queries import rating
from data_access.metrics.rating_method import load_rating_method


def cases(ctx: BenchContext) -> list[Case]:
    f = ctx.filters
    method = load_rating_method(ctx.profile.folder)
    rule = (method.excluded_statuses, method.max_reopened)
    one = f.with_(executors=(2,))  # the executor card
    return [
        Case("rating.rating_table", lambda e: rating.rating_table(e, f, ctx.as_of, "executor", *rule),
             lambda: rating.rating_table_stmt(f, ctx.as_of, "executor", *rule)),
        Case("rating.rating_table (ПОС, by sector)",
             lambda e: rating.rating_table(e, f.with_(channels=(1,)), ctx.as_of, "sector", *rule),
             lambda: rating.rating_table_stmt(f.with_(channels=(1,)), ctx.as_of, "sector", *rule)),
        Case("rating.monthly_trend (card)", lambda e: rating.monthly_trend(e, one, 12, *rule),
             lambda: rating.monthly_trend_stmt(one, 12, *rule)),
        Case("rating.worst_topics (card)", lambda e: rating.worst_topics(e, one, ctx.as_of, 10),
             lambda: rating.worst_topics_stmt(one, ctx.as_of, 10)),
        Case("rating.overdue_items (card)", lambda e: rating.overdue_items(e, one, ctx.as_of, 50),
             lambda: rating.overdue_items_stmt(one, ctx.as_of, 50)),
    ]
