"""The speed tools of issue 17: script-run timing, figures kept by their inputs, names built once per Reference,
the statistics of the concurrency benchmark."""
from __future__ import annotations

import logging
import pickle
import threading

import pandas as pd
import pydeck as pdk
import pytest

from benchmarks import concurrent
from components.common import figure_cache
from components.frame import run_timer
from components.frame.filter_bar import topic_labels
from data_access.store.reference import Reference


def test_no_timing_unless_asked(monkeypatch):
    monkeypatch.delenv("MCU_PROFILE_RUNS", raising=False)
    assert run_timer.start() is None
    run_timer.finish(None, "Обзор")  # nothing to do, nothing raised
    monkeypatch.setenv("MCU_PROFILE_RUNS", "0")
    assert run_timer.start() is None


def test_a_timed_run_is_logged_and_read_back(monkeypatch, caplog):
    monkeypatch.setenv("MCU_PROFILE_RUNS", "1")
    run = run_timer.start()
    assert run is not None
    sum(i * i for i in range(200_000))  # some CPU to measure
    with caplog.at_level(logging.INFO, logger="mcu.runs"):
        run_timer.finish(run, "Рейтинг исполнителей")
    runs = run_timer.parse(caplog.text + "\nunrelated line\n")
    assert len(runs) == 1
    assert runs[0]["page"] == "Рейтинг исполнителей"
    assert runs[0]["wall_ms"] > 0 and runs[0]["cpu_ms"] > 0 and runs[0]["process_cpu_ms"] > 0
    assert runs[0]["cpu_ms"] <= runs[0]["process_cpu_ms"] + 1  # the thread is part of the process


def test_parse_reads_each_run_in_order():
    text = ("2026-12-01 INFO mcu.runs: script run: page=Обзор wall_ms=12.5 cpu_ms=10.0 process_cpu_ms=11.0\n"
            "2026-12-01 INFO mcu.runs: script run: page=Тепловая карта wall_ms=900.0 cpu_ms=95.2 process_cpu_ms=120.4\n")
    assert run_timer.parse(text) == [
        {"page": "Обзор", "wall_ms": 12.5, "cpu_ms": 10.0, "process_cpu_ms": 11.0},
        {"page": "Тепловая карта", "wall_ms": 900.0, "cpu_ms": 95.2, "process_cpu_ms": 120.4}]


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self, frame: pd.DataFrame, title: str) -> dict:
        self.calls += 1
        return {"title": title, "total": int(frame["n"].sum())}


@pytest.fixture
def fresh_cache():
    figure_cache._kept.clear()
    yield
    figure_cache._kept.clear()


def test_a_figure_is_built_once_per_distinct_inputs(fresh_cache):
    build = Counting()
    build.__module__, build.__qualname__ = __name__, "Counting.instance"
    frame = pd.DataFrame({"n": [1, 2, 3]})
    first = figure_cache.built(build, frame, "А")
    again = figure_cache.built(build, frame.copy(), "А")  # equal inputs, another object: kept
    assert again is first and build.calls == 1
    other = figure_cache.built(build, pd.DataFrame({"n": [1, 2, 4]}), "А")  # one value differs: built
    assert other == {"title": "А", "total": 7} and build.calls == 2
    assert figure_cache.built(build, frame, "Б")["title"] == "Б" and build.calls == 3


def test_inputs_that_do_not_pickle_are_built_every_time(fresh_cache):
    build = Counting()
    build.__module__, build.__qualname__ = __name__, "Counting.unpicklable"
    frame = pd.DataFrame({"n": [5]})
    lock = threading.Lock()
    assert figure_cache.key_of(frame, lock) is None
    figure_cache.built(lambda f, _lock: build(f, "x"), frame, lock)
    figure_cache.built(lambda f, _lock: build(f, "x"), frame, lock)
    assert build.calls == 2


def fmt_a(v):
    return f"{v} а"


def test_functions_in_the_inputs_count_by_their_source_and_closure():
    """A measure carries its formatter, often a lambda (which pickle refuses): the same lambda is the same key,
    another lambda or another closed-over value another key."""
    def formatter(unit):
        return lambda v: f"{v} {unit}"

    same = [lambda v: f"{v} %" for _ in range(2)]  # one source line, two objects
    assert figure_cache.key_of(same[0]) == figure_cache.key_of(same[1]) is not None
    assert figure_cache.key_of(lambda v: f"{v} %") != figure_cache.key_of(same[0])  # another line
    assert figure_cache.key_of(formatter("км")) == figure_cache.key_of(formatter("км"))
    assert figure_cache.key_of(formatter("км")) != figure_cache.key_of(formatter("%"))
    assert figure_cache.key_of(fmt_a) != figure_cache.key_of(formatter("а"))


def test_a_heat_map_measure_keys_its_figure():
    from components.heatmap.measures import MEASURES

    keys = {figure_cache.key_of(m) for m in MEASURES.values()}
    assert None not in keys and len(keys) == len(MEASURES)
    assert figure_cache.key_of(MEASURES["per_1000"]) == figure_cache.key_of(MEASURES["per_1000"])


def deck(points):  # a builder as the pages have them: a module's function (its reference is part of the key)
    return pdk.Deck(layers=[pdk.Layer("ScatterplotLayer", data=points, id="p", get_position="position")],
                    map_provider=None, tooltip={"text": "{name}"})


