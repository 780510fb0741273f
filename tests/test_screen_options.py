"""The meeting screen's pure parts: URL filters (round trip with the filter bar), options, rotation, refresh, scale."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine

from components.frame.filter_bar import CUSTOM, filter_query_params, filters_from_query_params
from components.screen.options import (SLIDES, DataClock, Rotation, filter_summary, screen_options, screen_scale)
from data_access.metrics.filters import NO_DISTRICT, Filters
from data_access.store.opening import reference

TZ = "Asia/Krasnoyarsk"
TODAY = date(2026, 11, 15)


@pytest.fixture(scope="module")
def ref(duckdb_url):
    engine = create_engine(duckdb_url)
    try:
        return reference(engine)
    finally:
        engine.dispose()


def some_filters(ref) -> list[Filters]:
    d = list(ref.names("districts"))
    s = list(ref.names("sectors"))
    t = list(ref.names("topics"))
    c = list(ref.names("channels"))
    e = list(ref.names("executors"))
    return [
        Filters(TODAY - timedelta(days=29), TODAY, tz=TZ),                                    # the default
        Filters(TODAY - timedelta(days=6), TODAY, districts=(d[2], d[0]), tz=TZ),             # a preset, order kept
        Filters(date(TODAY.year, 1, 1), TODAY, sectors=(s[1],), topics=(t[3], t[0]), tz=TZ),
        Filters(date(2026, 10, 3), date(2026, 10, 19), districts=(NO_DISTRICT, d[4]), channels=(c[0], c[2]),
                kinds=("appeal", "message"), executors=(e[5],), statuses=("in_progress", "rework"), tz=TZ),
        Filters(date(2026, 9, 1), date(2026, 9, 1), sectors=tuple(s), tz=TZ),                # one custom day
    ]


def test_url_parameters_round_trip_to_the_same_filters(ref):
    for f in some_filters(ref):
        params = filter_query_params(f, ref, TODAY)
        assert filters_from_query_params(params, ref, TZ, TODAY) == f, params


def test_no_parameters_give_the_filter_bar_default(ref):
    assert filters_from_query_params({}, ref, TZ, TODAY) == Filters(TODAY - timedelta(days=29), TODAY, tz=TZ)


def test_unknown_names_and_bad_dates_are_ignored(ref):
    district = next(iter(ref.names("districts").values()))
    params = {"district": [district, "Нет такого"], "period": CUSTOM, "dates": ["2026-13-01", "2026-10-05"],
              "status": "никакой"}
    f = filters_from_query_params(params, ref, TZ, TODAY)
    assert f.districts == (next(iter(ref.names("districts"))),)
    assert (f.date_from, f.date_to) == (date(2026, 10, 5), date(2026, 10, 5))
    assert f.statuses == ()


def test_reversed_custom_dates_are_put_in_order(ref):
    f = filters_from_query_params({"period": CUSTOM, "dates": ["2026-10-20", "2026-10-01"]}, ref, TZ, TODAY)
    assert (f.date_from, f.date_to) == (date(2026, 10, 1), date(2026, 10, 20))


def test_screen_options_defaults_clipping_and_slides():
    assert screen_options({}).slide_seconds == 30 and screen_options({}).slides == tuple(SLIDES)
    o = screen_options({"slide_seconds": "2", "refresh_minutes": "1,5", "slides": "sla,map,nope", "slide": "map"})
    assert o.slide_seconds == 5                      # clipped to the minimum
    assert o.refresh_minutes == 1.5                  # a decimal comma is read
    assert o.slides == ("sla", "map") and o.start == 1
    assert set(o.ignored) == {"slide_seconds", "slides"}
    assert screen_options({"slide_seconds": "abc"}).slide_seconds == 30


def test_rotation_moves_on_only_when_due_and_wraps():
    t0 = datetime(2026, 11, 15, 10, 0, tzinfo=ZoneInfo(TZ))
    r = Rotation(0, t0 + timedelta(seconds=30))
    assert not r.tick(t0 + timedelta(seconds=29), 5, 30) and r.index == 0   # a refresh before the turn: same slide
    assert r.tick(t0 + timedelta(seconds=30), 5, 30) and r.index == 1
    assert r.tick(t0 + timedelta(seconds=125), 5, 30) and r.index == 4      # missed turns are skipped, not queued
    assert r.tick(t0 + timedelta(seconds=150), 5, 30) and r.index == 0      # wraps around
    assert r.due == t0 + timedelta(seconds=180)


def test_data_clock_refreshes_when_due():
    t0 = datetime(2026, 11, 15, 10, 0, 40, tzinfo=ZoneInfo(TZ))
    c = DataClock(t0.replace(second=0), t0 + timedelta(minutes=5))
    assert not c.refresh(t0 + timedelta(minutes=4), 5) and c.as_of == t0.replace(second=0)
    assert c.refresh(t0 + timedelta(minutes=5, seconds=3), 5)
    assert c.as_of == datetime(2026, 11, 15, 10, 5, tzinfo=ZoneInfo(TZ))
    assert c.due == t0 + timedelta(minutes=10, seconds=3)


@pytest.mark.parametrize("size, expected", [
    ([1920, 1080], 1.0), ([3840, 2160], 2.0), ([2560, 1440], 1.25), ([1920, 1200], 1.0), ([3840, 1080], 1.0),
    ([1280, 720], 0.75), (None, 1.0), ([0, 0], 1.0),
])
def test_screen_scale(size, expected):
    assert screen_scale(size) == expected


def test_filter_summary_names_the_selection(ref):
    names = ref.names("districts")
    ids = list(names)
    assert filter_summary(Filters(date(2026, 10, 1), date(2026, 10, 31), tz=TZ), ref) == \
        "01.10.2026 — 31.10.2026 · все районы"
    text = filter_summary(Filters(date(2026, 10, 1), date(2026, 10, 31), districts=tuple(ids[:5]), tz=TZ), ref)
    assert names[ids[0]] in text and "и ещё 2" in text and "все районы" not in text


def test_filter_summary_names_the_scope_of_the_role(ref):
    """The ЖКХ lead's wall shows ЖКХ figures: the line says so, though nothing is chosen in the filter bar."""
    from data_access.store.scope import Scope
    sectors = {v: k for k, v in ref.names("sectors").items()}
    zhkh = sectors["Жилищно-коммунальное хозяйство"]
    f = Filters(date(2026, 10, 1), date(2026, 10, 31), tz=TZ, scope=Scope(sectors=(zhkh,)))
    assert filter_summary(f, ref) == "01.10.2026 — 31.10.2026 · все районы · Жилищно-коммунальное хозяйство"
    kirov = {v: k for k, v in ref.names("districts").items()}["Кировский"]
    f = Filters(date(2026, 10, 1), date(2026, 10, 31), tz=TZ, scope=Scope(districts=(kirov,)))
    assert filter_summary(f, ref) == "01.10.2026 — 31.10.2026 · Кировский"


