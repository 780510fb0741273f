from benchmarks.cases import BenchContext, Case
from data_access.metrics import scores
from data_access.queries.page_queries import QueryArgs, run_page


def cases(ctx: BenchContext) -> list[Case]:
    f, off, now = ctx.filters, ctx.offset, ctx.as_of
    targets = tuple(sorted(ctx.profile.targets.items()))
    keys = tuple(scores.target_keys(ctx.profile.targets))
    return [
        Case("scores.target_scores (4 periods + 12 weeks)",
             lambda e: scores.target_scores(e, f, now, off, targets), lambda: scores.scores_stmt(f, now, off, keys)),
        Case("scores.target_scores_by (month)", lambda e: scores.target_scores_by(e, f, now, off, targets, "month"),
             lambda: scores.scores_by_stmt(f, now, off, keys, "month")),
        Case("scores.target_scores_by (quarter)",
             lambda e: scores.target_scores_by(e, f, now, off, targets, "quarter"),
             lambda: scores.scores_by_stmt(f, now, off, keys, "quarter")),
        Case("targets page: both queries", lambda e: run_page(e, "targets", QueryArgs(f, now, off, targets=targets))),
    ]