def test_a_prepared_deck_is_the_deck_with_its_json_written_once(fresh_cache):
    points = [{"position": [92.87, 56.01], "name": "Центральный"}]
    prepared = figure_cache.built_deck(deck, points)
    assert prepared.to_json() == deck(points).to_json()
    assert prepared._tooltip == {"text": "{name}"}  # what st.pydeck_chart reads besides the JSON
    assert figure_cache.built_deck(deck, [dict(p) for p in points]) is prepared
    assert figure_cache.built_deck(deck, [{**points[0], "name": "Советский"}]).to_json() != prepared.to_json()


def reference() -> Reference:
    return Reference(
        districts=pd.DataFrame({"id": [1, 2], "name": ["Центральный", "Советский"], "population": [1, 2],
                                "area_km2": [1.0, 2.0]}),
        sectors=pd.DataFrame({"id": [1, 2], "code": ["zhkh", "roads"], "name": ["ЖКХ", "Дороги"]}),
        topics=pd.DataFrame({"id": [1, 2, 3], "name": ["Прочее", "Ямы", "Прочее"], "sector_id": [1, 2, 2]}),
        channels=pd.DataFrame({"id": [1], "code": ["pos"], "name": ["ПОС"], "unit": ["work_days"], "term": [10],
                               "extension_max": [0]}),
        executors=pd.DataFrame({"id": [], "name": [], "sector_id": [], "district_id": []}))


def test_names_and_topic_labels_are_built_once_and_stay_whole():
    ref = reference()
    names = ref.names("districts")
    assert names == {1: "Центральный", 2: "Советский"}
    names[99] = "добавлено вызывающим"  # a caller extending its copy does not change the next answer
    assert ref.names("districts") == {1: "Центральный", 2: "Советский"}
    labels = topic_labels(ref)
    assert labels == {1: "Прочее (ЖКХ)", 2: "Ямы", 3: "Прочее (Дороги)"}
    labels.clear()
    assert topic_labels(ref) == {1: "Прочее (ЖКХ)", 2: "Ямы", 3: "Прочее (Дороги)"}
    assert topic_labels(ref, ref.topics[ref.topics["sector_id"] == 2]) == {2: "Ямы", 3: "Прочее (Дороги)"}
    assert pickle.loads(pickle.dumps(ref)).names("sectors") == {1: "ЖКХ", 2: "Дороги"}


def test_percentiles_by_nearest_rank():
    values = [float(v) for v in range(1, 21)]  # 1..20
    assert concurrent.percentile(values, 50) == 10.0
    assert concurrent.percentile(values, 95) == 19.0
    assert concurrent.percentile([3.0], 95) == 3.0
    assert concurrent.percentile([], 50) is None
    assert concurrent.stats([2.0, 4.0]) == {"n": 2, "p50": 2.0, "p95": 4.0, "max": 4.0, "mean": 3.0}


def test_sessions_open_four_pages_with_filters_of_their_own():
    districts = ["Центральный", "Советский", "Кировский"]
    sessions = [concurrent.session_urls(i, districts) for i in range(20)]
    assert all(len(urls) == 4 for urls in sessions)
    assert all(len(set(urls)) == 4 for urls in sessions)
    assert len({tuple(urls) for urls in sessions}) == 20  # no two sessions alike
    pages = {url.split("?")[0] for urls in sessions for url in urls}
    assert pages == set(concurrent.PATHS)  # every page is opened by someone
    assert any("district=" in url for urls in sessions for url in urls)
    assert concurrent.session_urls(0, [])[0].startswith("?period=")  # no districts: no district filter


def test_server_runs_are_read_from_every_process_log(tmp_path):
    one, two = tmp_path / "app_1.log", tmp_path / "app_2.log"
    one.write_text("started\n2026 INFO mcu.runs: script run: page=Обзор wall_ms=1000.0 cpu_ms=100.0 "
                   "process_cpu_ms=120.0\n", encoding="utf-8")
    two.write_text("2026 INFO mcu.runs: script run: page=Сроки wall_ms=3000.0 cpu_ms=300.0 process_cpu_ms=310.0\n"
                   "2026 INFO mcu.runs: script run: page=Сроки wall_ms=2000.0 cpu_ms=200.0 process_cpu_ms=210.0\n",
                   encoding="utf-8")
    runs = concurrent.server_runs([one, two, tmp_path / "missing.log"])
    assert runs["runs"] == 3
    assert runs["wall_s"] == {"n": 3, "p50": 2.0, "p95": 3.0, "max": 3.0, "mean": 2.0}
    assert runs["thread_cpu_s"]["p50"] == 0.2 and runs["thread_cpu_s"]["max"] == 0.3


def test_a_replaced_reference_derives_afresh():
    """``dataclasses.replace`` with other topics: the copy's labels are its own, not the original's remembered."""
    import dataclasses

    ref = reference()
    assert topic_labels(ref)[2] == "Ямы"
    twin = dataclasses.replace(ref, topics=pd.DataFrame({"id": [7], "name": ["Снег"], "sector_id": [2]}))
    assert topic_labels(twin) == {7: "Снег"}
    assert topic_labels(ref)[2] == "Ямы"
