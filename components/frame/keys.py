"""Widget and session keys: one place, never bare strings in pages. Filter keys are also URL parameters."""


class K:
    PERIOD = "period"
    DATES = "dates"
    DISTRICT = "district"
    SECTOR = "sector"
    TOPIC = "topic"
    CHANNEL = "channel"
    KIND = "kind"
    EXECUTOR = "executor"
    STATUS = "status"
    CONTEXT = "_page_context"
    # heat-map page: measure, hot-spot controls and matrix rows are URL parameters; the rest is session state
    HEATMAP_MEASURE = "hm_measure"
    HEATMAP_HEXES = "hm_hexes"
    HEATMAP_RESOLUTION = "hm_cell"
    HEATMAP_ROWS = "hm_rows"
    HEATMAP_MAP = "_hm_map"
    HEATMAP_MATRIX = "_hm_matrix"
    HEATMAP_HEX_MAP = "_hm_hex_map"   # hot spots drawn alone: a profile without district boundaries
    HEATMAP_SLICE = "_hm_slice"
    HEATMAP_GROWTH = "hm_growth"      # the comparison of «Растущие проблемы» and the growth measure (URL)
    # items page: search and order are URL parameters; ITEM (?item=<id>) opens the card of one item
    ITEM = "item"
    ITEMS_SEARCH = "items_q"
    ITEMS_SORT = "items_sort"
    ITEMS_REVERSE = "items_rev"
    ITEMS_PAGE = "_items_page"
    ITEMS_PAGER = "_items_pager"
    ITEMS_TABLE = "_items_table"
    ITEMS_EXPORT = "_items_export"
    # slices page: dimensions and measure are URL parameters
    SLICES_ROW = "sl_row"
    SLICES_COL = "sl_col"
    SLICES_MEASURE = "sl_measure"
    SLICES_TABLE = "_sl_table"
    # upload page (administration): session state only
    UPLOAD_SOURCE = "up_source"
    UPLOAD_FILE = "_up_file"
    UPLOAD_DRY_RUN = "_up_dry_run"
    UPLOAD_START = "_up_start"
    UPLOAD_RESULT = "_up_result"
    UPLOAD_REPORT = "_up_report"
    UPLOAD_REPORT_FULL = "_up_report_full"
    # rating page: scope and grouping are URL parameters
    RATING_SCOPE = "rt_scope"
    RATING_GROUP = "rt_group"
    RATING_TABLE = "_rt_table"
    RATING_UNRANKED = "_rt_unranked"
    RATING_EXPORT = "_rt_export"
    RATING_TREND = "_rt_trend"
    # satisfaction page
    SAT_DISTRIBUTION = "_sat_dist"
    SAT_WEEKLY = "_sat_weekly"
    SAT_REWORK = "_sat_rework"
    SAT_REPEATS = "_sat_repeats"
    # deadlines page («Сроки»): the grain of the on-time chart is a URL parameter
    SLA_GRAIN = "sla_grain"
    SLA_ON_TIME = "_sla_on_time"
    SLA_OVERDUE = "_sla_overdue"      # + dimension name: one chart per tab
    # target indicators («Целевые показатели»): grouping and period of the table are URL parameters
    TARGETS_GROUP = "tg_group"
    TARGETS_PERIOD = "tg_period"
    TARGETS_TREND = "_tg_trend"
    # weekly note («Аналитическая записка»): the scope is a URL parameter; the week and the PDF made are session state
    NOTE_WEEK = "note_week"
    NOTE_SCOPE = "note_scope"
    NOTE_SECTOR = "note_sector"
    NOTE_DISTRICT = "note_district"
    NOTE_PDF = "_note_pdf"
    NOTE_MAKE_PDF = "_note_make_pdf"
    # workload page («Загрузка блоков»): grouping and the group drawn are URL parameters
    WORKLOAD_BY = "wl_by"
    WORKLOAD_GROUP = "wl_group"
    WORKLOAD_FLOW = "_wl_flow"
    WORKLOAD_TABLE = "_wl_table"
    WORKLOAD_TREND = "_wl_trend"
    WORKLOAD_FORECAST = "_wl_forecast"
    # meeting screen (?mode=screen): session state only; its options come from plain URL parameters
    SCREEN_ROTATION = "_screen_rotation"
    SCREEN_DATA = "_screen_data"
    SCREEN_VIEWPORT = "screen_viewport"

