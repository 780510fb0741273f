"""The items page: count, page 1, page 500 by keyset (cursor known), the seek to page 500 — for every sort over
the whole history — slices, the card.

Page 500 is measured twice: with its cursor remembered (what «next» does) and as a cold jump (a seek over
(sort key, id) only, then the keyset page). The list is over the whole history (2 years) so that page 500
exists, and over the default 30 days.
"""
from datetime import timedelta

from benchmarks.cases import BenchContext, Case
from data_access.queries import items
from data_access.queries import slices

SIZE = 50


def cases(ctx: BenchContext) -> list[Case]:
    everything = ctx.filters.with_(date_from=ctx.filters.date_from - timedelta(days=730))
    out = []
    for label, f, sort in (("all", everything, "received"), ("all", everything, "overdue"),
                           ("all", everything, "registered"), ("all", everything, "deadline"),
                           ("all", everything, "rating"), ("30d", ctx.filters, "received")):
        q = items.ItemQuery(f, ctx.as_of, sort=sort)
        name = f"items.{label}.{sort}"
        state = {}

        def cursor_500(q=q, state=state):
            return state.get("c")

        def prepare(e, q=q, state=state):
            state["c"] = items.seek_cursor(e, q, None, 499 * SIZE)
            return state["c"]
        if sort in ("received", "overdue"):  # the count does not depend on the order
            out.append(Case(f"{name}.count", lambda e, q=q: items.count_items(e, q), lambda q=q: items.count_stmt(q)))
        out += [
            Case(f"{name}.page_1", lambda e, q=q: items.items_page(e, q, None, SIZE),
                 lambda q=q: items.page_stmt(q, None, SIZE)),
            Case(f"{name}.seek_500", prepare, lambda q=q: items.seek_stmt(q, None, 499 * SIZE)),
            Case(f"{name}.page_500", lambda e, q=q, c=cursor_500: items.items_page(e, q, c(), SIZE),
                 lambda q=q, c=cursor_500: items.page_stmt(q, c(), SIZE)),
        ]
    search = items.ItemQuery(ctx.filters, ctx.as_of, search="подъезд")
    out.append(Case("items.30d.search.page_1", lambda e: items.items_page(e, search, None, SIZE),
                    lambda: items.page_stmt(search, None, SIZE)))
    out.append(Case("items.card", lambda e: (items.item_detail(e, 123_456, ctx.filters.scope),
                                             items.item_events(e, 123_456, ctx.filters.scope)),
                    lambda: items.events_stmt(123_456)))
    for row, col, measure in (("district", "month", "items"), ("executor", "week", "median_answer_days"),
                              ("topic", "channel", "on_time")):
        out.append(Case(f"slices.{row}x{col}.{measure}",
                        lambda e, r=row, c=col, m=measure: slices.slice_cells(e, ctx.filters, r, c, m, ctx.as_of,
                                                                              ctx.offset),
                        lambda r=row, c=col, m=measure: slices.slice_stmt(ctx.filters, r, c, m, ctx.as_of,
                                                                          ctx.offset)))
    return out
