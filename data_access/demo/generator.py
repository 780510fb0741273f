"""Demo data that behaves like a real МЦУ store.

    python -m data_access.demo.generator --url URL --rows N [--seed S] [--until YYYY-MM-DD] [--profile P] [--replace]

Two years of items up to ``--until``: volume proportional to population with hot-spot buildings
that complain again and again, topic seasons, the weekday cycle, executors with their own habits
(late, fast, answers sent back for rework), ratings that follow timeliness and rework, and one
problem that grows sharply in the last three weeks in one district. Texts carry fake personal
data (names, phones, e-mails, flats) so that masking has something to find. Same seed, same data.
"""
from __future__ import annotations

import argparse
import functools
import logging
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd

from data_access.store import engine as eng
from data_access.store.bulk import advance_sequence, bulk_insert
from data_access.demo.events import events as make_events
from data_access.demo.places import buildings
from data_access.demo.spec import load_demo_spec
from data_access.demo.texts import ANSWER_ACTIONS
from data_access.demo.texts import texts as make_texts
from data_access.domain.deadlines import load_rules
from data_access.store.derived import insert_with_keys
from data_access.ingest.masker import NAME, mask_personal_data
from data_access.domain.profile import Profile, load_profile
from data_access.store.reference import write_calendar, write_meta, write_reference
from data_access.domain.workcalendar import EPOCH, WorkCalendar

log = logging.getLogger(__name__)

DAY = 86_400
HISTORY_DAYS = 730
WEEKDAY_FACTOR = np.array([1.15, 1.12, 1.08, 1.04, 0.98, 0.68, 0.6])  # Mon..Sun
HOUR_WEIGHTS = np.array([0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.6, 1.4, 2.4, 3.0, 3.0, 2.8,
                         2.4, 2.6, 2.6, 2.4, 2.2, 2.2, 2.3, 2.5, 2.4, 1.8, 1.1, 0.6])
EXTERNAL_PREFIX = {"pos": "POS", "fz59": "СЭД", "im": "ИМ", "gospabliki": "ГП", "regional": "РП"}
def _day_topic_district_probs(profile, spec, days, rows, emerging_idx):
    """Probabilities of (day, topic, district) cells: seasons × weekday × slow growth × population."""
    topic_names = [t for s in profile.sectors for t in s.topics]
    weights = np.array([spec.topics[t]["weight"] for t in topic_names])
    season = np.array([spec.topics[t]["season"] for t in topic_names])  # topics × 12
    months = np.array([d.month - 1 for d in days])
    weekday = np.array([d.weekday() for d in days])
    trend = 1 + 0.12 * np.arange(len(days)) / len(days)
    day_factor = WEEKDAY_FACTOR[weekday] * trend                       # days
    day_topic = day_factor[:, None] * (weights[None, :] * season[:, months].T)  # days × topics
    pop = np.array([d.population for d in profile.districts] or [1.0], dtype=float)  # no districts: one area
    cube = day_topic[:, :, None] * (pop / pop.sum())[None, None, :]     # days × topics × districts
    cube *= rows / cube.sum()
    if emerging_idx is not None:  # the problem that grows in the last weeks, on top of the usual flow
        t_idx, k_idx, span, share = emerging_idx
        ramp = (np.arange(1, span + 1) / span) ** 2
        cube[-span:, t_idx, k_idx] += ramp * share * rows / len(days)
    return cube / cube.sum(), topic_names


