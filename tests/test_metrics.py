"""The metric registry: every page's declared queries show registry measures only, no module outside the registry
defines a measure, and the registry's own definitions (periods, comparisons, age buckets) against hand values."""
from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import re
import types
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from components.common.metric_text import fmt_metric, method_lines, metric_help, target_text
from data_access.queries import growth
from data_access.metrics import registry as metrics
from data_access.metrics.filters import Filters
from data_access.metrics.registry import METRICS
from data_access.queries.page_queries import PAGES, SCREEN, QueryArgs

ROOT = Path(__file__).resolve().parent.parent
TZ = "Asia/Krasnoyarsk"
KRS = ZoneInfo(TZ)
ARGS = QueryArgs(Filters(date(2026, 11, 1), date(2026, 11, 7), tz=TZ), datetime(2026, 11, 10, 12, tzinfo=KRS), 25200)

# Columns and comparisons that define a measure: only data_access/metrics/registry.py may use them to count.
DEFINING_COLUMNS = {"deadline_at", "extended_deadline_at", "registered_at", "first_answer_at", "reopened_count"}
# Tables whose use is a definition (working-day arithmetic in SQL): only data_access/metrics/registry.py.
DEFINING_TABLES = {"work_calendar"}
# Every module whose functions a page's declared queries run, plus the modules they share rows with.
QUERY_MODULES = sorted({q.fn.__module__ for qs in PAGES.values() for q in qs} | {growth.__name__})
# Functions of the store a page may call past the declared lists: they show no figure.
NOT_FIGURES = {
    "audit_log": "the import log (rows as written), not cached: a failed import changes no data version",
    "import_bytes": "the upload itself",
    "export_batches": "the list's export, read in batches (a generator, not a figure)",
}
PAGE_FILES = sorted(p for p in ROOT.joinpath("app_pages").glob("*.py") if p.stem != "__init__")


# --- the walk over the pages' declared queries -------------------------------------------------------------------

@pytest.mark.parametrize("page", list(PAGES))
def test_every_declared_query_shows_registry_measures(page):
    assert PAGES[page], page
    for q in PAGES[page]:
        unknown = set(q.metrics) - set(METRICS)
        assert not unknown, f"{q.name}: measures defined outside the registry: {unknown}"
        stmt = q.sql(ARGS)
        if stmt is None:
            continue
        for dialect in (postgresql.dialect(),):  # the SQL compiles (the figure tests run it on both engines)
            assert "SELECT" in str(stmt.compile(dialect=dialect))


def test_screen_slides_reuse_page_queries():
    declared = {q.name for q in PAGES["screen"]}
    assert set(SCREEN) == {"map", "growth", "sla", "rating", "satisfaction"}
    assert {n for names in SCREEN.values() for n in names} == declared


def _takes_engine(obj) -> bool:
    if not callable(obj) or isinstance(obj, type):
        return False
    try:
        params = list(inspect.signature(obj).parameters)
    except (TypeError, ValueError):
        return False
    return bool(params) and params[0] == "engine"


# Pages that make a document, not figures of their own: «Аналитическая записка» caches the note that
# ``reports.note.build_store_note`` builds from the pages' query functions and the registry (its figures are checked
# against pandas and the pages' headline in tests/test_weekly_note*.py); it runs no query function itself.
DOCUMENT_PAGES = {"note"}


