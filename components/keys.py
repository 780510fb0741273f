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
    FILTERS = "_filters"      # the Filters value built by the filter bar on this run
    CONTEXT = "_page_context"
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


FILTER_KEYS = (K.PERIOD, K.DATES, K.DISTRICT, K.SECTOR, K.TOPIC, K.CHANNEL, K.KIND, K.EXECUTOR, K.STATUS)
