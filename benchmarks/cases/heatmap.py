from benchmarks.cases import BenchContext, Case
from data_access.queries import heatmap as hm
from data_access.queries.growth import rank_comparison, rank_growth


def cases(ctx: BenchContext) -> list[Case]:
    f, as_of = ctx.filters, ctx.as_of
    one = f.with_(districts=(3,), topics=(2,))  # the drill-down panel of one (district, topic) slice
    return [
        Case("heatmap.district_figures", lambda e: hm.district_figures(e, f, as_of),
             lambda: hm.district_figures_stmt(f, as_of)),
        Case("heatmap.territory_cube (topics)", lambda e: hm.territory_cube(e, f, as_of, "topic"),
             lambda: hm.territory_cube_stmt(f, as_of, "topic")),
        Case("heatmap.territory_cube (sectors)", lambda e: hm.territory_cube(e, f, as_of, "sector"),
             lambda: hm.territory_cube_stmt(f, as_of, "sector")),
        Case("heatmap.rank_growth (cube + test)", lambda e: rank_growth(hm.territory_cube(e, f, as_of, "topic"))),
        Case("heatmap.growth_cube (four periods)", lambda e: hm.growth_cube(e, f), lambda: hm.growth_cube_stmt(f)),
        Case("heatmap.rank_comparison (seasonal: cube + test)",
             lambda e: rank_comparison(hm.growth_cube(e, f), "seasonal")),
        Case("heatmap.hot_cells (res 8)", lambda e: hm.hot_cells(e, f, 8, 400), lambda: hm.hot_cells_stmt(f, 8, 400)),
        Case("heatmap.hot_cells (res 9)", lambda e: hm.hot_cells(e, f, 9, 400), lambda: hm.hot_cells_stmt(f, 9, 400)),
        Case("heatmap.weekly_items (slice)", lambda e: hm.weekly_items(e, one, ctx.offset),
             lambda: hm.weekly_items_stmt(one, ctx.offset)),
        Case("heatmap.slice_items (slice, 20)", lambda e: hm.slice_items(e, one, 20),
             lambda: hm.slice_items_stmt(one, 20)),
    ]