def _page_problems(path: Path, page: str) -> tuple[list[str], set[str]]:
    """What a page does past its declared list: store functions imported and called directly, ``cached.query``,
    ``page_query`` naming another page or an undeclared query. Returns (problems, names of the queries it runs)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems, used = [], set()
    declared = {q.name for q in PAGES.get(page, ())}
    modules: dict[str, types.ModuleType] = {}  # ``from data_access import growth``: growth.<function> checked too
    nodes = sorted(ast.walk(tree), key=lambda n: (not isinstance(n, ast.ImportFrom), getattr(n, "lineno", 0)))
    for node in nodes:
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules \
                and _takes_engine(getattr(modules[node.value.id], node.attr, None)) and node.attr not in NOT_FIGURES:
            problems.append(f"{path.name}:{node.lineno} calls {node.value.id}.{node.attr} past page_queries.PAGES")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("data_access"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                if node.module == "data_access.store.cached" and alias.name == "query" and page not in DOCUMENT_PAGES:
                    problems.append(f"{path.name}:{node.lineno} imports cached.query (use page_query)")
                obj = getattr(module, alias.name, None)
                if obj is None and importlib.util.find_spec(f"{node.module}.{alias.name}"):
                    obj = importlib.import_module(f"{node.module}.{alias.name}")
                if isinstance(obj, types.ModuleType):
                    modules[alias.asname or alias.name] = obj
                elif _takes_engine(obj) and alias.name not in NOT_FIGURES:
                    problems.append(f"{path.name}:{node.lineno} calls {node.module}.{alias.name} past "
                                    "page_queries.PAGES")
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "page_query":
            first, name = (a.value if isinstance(a, ast.Constant) else None for a in node.args[:2])
            if first != page:
                problems.append(f"{path.name}:{node.lineno} page_query of page {first!r}")
            elif name not in declared:
                problems.append(f"{path.name}:{node.lineno} {name!r} is not declared for {page}")
            used.add(name)
    return problems, used


@pytest.mark.parametrize("path", PAGE_FILES, ids=[p.stem for p in PAGE_FILES])
def test_every_page_runs_its_queries_from_its_declared_list(path):
    """Every page and the screen ask the store only through ``page_queries.PAGES`` (``cached.page_query``), and
    every query a page declares is one it runs (the list is what the page shows, not a wish)."""
    problems, used = _page_problems(path, path.stem)
    assert problems == []
    if used or path.stem in PAGES:
        assert path.stem in PAGES, f"{path.name} runs queries but declares none"
        assert used == {q.name for q in PAGES[path.stem]}, path.name


def test_every_declared_page_is_a_page():
    assert {p.stem for p in PAGE_FILES} >= set(PAGES)


def test_the_page_walk_would_catch_a_query_past_the_list(tmp_path):
    package, _, module = PAGES["rating"][0].fn.__module__.rpartition(".")  # ``from data_access import rating``
    planted = tmp_path / "sla.py"
    planted.write_text("from data_access.store.cached import page_query, query\n"
                       "from data_access.queries.sla import overdue_now\n"
                       f"from {package} import {module}\n"
                       "x = query(overdue_now, f, now)\n"
                       f"v = {module}.rating_table(engine, f, now)\n"
                       "y = page_query('sla', 'sla.nope', args)\n"
                       "z = page_query('overview', 'overview.headline', args)\n", encoding="utf-8")
    problems, _ = _page_problems(planted, "sla")
    assert len(problems) == 5, problems


def test_components_do_not_ask_the_store():
    """Components are pure builders and renderers: they get results, they do not run queries."""
    offenders = []
    for path in sorted(ROOT.joinpath("components").rglob("*.py")):
        offenders += [p for p in _page_problems(path, "")[0] if "page_query of page" not in p]
    assert offenders == []


def _defining_uses(path: Path) -> list[str]:
    """``<table>.c.<defining column>``, ``rating >= <n>`` and the working-day table in a module's source (AST,
    not text search)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in DEFINING_COLUMNS and isinstance(node.value, ast.Attribute) \
                and node.value.attr == "c":
            found.append(f"{path.name}:{node.lineno} .c.{node.attr}")
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "rating" \
                and any(isinstance(op, (ast.GtE, ast.Gt, ast.Lt, ast.LtE)) for op in node.ops):
            found.append(f"{path.name}:{node.lineno} rating comparison")
        if isinstance(node, ast.Name) and node.id in DEFINING_TABLES:
            found.append(f"{path.name}:{node.lineno} {node.id}")
    return found


@pytest.mark.parametrize("module", QUERY_MODULES)
def test_no_query_module_defines_a_measure(module):
    """Deadlines, registration, first answers, rework, «good rating» and working days are read through the
    registry only."""
    assert _defining_uses(Path(importlib.import_module(module).__file__)) == []


def test_the_scan_would_catch_a_measure_defined_in_a_page_module(tmp_path):
    planted = tmp_path / "page.py"
    planted.write_text("x = m.c.answered_at <= sa.func.coalesce(m.c.extended_deadline_at, m.c.deadline_at)\n"
                       "y = m.c.rating >= 4\n"
                       "z = m.c.reopened_count > 0\n"
                       "w = work_calendar.c.work_index\n", encoding="utf-8")
    assert len(_defining_uses(planted)) == 5