def test_two_topics_with_one_name_keep_their_own_links(ref):
    """Two «Прочее» topics in different blocks: each link opens its own topic, not the first one by name."""
    import dataclasses

    import pandas as pd

    extra = pd.DataFrame({"id": [901, 902], "name": ["Прочее", "Прочее"], "sector_id": [1, 2]})
    twin = dataclasses.replace(ref, topics=pd.concat([ref.topics, extra], ignore_index=True))
    for topic in (901, 902):
        f = Filters(TODAY - timedelta(days=29), TODAY, topics=(topic,), tz=TZ)
        params = filter_query_params(f, twin, TODAY)
        assert filters_from_query_params(params, twin, TZ, TODAY).topics == (topic,), params
    first, second = (filter_query_params(Filters(TODAY, TODAY, topics=(t,), tz=TZ), twin, TODAY) for t in (901, 902))
    assert first != second


def test_district_labels_of_the_wall_map_do_not_overlap():
    """At 1920 × 1080 «Октябрьский 1,20» and «Железнодорожный 1,40» printed over each other (label boxes 171 and
    249 px wide, centres 166 px apart, 17 px apart vertically); spread vertically, no two boxes meet."""
    from components.screen.map import label_boxes, screen_deck, spread_labels
    from data_access.domain.profile import load_profile
    from geo.districts import bounds, fit_view, label_points

    geojson = load_profile("krasnoyarsk").boundary_geojson()
    labels = [{**p, "label": f"{p['district']}\n1,40"} for p in label_points(geojson)]

    def overlaps(boxes):
        return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
                if abs(boxes[i][0] - boxes[j][0]) < (boxes[i][2] + boxes[j][2]) / 2
                and abs(boxes[i][1] - boxes[j][1]) < (boxes[i][3] + boxes[j][3]) / 2]

    for width, height, px in ((1000, 780, 24), (2000, 1560, 48)):
        view = fit_view(bounds(geojson), width, height, padding=0.03)
        boxes = label_boxes(labels, view, px)
        names = [labels[i]["district"] for pair in overlaps(boxes) for i in pair]
        assert {"Октябрьский", "Железнодорожный"} <= set(names)  # the case seen on the wall
        offsets = spread_labels(labels, view, px)
        assert all(dx == 0 for dx, _ in offsets)
        moved = [(x, y + dy, w, h) for (x, y, w, h), (_, dy) in zip(boxes, offsets)]
        assert overlaps(moved) == []
        assert max(abs(dy) for _, dy in offsets) < px * 2  # nudged, not thrown off the district
    deck = screen_deck(geojson, {}, 1000, 780, label_px=24)
    names_layer = next(layer for layer in deck.layers if layer.id == "screen-district-names")
    assert all("offset" in row for row in names_layer.data)
