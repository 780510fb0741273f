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


FILTER_KEYS = (K.PERIOD, K.DATES, K.DISTRICT, K.SECTOR, K.TOPIC, K.CHANNEL, K.KIND, K.EXECUTOR, K.STATUS)