def test_components_and_pages_do_not_recompute_registry_definitions():
    """No hand-written «в срок» text, age bucket edges or «предыдущему периоду» outside the registry."""
    offenders = []
    for path in [*ROOT.joinpath("components").rglob("*.py"), *ROOT.joinpath("app_pages").glob("*.py"),
                 *ROOT.joinpath("reports").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        if re.search(r"не позже действующего срока", text) or re.search(r"\(0, 1\), \"1-3\"", text):
            offenders.append(path.name)
        if re.search(r"date_from - timedelta\(days=\w+\.days\)", text):
            offenders.append(path.name)
    assert offenders == []


# --- the registry's declarations ---------------------------------------------------------------------------------

def test_every_metric_is_fully_declared():
    for key, x in METRICS.items():
        assert x.key == key and x.label and x.unit and x.method.endswith(".") and x.fmt in metrics.FORMATS, key
        assert x.basis in ("received", "answered", "deadline", "resolved", "state"), key
        assert re.search("[а-яё]", x.label + x.method), key  # Russian
        if x.target:
            assert x.higher_is_better is not None, key


def test_method_texts_state_the_rules():
    assert "без срока" in METRICS["on_time"].method and "не считаются опозданием" not in METRICS["items"].method
    assert "от поступления" in METRICS["median_answer_days"].method
    assert "без срока просроченными не бывают" in METRICS["overdue"].method
    assert "ещё ждущие ответа после срока" in METRICS["first_answer"].method


def test_texts_for_people():
    assert fmt_metric("on_time", 0.8) == "80,0\u00a0%" and fmt_metric("items", 1234) == "1\u00a0234"
    assert fmt_metric("median_answer_days", 2.25) == "2,2" or fmt_metric("median_answer_days", 2.25) == "2,3"
    assert fmt_metric("on_time", None) == "—" and fmt_metric("on_time", float("nan")) == "—"
    assert target_text("on_time", {"on_time_share": 0.95}) == "Цель: не менее 95\u00a0%."
    assert target_text("on_time", {}) == "" and target_text("items", {"on_time_share": 0.95}) == ""
    assert metric_help("items", offset="previous").endswith("Изменение — к предыдущему периоду той же длины.")
    assert method_lines(["on_time"])[0].startswith("**Ответов в срок** — ")


# --- periods and comparisons, by hand ------------------------------------------------------------------------------

def test_comparison_periods_by_hand():
    f = Filters(date(2026, 11, 1), date(2026, 11, 7), tz=TZ)
    prev = metrics.compare_filters(f, "previous")
    assert (prev.date_from, prev.date_to) == (date(2026, 10, 25), date(2026, 10, 31))
    year = metrics.compare_filters(f, "year")
    assert (year.date_from, year.date_to) == (date(2025, 11, 1), date(2025, 11, 7))
    leap = metrics.compare_filters(Filters(date(2028, 2, 1), date(2028, 2, 29), tz=TZ), "year")
    assert (leap.date_from, leap.date_to) == (date(2027, 2, 1), date(2027, 2, 28))
    one = metrics.compare_filters(Filters(date(2026, 3, 1), date(2026, 3, 1)), "previous")
    assert (one.date_from, one.date_to) == (date(2026, 2, 28), date(2026, 2, 28))
    assert f.previous() == prev and prev.districts == f.districts and prev.tz == TZ
    with pytest.raises(ValueError):
        metrics.compare_filters(f, "week")


def test_period_bounds_are_local_midnights():
    f = Filters(date(2026, 11, 1), date(2026, 11, 7), tz=TZ)
    start, end = f.bounds()
    assert start == datetime(2026, 10, 31, 17, 0, tzinfo=ZoneInfo("UTC"))
    assert end == datetime(2026, 11, 7, 17, 0, tzinfo=ZoneInfo("UTC"))
    assert f.days == 7 and Filters(date(2026, 1, 1), date(2026, 1, 1)).days == 1
    with pytest.raises(ValueError):
        Filters(date(2026, 1, 2), date(2026, 1, 1))


def test_period_end_moment_freezes_closed_periods():
    f = Filters(date(2026, 11, 1), date(2026, 11, 7), tz=TZ)
    end = datetime(2026, 11, 8, 0, 0, tzinfo=KRS)
    assert metrics.period_end_moment(f, datetime(2026, 11, 10, 12, tzinfo=KRS)) == end
    assert metrics.period_end_moment(f, datetime(2026, 12, 31, tzinfo=KRS)) == end
    running = datetime(2026, 11, 7, 15, tzinfo=KRS)
    assert metrics.period_end_moment(f, running) == running


def test_compare_scope_covers_every_comparison():
    f = Filters(date(2026, 11, 1), date(2026, 11, 7), tz=TZ)
    lo, hi = metrics.compare_scope(f, ("previous", "year"))
    assert lo == datetime(2025, 11, 1, tzinfo=KRS) and hi == datetime(2026, 11, 8, tzinfo=KRS)
    assert metrics.compare_scope(f)[0] == datetime(2026, 10, 25, tzinfo=KRS)


def _literal(expr) -> str:
    return str(sa.select(expr).compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))


