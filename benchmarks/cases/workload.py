from functools import partial

from benchmarks.cases import BenchContext, Case
from data_access.queries import workload
from data_access.queries.page_queries import PAGES, QueryArgs, run_page


def cases(ctx: BenchContext) -> list[Case]:
    """«Загрузка блоков»: the page's declared queries by blocks, the same by executors, and the whole page."""
    args = QueryArgs(ctx.filters, ctx.as_of, ctx.offset)
    f, off = ctx.filters, ctx.offset
    out = [Case(q.name, partial(lambda q, e: q.run(e, args), q), partial(q.sql, args)) for q in PAGES["workload"]]
    out += [
        Case("workload.backlog_series (executors)", lambda e: workload.backlog_series(e, f, off, "executor"),
             lambda: workload.backlog_series_stmt(f, off, "executor")),
        Case("workload page: all three queries", lambda e: run_page(e, "workload", args)),
    ]
    return out
