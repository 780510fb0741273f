from functools import partial

from benchmarks.cases import BenchContext, Case
from data_access.queries.page_queries import PAGES, QueryArgs


def cases(ctx: BenchContext) -> list[Case]:
    """The page's declared queries (``data_access.queries.page_queries``), one case each."""
    args = QueryArgs(ctx.filters, ctx.as_of, ctx.offset)
    return [Case(q.name, partial(lambda q, e: q.run(e, args), q), partial(q.sql, args)) for q in PAGES["overview"]]