def test_age_buckets_by_hand():
    now = datetime(2026, 11, 10, 12, tzinfo=KRS)
    assert list(metrics.AGE_BUCKETS) == ["0-1", "1-3", "3-7", "7+"]
    first = _literal(metrics.age_condition("0-1", now))
    assert "2026-11-09 12:00:00+07" in first and ">=" in first and "<" not in first.replace("<=", "")
    middle = _literal(metrics.age_condition("1-3", now))
    assert "< '2026-11-09 12:00:00+07" in middle and ">= '2026-11-07 12:00:00+07" in middle
    last = _literal(metrics.age_condition("7+", now))
    assert "< '2026-11-03 12:00:00+07" in last and ">=" not in last
    assert set(metrics.AGE_LABELS) == set(metrics.AGE_BUCKETS) == set(metrics.AGE_COLUMNS)


def test_period_columns_name_every_part():
    cols = metrics.period_columns(("on_time", "items", "median_answer_days"), ARGS.filters, ARGS.as_of,
                                  ("previous", "year"))
    names = [c.name for c in cols]
    assert names == ["on_time", "on_time_base", "items", "median_answer_days", "median_answer_days_base",
                     "prev_on_time", "prev_on_time_base", "prev_items", "prev_median_answer_days",
                     "prev_median_answer_days_base", "yoy_on_time", "yoy_on_time_base", "yoy_items",
                     "yoy_median_answer_days", "yoy_median_answer_days_base"]


def test_basis_puts_items_in_the_period_by_the_declared_date():
    f = ARGS.filters
    assert "messages.answered_at" in _literal(METRICS["on_time"].in_basis(f))
    assert "messages.received_at" not in _literal(METRICS["on_time"].in_basis(f))
    assert "messages.received_at" in _literal(METRICS["items"].in_basis(f))
    assert "messages.deadline_at" in _literal(METRICS["extended"].in_basis(f))
    assert _literal(METRICS["overdue"].in_basis(f)) == "SELECT true AS anon_1"
    assert METRICS["overdue"].basis_column() is None
    assert metrics.OFFSET_PREFIX == {"": "", "previous": "prev_", "year": "yoy_"}


def test_moment_arguments_are_used():
    later = ARGS.as_of + timedelta(days=1)
    assert _literal(metrics.overdue_at(ARGS.as_of)) != _literal(metrics.overdue_at(later))
    assert "2026-11-10 12:00:00+07" in _literal(metrics.open_at(ARGS.as_of))


def test_sla_cards_count_by_the_registry_definitions():
    """On time over answers with a deadline («без срока» apart); extensions counted where a kind's rule allows them
    even if the channel's headline norm does not (ПОС appeals); first answers over answered-or-past-deadline."""
    import pandas as pd

    from components.sla.tables import sla_cards

    on_time = pd.DataFrame({"answered": [10, 5], "on_time": [6, 2], "on_time_base": [8, 4]})
    overdue = pd.DataFrame({"dimension": ["sector"], "total": [3], "age_7p": [1]})
    due = pd.DataFrame({"items": [2]})
    extended = pd.DataFrame({"extension_max": [0, 30, 0], "items": [50, 20, 30], "extended": [5, 2, 0]})
    first = pd.DataFrame({"within": [9], "decided": [12], "answered": [10], "term": [8]})
    cards = {c.label: c for c in sla_cards(on_time, overdue, due, extended, first, 0.95, date(2026, 11, 16))}
    assert cards["Ответов в срок"].value == "66,7\u00a0%" and cards["Ответов в срок"].delta == "без срока: 3"
    assert cards["Продлено сроков"].value == "10,0\u00a0%"  # 7 of 70 (channels 1 and 2; channel 3 neither)
    assert cards["Первый ответ в норматив"].value == "75,0\u00a0%"  # 9 of 12
    assert "Цель: не менее 95" in cards["Ответов в срок"].help
