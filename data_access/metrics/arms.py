"""Counts per key added over arms: disjoint-by-purpose row sets, each read by its own range.

A page's counts come from several bases (receipts of a period, its answers, the items open at a moment). As one
aggregate over the OR of their ranges, PostgreSQL reads every row of the OR through a bitmap of the heap and
DuckDB every row group; as one aggregate per arm, each arm is one index range (index-only with the covering
indexes of migration 0006) or one zone-map range, its counts are evaluated only on its own rows, and PostgreSQL
aggregates it in parallel workers. The arms' counts are then summed per key (issue 17: the heat map and the rating
at 10M rows).
"""
from __future__ import annotations

import sqlalchemy as sa

Arm = tuple[dict[str, sa.ColumnElement], tuple]  # (field -> count expression, WHERE clauses)


def summed_arms(keys: list[sa.ColumnElement], fields: tuple[str, ...], arms: list[Arm],
                name: str = "counts", values: tuple[str, ...] = ()) -> sa.Subquery:
    """Per combination of ``keys`` (columns of one table), each of ``fields`` summed over ``arms`` (a field an arm
    does not count is 0 there), and each of ``values`` (a figure such as a median that exactly one arm computes per
    key; NULL in the others) taken from that arm. A key appears only if some arm has a row for it. All the arms
    are one UNION ALL, so PostgreSQL can run them side by side in its parallel workers (a median too: it cannot
    be split across workers, but its arm can run in one)."""
    zero = sa.cast(sa.literal(0), sa.BigInteger)
    none = sa.cast(sa.null(), sa.Double)
    selects = [sa.select(*keys, *[counts.get(k, zero).label(k) for k in fields],
                         *[counts.get(k, none).label(k) for k in values]).where(*where).group_by(*keys)
               for counts, where in arms]
    u = sa.union_all(*selects).subquery(name + "_arms")
    return (sa.select(*[u.c[k.name] for k in keys],
                      *[sa.cast(sa.func.sum(u.c[k]), sa.BigInteger).label(k) for k in fields],
                      *[sa.func.max(u.c[k]).label(k) for k in values])
            .group_by(*[u.c[k.name] for k in keys]).subquery(name))
