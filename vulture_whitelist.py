"""vulture's false positives: names used where vulture cannot see, each with the reason (``[tool.vulture]`` in
pyproject.toml; ``tests/test_architecture.py`` runs vulture and fails on anything else unused).

vulture reads this file as code: a name written here counts as used. It is never imported.
"""
# ruff: noqa: B018, F821
# Attributes set on openpyxl objects (read by openpyxl when it writes the workbook).
_.freeze_panes  # components/common/export.py
_.font  # components/common/export.py, components/screen/style.py (a CSS font shorthand)

# Arguments that exist to be part of a cache key (Streamlit's cache_data, functools.lru_cache).
version  # data_access/store/cached.py: _version/_reference/_run are cached per data version
mtime_ns  # data_access/store/config.py: a secrets file is checked once per version of it

# SQLAlchemy: @compiles hooks are called by the compiler, inherit_cache is read by it.
inherit_cache  # data_access/store/dialect.py
_epoch_duckdb  # data_access/store/dialect.py
_epoch_default  # data_access/store/dialect.py
_mode_duckdb  # data_access/store/dialect.py
_mode_default  # data_access/store/dialect.py
_open_span_pg  # data_access/store/dialect.py
_open_span_default  # data_access/store/dialect.py

# Alembic reads these module variables of a migration and the implementation class of a dialect.
down_revision  # migrations/versions/*.py
branch_labels  # migrations/versions/*.py
depends_on  # migrations/versions/*.py
DuckDBImpl  # migrations/env.py: registers DuckDB with Alembic
transactional_ddl  # migrations/env.py

# Declarations read by tests and docs: the registry states the treatment of items without a registration date.
no_registration  # data_access/metrics/registry.py (Metric field; tests/test_definitions.py, docs)
file_format  # data_access/ingest/read.py: RawTable's «XLSX» | «CSV», set by both readers (shown in tests)

# Small public API whose only callers are the tests that pin its behaviour (kept: the tests check a rule the
# pages rely on through another path, e.g. ``Scope.allows`` is the per-row twin of ``scope_clauses``).
method_lines  # components/common/metric_text.py: «Методика» lines from the registry (tests/test_metrics.py)
for_channel  # data_access/domain/deadlines.py (tests/test_definitions.py)
from_source  # data_access/domain/deadlines.py: DeadlineCheck field (tests/test_deadlines.py)
flagged  # data_access/domain/deadlines.py: DeadlineCheck property (tests/test_deadlines.py)
check_frame  # data_access/domain/deadlines.py: the extension checks over a frame (tests/test_deadlines.py)
selections  # data_access/metrics/filters.py (tests/test_scope.py, tests/test_definitions.py)
to_params  # data_access/queries/items.py: Drill -> URL parameters, the twin of from_params (tests/test_items.py)
compare_scope  # data_access/metrics/registry.py (tests/test_metrics.py, tests/test_definitions.py)
allows  # data_access/store/scope.py: the per-row twin of scope_clauses (tests/test_roles.py)
OPEN_STATUSES  # data_access/store/vocabulary.py (tests/test_demo.py)
persistent_id  # components/common/figure_cache.py: pickle's hook, called by pickle.Pickler

# reports/docx_writer.py: python-docx's formatting properties, set for their effect on the document
alignment
autofit
bottom_margin
different_first_page_header_footer
first_line_indent
left_margin
line_spacing
page_height
page_width
rgb
right_margin
space_after
space_before
top_margin

# The registry's comparison columns over every row: the documented API (CONTRIBUTING) and the reference the headline's
# own scans are tested against (tests/test_overview.py, tests/test_metrics.py); the pages read metrics.period_scans.
period_columns  # data_access/metrics/registry.py
