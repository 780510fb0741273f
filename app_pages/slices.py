import streamlit as st

from components.common.drilldown import drill_url
from components.common.export import render_downloads
from components.items.slices import cell_drill, format_value, key_label, slice_table
from components.frame.keys import K
from components.frame.page import page_setup
from data_access.store.cached import page_query
from data_access.queries.slices import DIMENSIONS, MEASURES, slice_values

ctx = page_setup("Разрезы", "Настраиваемые статистические разрезы: строки × столбцы × показатель.")
f, ref = ctx.filters, ctx.ref

dims = list(DIMENSIONS)
left, middle, right = st.columns(3)
row = left.selectbox("Строки", dims, format_func=DIMENSIONS.get, key=K.SLICES_ROW, bind="query-params")
col = middle.selectbox("Столбцы", [d for d in dims if d != row], format_func=DIMENSIONS.get, key=K.SLICES_COL,
                       index=[d for d in dims if d != row].index("month" if row != "month" else "district"),
                       bind="query-params")
measure = right.selectbox("Показатель", list(MEASURES), format_func=lambda k: MEASURES[k].label,
                          key=K.SLICES_MEASURE, bind="query-params")
m = MEASURES[measure]

selected = ref.districts if not f.districts else ref.districts[ref.districts["id"].isin(f.districts)]
population = dict(zip(ref.districts["id"].astype(int), ref.districts["population"].astype(int)))
cells = page_query("slices", "slices.slice_cells", ctx.args(), row=row, col=col, measure=measure)
if cells.empty:
    st.info("За выбранный период с этими фильтрами данных для разреза нет. Расширьте период или снимите фильтры.")
    st.stop()
values = slice_values(cells, row, col, measure, population, int(selected["population"].sum()))
matrix, styler = slice_table(values, row, col, measure, ref)

st.subheader(f"{m.label} ({m.unit}): {DIMENSIONS[row].lower()} × {DIMENSIONS[col].lower()}")
st.caption(f"{m.method} «Итого» — по всем обращениям строки / столбца (не сумма медиан и долей). "
           "Цвет: чем краснее, тем хуже. Нажмите на ячейку, чтобы перейти к её обращениям.")
event = st.dataframe(styler, key=K.SLICES_TABLE, on_select="rerun", selection_mode="single-cell", width="stretch",
                     height=min(38 + 35 * len(matrix), 720))
if event.selection.cells:
    i, label = event.selection.cells[0]
    j = list(styler.data.columns).index(label)
    row_key, col_key = matrix.index[i], matrix.columns[j]
    target = cell_drill(f, row, col, measure, row_key, col_key)
    cell_name = f"{key_label(row, row_key, ref)} × {key_label(col, col_key, ref)}"
    if target is None:
        st.caption(f"Ячейку «{cell_name}» нельзя открыть списком: у неё нет значения, выразимого фильтром.")
    else:
        selection, extra = target
        url = drill_url(f, ref, ctx.as_of.date(), extra=extra, **selection)
        st.link_button(f"Обращения ячейки «{cell_name}»: {format_value(matrix.iat[i, j], measure)}", url,
                       icon=":material/list_alt:")

with st.expander("Выгрузка таблицы"):
    table = styler.data.copy()
    table.insert(0, DIMENSIONS[row], table.index)
    render_downloads(lambda: table.reset_index(drop=True), f"razrez_{row}_{col}_{measure}", K.SLICES_TABLE + "_x",
                     note="Значения без округления; доли — от 0 до 1.")