def generate(profile: Profile, rows: int, seed: int, until: date,
             now: datetime | None = None) -> tuple[pd.DataFrame, pd.DataFrame, datetime]:
    """Generate ``rows`` items (and their events) for the two years up to ``until``.

    Returns (messages, events, cutoff): items after ``cutoff`` (end of ``until`` or ``now``, the earlier)
    are still open. Timestamps are UTC-aware; ids are 1..rows in order of receipt.
    """
    rng = np.random.default_rng(seed)
    spec = load_demo_spec(profile)
    cal = WorkCalendar.for_profile(profile)
    offset = profile.utc_offset_seconds()
    end_of_until = datetime.combine(until + timedelta(days=1), datetime.min.time(), profile.tz)
    cutoff = min(end_of_until, (now or datetime.now(UTC)).astimezone(profile.tz))
    cutoff_s = int(cutoff.timestamp())
    days = [until - timedelta(days=HISTORY_DAYS - 1 - i) for i in range(HISTORY_DAYS)]
    day_nums = np.array([(d - EPOCH).days for d in days])

    topic_names = [t for s in profile.sectors for t in s.topics]
    district_names = [d.name for d in profile.districts]
    em = spec.emerging
    emerging_idx = None
    if em.get("topic") in topic_names and em.get("district") in district_names:
        emerging_idx = (topic_names.index(em["topic"]), district_names.index(em["district"]),
                        int(em.get("days", 21)), float(em.get("last_day_share", 0.05)))
    probs, _ = _day_topic_district_probs(profile, spec, days, rows, emerging_idx)
    flat = rng.choice(probs.size, size=rows, p=probs.ravel())
    day_i, topic, district = np.unravel_index(flat, probs.shape)

    # Places: a building of the district (hot spots weigh more); the emerging problem sits on one street.
    b = buildings(profile, spec, rng)
    building = np.full(rows, -1)
    for k in range(len(district_names)):
        rows_k = np.flatnonzero(district == k)
        pool = np.flatnonzero(b.district == k)
        if len(pool) and len(rows_k):
            w = b.weight[pool] / b.weight[pool].sum()
            building[rows_k] = rng.choice(pool, size=len(rows_k), p=w)
    if emerging_idx is not None:
        t_idx, k_idx, span, _ = emerging_idx
        street_pool = [i for i in np.flatnonzero(b.district == k_idx) if b.street[i] == em.get("street")][:10]
        recent = np.flatnonzero((topic == t_idx) & (district == k_idx) & (day_i >= HISTORY_DAYS - span))
        if street_pool:
            building[recent] = rng.choice(street_pool, size=len(recent))
    no_place = rng.random(rows) < 0.02  # letters without an address: no district, no point
    building[no_place] = -1
    has_b = building >= 0
    # a profile without boundaries still names districts; a settlement without districts has none
    district_id = np.where(no_place | (len(district_names) == 0), 0, district + 1)

    # Times: day + hour-of-day profile (local), then UTC seconds.
    hours = rng.choice(24, size=rows, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    received = day_nums[day_i] * DAY - offset + hours * 3600 + rng.integers(0, 3600, rows)
    late_today = received > cutoff_s - 60  # nothing arrives after the moment the data is taken
    since_midnight = max(7200, (cutoff_s + offset) % DAY)
    received[late_today] = cutoff_s - rng.integers(60, since_midnight, int(late_today.sum()))
    order = np.argsort(received, kind="stable")
    received, day_i, topic, district_id, building, has_b = (
        received[order], day_i[order], topic[order], district_id[order], building[order], has_b[order])

    channels = profile.channels
    cw = np.array([spec.channel_weights[c.code] for c in channels])
    ch = rng.choice(len(channels), size=rows, p=cw / cw.sum())
    ch_code = np.array([c.code for c in channels], dtype=object)[ch]
    kind = np.array([c.kinds[0] for c in channels], dtype=object)[ch]
    multi = np.array([len(c.kinds) > 1 for c in channels])[ch]
    alt_kind = np.array([c.kinds[-1] for c in channels], dtype=object)[ch]
    kind = np.where(multi & (rng.random(rows) < spec.pos_appeal_share), alt_kind, kind)

    # Registration delay by channel: social networks minutes, portals hours, letters up to 3 days.
    delay = np.select(
        [np.isin(ch_code, ["im", "gospabliki"]), ch_code == "fz59"],
        [rng.integers(60, 1800, rows), rng.integers(0, 3 * DAY, rows)],
        rng.integers(300, 4 * 3600, rows))
    registered = np.minimum(received + delay, cutoff_s)

    # Deadlines from the profile's deadline rules (channel × kind × topic: deadline_rules.csv, the same rules the
    # importer, «Сроки» and the item card use) and the production calendar.
    terms = cal.term_table(days[0] - timedelta(days=7), until + timedelta(days=200), offset)
    rules = load_rules(profile)

    deadline = np.zeros(rows, dtype=np.int64)
    ext_max = np.zeros(rows)
    ext_deadline_all = np.zeros(rows, dtype=np.int64)
    no_deadline = np.zeros(rows, dtype=bool)
    topic_name = np.array(topic_names, dtype=object)[topic]
    combos = pd.DataFrame({"c": ch_code, "k": kind, "t": topic_name}).groupby(["c", "k", "t"], sort=False).indices
    for (code, kind_code, topic_code), idx in combos.items():
        rule = rules.find(code, kind_code, topic_code)
        if rule is None or not rule.has_deadline:
            no_deadline[idx] = True
            continue
        deadline[idx] = terms.deadlines(rule.unit, rule.term, registered[idx])
        if rule.extension_allowed:  # counted from the deadline's local day (day terms) or instant
            ext_max[idx] = rule.extension_max
            ext_deadline_all[idx] = terms.deadlines(rule.unit, rule.extension_max, deadline[idx])
    extended = (ext_max > 0) & (rng.random(rows) < 0.07)
    ext_deadline = np.where(extended, ext_deadline_all, 0)
    # items without a deadline (votes...) are answered at the pace of a 10-day term, and stored without one
    in_force = np.where(no_deadline, registered + 10 * DAY, np.where(extended, ext_deadline, deadline))

    # Executors: the sector's body, or the district administration for yard and territorial topics.
    sector_of_topic = np.array([i + 1 for i, s in enumerate(profile.sectors) for _ in s.topics])
    sector_id = sector_of_topic[topic]
    sector_codes = [s.code for s in profile.sectors]
    sector_exec = {}
    for e_i, e in enumerate(profile.executors, 1):
        for code in (e.sector, *e.also_sectors):
            if code in sector_codes:
                sector_exec.setdefault(sector_codes.index(code) + 1, e_i)
    district_exec = {district_names.index(e.district) + 1: e_i
                     for e_i, e in enumerate(profile.executors, 1) if e.district in district_names}
    fallback = next(iter(district_exec.values()), 1)
    share = np.array([spec.topics[t]["district_share"] for t in topic_names])[topic]
    to_district = (rng.random(rows) < share) | ~np.isin(sector_id, list(sector_exec))
    by_sector = np.array([sector_exec.get(s, 0) for s in range(len(sector_codes) + 1)])[sector_id]
    by_district = np.array([district_exec.get(k, fallback) for k in range(len(district_names) + 1)])[district_id]
    by_district = np.where(by_district == 0, fallback, by_district)
    executor_id = np.where(to_district | (by_sector == 0), by_district, by_sector)

    # Habits decide when and how the answer comes.
    habit = {k: np.array([0.0] + [spec.habits[e.name][k] for e in profile.executors])[executor_id]
             for k in ("late", "speed", "rework", "reject", "fast_track")}
    u = rng.random((6, rows))
    rejected = u[0] < habit["reject"]
    forwarded = ~rejected & (u[1] < 0.02)
    fast = ~rejected & ~forwarded & (u[2] < habit["fast_track"])
    late = ~fast & ~rejected & (u[3] < habit["late"])
    span = np.maximum(in_force - registered, 3600)
    speed = np.clip(habit["speed"], 0.05, 0.95)
    frac = rng.beta(2.2, 2.2 * (1 - speed) / speed)
    duration = np.where(fast, span * rng.uniform(0.02, 0.15, rows), np.clip(frac, 0.02, 0.98) * span)
    duration = np.where(rejected | forwarded, np.minimum(duration, 2 * DAY), duration)
    duration = np.where(late, span + span * rng.exponential(0.3, rows) + 3600, duration)
    answer_1 = registered + duration.astype(np.int64)
    reworked = ~rejected & ~forwarded & (u[4] < habit["rework"])
    reopened = np.where(reworked, np.where(u[5] < 0.1, 2, 1), 0)
    final = np.where(reworked, answer_1 + rng.integers(2 * DAY, 10 * DAY, rows), answer_1)

    answered_ok = final <= cutoff_s
    first_answered = answer_1 <= cutoff_s
    social = np.isin(ch_code, ["im", "gospabliki"])
    interim = ~social & (rng.random(rows) < 0.15)
    interim_at = registered + (duration * rng.uniform(0.2, 0.5, rows)).astype(np.int64)
    first_answer = np.where(interim & (interim_at <= cutoff_s), interim_at,
                            np.where(first_answered, answer_1, -1))
    resolved_at = np.where(answered_ok & ~rejected & ~forwarded & (rng.random(rows) < 0.55),
                           final + rng.integers(0, 5 * DAY, rows), -1)
    resolved_at = np.where(resolved_at > cutoff_s, -1, resolved_at)

    open_status = rng.choice(np.array(["registered", "in_progress", "interim"], dtype=object), size=rows,
                             p=[0.2, 0.6, 0.2])
    open_status = np.where(extended, "extended", open_status)
    open_status = np.where(reworked & first_answered, "rework", open_status)
    status = np.select(
        [~answered_ok, rejected, forwarded, resolved_at > 0],
        [open_status, "rejected", "forwarded", "resolved"], "answered").astype(object)
    # an item answered before the cutoff is no longer extended/interim; an extension only shows once made
    extended_shown = extended & (registered + span * 0.6 <= cutoff_s)
    ext_deadline = np.where(extended_shown, ext_deadline, 0)

    # Ratings follow timeliness and rework.
    rate_p = np.select([np.isin(ch_code, ["pos", "regional"]), ch_code == "fz59"], [0.45, 0.1], 0.15)
    rated = answered_ok & (rng.random(rows) < rate_p)
    p_good = np.select([rejected, reworked, late, fast], [0.15, 0.22, 0.38, 0.9], 0.78)
    good = rng.random(rows) < p_good
    rating = np.where(good, np.where(rng.random(rows) < 0.7, 5, 4),
                      rng.choice([1, 2, 3], size=rows, p=[0.45, 0.3, 0.25]))
    rating = np.where(rated, rating, 0)

    address = [b.address[i] if i >= 0 else None for i in building]
    mask = functools.lru_cache(maxsize=None)(functools.partial(mask_personal_data, keep_houses=True))
    texts, greeting, texts_masked = make_texts(spec, rng, topic_names, topic, address, rows, mask)
    exec_names = [""] + [e.name for e in profile.executors]
    act = rng.integers(0, len(ANSWER_ACTIONS), rows)
    answer_text = [
        None if not answered_ok[i] else
        "Сообщение отклонено: вопрос не относится к компетенции органов местного самоуправления." if rejected[i] else
        "Обращение перенаправлено по компетенции." if forwarded[i] else
        f"{greeting[i]} {exec_names[executor_id[i]]}: {ANSWER_ACTIONS[act[i]]}"
        for i in range(rows)]
    # the greeting names a person: masked whole; the rest of an answer is one of few texts
    answer_masked = [a if a is None or not a.startswith("Уважаем") else
                     f"{a.split(' ', 1)[0]} {NAME}! {mask(a.split('! ', 1)[1])}" for a in answer_text]

    counters = {c.code: 0 for c in channels}
    external_id = []
    for code in ch_code:
        counters[code] += 1
        external_id.append(f"{EXTERNAL_PREFIX.get(code, code.upper())}-{counters[code]:08d}")

    def ts(values, mask=None):
        arr = values.astype("float64")
        if mask is not None:
            arr = np.where(mask, arr, np.nan)
        return pd.to_datetime(arr, unit="s", utc=True).round("s")

    returned = reworked & first_answered & (answer_1 + DAY <= cutoff_s)  # the rework event (demo_events) moves it too
    updated = np.maximum.reduce([registered, np.where(first_answer > 0, first_answer, 0),
                                 np.where(answered_ok, final, 0), np.maximum(resolved_at, 0),
                                 np.where(returned, answer_1 + DAY, 0)])
    ids = np.arange(1, rows + 1, dtype=np.int64)
    safe_b = np.where(has_b, building, 0)
    lat = np.where(has_b, b.lat[safe_b], np.nan) if len(b.lat) else np.full(rows, np.nan)
    lon = np.where(has_b, b.lon[safe_b], np.nan) if len(b.lon) else np.full(rows, np.nan)
    cells = np.where(has_b, b.cell[safe_b], 0) if len(b.cell) else np.zeros(rows, dtype=np.int64)
    messages = pd.DataFrame({
        "id": ids,
        "channel_id": (ch + 1).astype(np.int16),
        "kind": kind,
        "external_id": external_id,
        "received_at": ts(received),
        "registered_at": ts(registered),
        "deadline_at": ts(deadline, ~no_deadline),
        "extended_deadline_at": ts(ext_deadline, ext_deadline > 0),
        "first_answer_at": ts(first_answer, first_answer > 0),
        "answered_at": ts(final, answered_ok),
        "resolved_at": ts(resolved_at, resolved_at > 0),
        "updated_at": ts(updated),
        "status": status,
        "topic_id": pd.array(topic + 1, dtype="Int16"),
        "sector_id": pd.array(sector_id, dtype="Int16"),
        "district_id": pd.array(np.where(district_id > 0, district_id, 0), dtype="Int16"),
        "executor_id": pd.array(executor_id, dtype="Int16"),
        "lat": lat,
        "lon": lon,
        "h3_cell": pd.array(cells, dtype="Int64"),
        "address": address,
        "text": texts,
        "answer_text": answer_text,
        "rating": pd.array(rating, dtype="Int16"),
        "reopened_count": np.where(first_answered, reopened, 0).astype(np.int16),
        "fast_track": fast & answered_ok,
        "text_masked": texts_masked,
        "answer_masked": answer_masked,
        "address_masked": [mask(a) if a else a for a in address],
    })
    messages.loc[~has_b, "h3_cell"] = pd.NA
    messages.loc[district_id == 0, "district_id"] = pd.NA
    messages.loc[~rated, "rating"] = pd.NA
    events = make_events(messages, interim_at, interim, answer_1, reworked, extended_shown, registered, span, cutoff_s)
    return messages, events, cutoff


def has_messages(engine) -> bool:
    """True if the store already holds items (an existing store is never overwritten silently)."""
    import sqlalchemy as sa

    from data_access.store.schema import messages
    if eng.store_revision(engine) is None:
        return False
    with engine.connect() as conn:
        return conn.execute(sa.select(messages.c.id).limit(1)).first() is not None


def create_demo_store(url: str, rows: int, seed: int = 2, until: date | None = None,
                      profile: Profile | None = None, replace: bool = False, now: datetime | None = None) -> dict:
    """Create (migrate) the store at ``url`` and fill it with demo data. Returns a summary with timings."""
    profile = profile or load_profile()
    until = until or datetime.now(profile.tz).date()
    engine = eng.make_engine(url)
    try:
        if has_messages(engine):
            if not replace:
                raise RuntimeError(f"Хранилище {eng.safe_url(url)} уже содержит данные; для замены укажите --replace")
            _drop_all(engine)
        t0 = time.perf_counter()
        eng.upgrade_store(engine)
        messages, events, cutoff = generate(profile, rows, seed, until, now)
        t1 = time.perf_counter()
        cal = WorkCalendar.for_profile(profile)
        with engine.begin() as conn:
            write_reference(conn, profile)
            write_calendar(conn, cal, until - timedelta(days=HISTORY_DAYS + 60), until + timedelta(days=400))
            insert_with_keys(conn, messages, profile.utc_offset_seconds())  # with their keys (data_access.store.derived)
            bulk_insert(conn, "events", events)
            advance_sequence(conn, "messages_id_seq", len(messages))
            advance_sequence(conn, "events_id_seq", len(events))
            write_meta(conn, {
                "data_version": uuid.uuid4().hex, "demo": "1", "profile": profile.key, "seed": seed,
                "rows": rows, "cutoff": cutoff.isoformat(), "loaded_at": datetime.now(UTC).isoformat(),
            })
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                # VACUUM: the visibility map lets the covering indexes answer without the table (index-only scans)
                conn.exec_driver_sql("VACUUM ANALYZE")
        t2 = time.perf_counter()
    finally:
        engine.dispose()
    return {"rows": len(messages), "events": len(events), "generate_s": round(t1 - t0, 2),
            "load_s": round(t2 - t1, 2), "cutoff": cutoff.isoformat()}


def _drop_all(engine) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(eng.PROJECT_ROOT / "alembic.ini"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_access.demo.generator",
                                     description="Создать хранилище с демо-данными МЦУ.")
    parser.add_argument("--url", default=None, help="адрес хранилища (по умолчанию MCU_DATABASE_URL или data/mcu.duckdb)")
    parser.add_argument("--rows", type=int, default=250_000, help="число обращений (по умолчанию 250 000)")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--until", type=date.fromisoformat, default=None, help="последний день данных, ГГГГ-ММ-ДД")
    parser.add_argument("--profile", default=None, help="профиль муниципалитета (папка в profiles/)")
    parser.add_argument("--replace", action="store_true", help="заменить данные в существующем хранилище")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    url = args.url or eng.resolve_url()
    try:
        summary = create_demo_store(url, args.rows, args.seed, args.until, load_profile(args.profile), args.replace)
    except Exception as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return 1
    print(f"Готово: {summary['rows']:_} обращений, {summary['events']:_} событий; генерация {summary['generate_s']} с, "
          f"загрузка {summary['load_s']} с; данные до {summary['cutoff']}".replace("_", "\u00a0"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
