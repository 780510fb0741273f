"""From a raw table to the rows to write: columns found, cells parsed, values mapped, problems recorded.

Every rule works on whole columns. A row with a problem that makes it unusable is rejected (reason in
the report); a row with a problem in a secondary value is loaded without that value (also reported).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, UTC

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data_access.domain import deadlines as dl
from data_access.ingest.checks import check_dates
from data_access.ingest.deadline import check_extensions, fill_deadlines
from data_access.ingest.mapping import RefState, Resolved, create_missing, resolve, unknown_counts
from data_access.ingest.dates import described_hint, formats_for, parse_described_dates
from data_access.ingest.parse import EMPTY_WORDS, as_text, parse_flags, parse_numbers
from data_access.ingest.read import RawTable
from data_access.ingest.places import Boundaries, h3_cells
from data_access.ingest.source_profile import (
    DATE_FIELDS, DIMENSIONS, FIELD_NAMES, REQUIRED, TEXT_FIELDS, SourceProfile, normalize,
)
from data_access.ingest.masker import MASKED_COLUMNS, masked_copies
from data_access.ingest.report import REJECTED, ImportFailed, ImportSummary, Problems
from data_access.domain.profile import Profile
from data_access.domain.workcalendar import WorkCalendar

MAX_EXTERNAL_ID, MAX_ADDRESS = 100, 300
DATE_HINT = "дата не распознана: ожидается ДД.ММ.ГГГГ [ЧЧ:ММ[:СС]], ГГГГ-ММ-ДД [ЧЧ:ММ] или число Excel"
# Resolution order: a created topic needs its sector, an executor's sector comes from the row.
REF_ORDER = ("channel", "status", "kind", "sector", "topic", "district", "executor")


@dataclass
class Prepared:
    stage: pd.DataFrame          # one row per item to write (rejected rows and duplicates removed)
    update_columns: tuple[str, ...]  # columns the file supplies: compared and updated on existing items
    problems: Problems
    created: dict[str, list[tuple[int, str]]]  # reference rows created for this file: dimension -> [(id, name)]


def find_columns(headers: list[str], source: SourceProfile) -> dict[str, str]:
    """{field: header in the file}; a missing required column fails the whole file."""
    by_norm = {normalize(h): h for h in headers}
    found = {}
    for name, accepted in source.columns.items():
        for header in accepted:
            if normalize(header) in by_norm:
                found[name] = by_norm[normalize(header)]
                break
    missing = [n for n in REQUIRED if n not in found]
    missing += [n for n in ("channel", "status") if n not in found and n not in source.defaults]
    if missing:
        wanted = "; ".join(f"{FIELD_NAMES[n]} — «{' / '.join(source.headers_for(n)) or '?'}»" for n in missing)
        raise ImportFailed(f"В файле нет обязательных столбцов для профиля «{source.name}»: {wanted}. "
                           f"Столбцы файла: {', '.join(headers) or 'нет'}. Ничего не загружено.")
    return found


def prepare(conn: sa.Connection, table: RawTable, source: SourceProfile, profile: Profile, state: RefState,
            summary: ImportSummary, now: datetime | None = None, chunk: pd.DataFrame | None = None,
            start: int = 0) -> Prepared:
    """The rows of ``chunk`` (rows ``start``… of ``table``; the whole table by default) ready to stage.

    The summary's counts are added to, so that the chunks of one file sum up.
    """
    raw = table.frame if chunk is None else chunk
    n = len(raw)
    cols = find_columns(list(raw.columns), source)
    problems = Problems(n, table.numbers(start, n))
    if start == 0:
        problems.add_lines([(line, "", value, reason, REJECTED) for line, value, reason in table.skipped])
    for row, column, value, reason in table.bad_cells:
        if start <= row < start + n:
            problems.add(np.arange(n) == row - start, column, value, reason)
    out = pd.DataFrame(index=pd.RangeIndex(n))
    supplied = {"kind", "status", "channel_id"}

    def cells(field):
        return as_text(raw[cols[field]]).reset_index(drop=True)

    ext = cells("external_id")
    problems.add(ext == "", cols["external_id"], ext, "нет номера обращения в источнике")
    problems.add(ext.str.len() > MAX_EXTERNAL_ID, cols["external_id"], ext, f"номер длиннее {MAX_EXTERNAL_ID} знаков")
    out["external_id"] = ext
    for field in DATE_FIELDS:
        if field in cols:
            described = formats_for(field, source.date_order, source.date_formats)
            parsed, bad = parse_described_dates(raw[cols[field]], profile.tz, described)
            hint = DATE_HINT + described_hint(field, source.date_order, source.date_formats)
            problems.add(bad, cols[field], cells(field), hint)
            out[field] = parsed
            supplied.add(field)
        else:
            out[field] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns, UTC]")
    problems.add(out["received_at"].isna() & (cells("received_at") == ""), cols["received_at"], "",
                 "нет даты поступления")
    summary.warnings += check_dates(out, cols, problems, now or datetime.now(UTC), profile.tz)

    resolved: dict[str, Resolved] = {}
    for field in REF_ORDER:
        dim = DIMENSIONS[field]
        if field in cols:
            text = cells(field)
            if field in source.defaults:
                text = text.where(text != "", source.defaults[field])
        elif field in source.defaults:
            text = pd.Series(source.defaults[field], index=out.index, dtype=object)
        elif field == "kind":
            first_kind = {i: _first_kind(profile, code) for i, code in state.channel_codes.items()}
            text = resolved["channel"].values.map(first_kind).fillna("").astype(object)
        else:
            continue
        res = resolved[field] = resolve(text, dim, state, source)
        column = cols.get(field, f"{FIELD_NAMES[field]} (по умолчанию)")
        if field in ("channel", "status", "kind"):
            problems.add((text == "").to_numpy(), column, text, f"не указан {FIELD_NAMES[field]}")
        policy = source.policy(dim)
        hint = f"неизвестное значение поля «{FIELD_NAMES[field]}»"
        if policy == "reject" or field in ("channel", "status", "kind"):
            problems.add(res.unknown, column, text, f"{hint}: сопоставьте его в разделе {dim} профиля {source.key}.yaml",
                         unknown=True)
        elif policy == "empty":
            problems.add(res.unknown, column, text, f"{hint}: загружено без него (так задано в профиле)", reject=False)
        else:
            _create(conn, field, res, out, resolved, state, source, problems, column)
        supplied.add(f"{field}_id" if field not in ("status", "kind") else field)
    out["channel_id"] = resolved["channel"].values
    out["status"] = resolved["status"].values
    out["kind"] = resolved["kind"].values
    for field in ("topic", "sector", "executor"):
        out[f"{field}_id"] = resolved[field].values if field in resolved else None
    if "topic" in resolved:  # the topic's own sector where the file names none
        from_topic = out["topic_id"].map(state.topic_sector)
        out["sector_id"] = out["sector_id"].where(out["sector_id"].notna(), from_topic)
        supplied.add("sector_id")
    _places(raw, cols, out, resolved.get("district"), state, profile, problems, summary, supplied)
    _numbers(raw, cols, out, problems, supplied)
    for field in TEXT_FIELDS:
        if field in cols:
            text = cells(field)
            long = (text.str.len() > MAX_ADDRESS).to_numpy() if field == "address" else np.zeros(n, dtype=bool)
            problems.add(long, cols[field], text, f"адрес длиннее {MAX_ADDRESS} знаков: сохранено начало", reject=False)
            out[field] = text.str.slice(0, MAX_ADDRESS if field == "address" else None).where(text != "", None)
            supplied.add(field)
        else:
            out[field] = None
    out["row_no"] = table.numbers(start, n)
    keep = _drop_duplicates(out, problems, cols["external_id"])
    stage = masked_copies(out[keep])  # what users without access to personal data read: masked once, here
    supplied.update(MASKED_COLUMNS[f] for f in TEXT_FIELDS if f in supplied)
    _deadlines(stage, state, profile, summary, supplied)
    for field, res in resolved.items():  # unknown values of rows refused for another reason are not counted
        counts = summary.unknown.setdefault(DIMENSIONS[field], {})
        for value, rows in unknown_counts(res, ~problems.hard).items():
            counts[value] = counts.get(value, 0) + rows
    summary.rejected += int(problems.rejected.sum()) + (len(table.skipped) if start == 0 else 0)
    summary.without_district += int(stage["district_id"].isna().sum())
    return Prepared(stage.reset_index(drop=True), tuple(sorted(supplied)), problems, state.created)


def _first_kind(profile: Profile, channel_code) -> str | None:
    if not isinstance(channel_code, str):
        return None
    match = [c for c in profile.channels if c.code == channel_code]
    return match[0].kinds[0] if match else "message"


def _create(conn, field, res, out, resolved, state, source, problems, column) -> None:
    """Insert the unknown values of ``field`` as new reference rows (topics, sectors, executors)."""
    dim = DIMENSIONS[field]
    alive = res.unknown & ~problems.rejected
    if not alive.any():
        return
    names_raw = res.raw[alive]
    mapped = names_raw.map(lambda v: source.maps[dim].get(normalize(v), v))
    sector_of: dict[str, int | None] = {}
    if field in ("topic", "executor"):
        row_sector = resolved["sector"].values[alive] if "sector" in resolved else pd.Series(None, index=mapped.index)
        fallback = state.sector_codes.get(source.new_topic_sector) if field == "topic" else None
        for name, group in pd.DataFrame({"n": mapped.map(normalize), "s": row_sector}).groupby("n", sort=False):
            known = group["s"].dropna()
            sector_of[name] = int(known.mode().iloc[0]) if len(known) else fallback
    names = list(dict.fromkeys(mapped))
    if field == "topic":
        orphan = [nm for nm in names if sector_of[normalize(nm)] is None]
        bad = alive & res.raw.map(lambda v: source.maps[dim].get(normalize(v), v)).isin(orphan).to_numpy()
        problems.add(bad, column, res.raw, "новую тему не создать без направления: укажите столбец направления "
                                           "или new_topic_sector в профиле")
        names = [nm for nm in names if nm not in orphan]
    ids = create_missing(conn, dim, names, state, sector_of)
    fill = res.raw.map(lambda v: ids.get(normalize(source.maps[dim].get(normalize(v), v))))
    res.values[alive] = fill[alive].where(fill[alive].notna(), None)


def _places(raw, cols, out, district: Resolved | None, state, profile, problems, summary, supplied) -> None:
    n = len(out)
    name_ids = district.values if district is not None else pd.Series(None, index=out.index, dtype=object)
    lat = lon = np.full(n, np.nan)
    if "lat" in cols and "lon" in cols:
        lat_s, bad_lat = parse_numbers(raw[cols["lat"]])
        lon_s, bad_lon = parse_numbers(raw[cols["lon"]])
        lat, lon = lat_s.to_numpy(), lon_s.to_numpy()
        lat_text = as_text(raw[cols["lat"]]).reset_index(drop=True)
        lon_text = as_text(raw[cols["lon"]]).reset_index(drop=True)
        text = lat_text + ", " + lon_text
        bad = bad_lat | bad_lon
        problems.add(bad, cols["lat"], text, "координаты не распознаны: сохранено без координат", reject=False)
        given_lat, given_lon = ~_blank(lat_text), ~_blank(lon_text)
        problems.add(~bad & (given_lat ^ given_lon), cols["lat"], text, "указана только "
                     "одна координата из двух: сохранено без координат", reject=False)
        not_finite = ~bad & given_lat & given_lon & ~(np.isfinite(lat) & np.isfinite(lon))
        problems.add(not_finite, cols["lat"], text, "координаты не число (NaN или бесконечность): сохранено без "
                     "координат", reject=False)
        has = np.isfinite(lat) & np.isfinite(lon)
        lat, lon = np.where(has, lat, np.nan), np.where(has, lon, np.nan)  # a point has both halves or none
        located = np.full(n, None, dtype=object)
        bounds = Boundaries.for_profile(profile)
        located[has] = bounds.locate(lat[has], lon[has])
        kept = np.zeros(n, dtype=bool)
        kept[has] = bounds.keep(lat[has], lon[has], located[has])
        outside = has & ~kept
        where = "районов" if bounds.has_districts else "города" if bounds.city is not None else "допустимых значений"
        summary.outside_city += problems.add(
            outside, cols["lat"], text, f"координаты вне границ {where}: сохранено без координат"
            + (", район по названию" if district is not None else ""), reject=False)
        lat, lon = np.where(outside, np.nan, lat), np.where(outside, np.nan, lon)
        by_name = {nm: state.lookups["districts"].get(normalize(nm)) for nm in pd.unique(located) if nm}
        point_ids = pd.Series(located).map(by_name)
        name_ids = point_ids.where(point_ids.notna(), name_ids)
        supplied.update({"lat", "lon", "h3_cell", "district_id"})
    out["district_id"] = name_ids.astype(object).where(name_ids.notna(), None)
    out["lat"], out["lon"] = lat, lon
    inside = np.isfinite(lat) & np.isfinite(lon)
    cells = pd.array(np.zeros(n, dtype=np.int64), dtype="Int64")
    cells[inside] = h3_cells(lat[inside], lon[inside])
    cells[~inside] = pd.NA
    out["h3_cell"] = cells


def _blank(text: pd.Series) -> np.ndarray:
    """Cells that say nothing (empty, «-», «null»…); «NaN» and «inf» are not blank: they are written values."""
    return text.str.lower().isin(EMPTY_WORDS - {"nan"}).to_numpy()


def _numbers(raw, cols, out, problems, supplied) -> None:
    n = len(out)
    rating = pd.Series(np.nan, index=out.index)
    if "rating" in cols:
        rating, bad = parse_numbers(raw[cols["rating"]])
        wrong = bad | (rating.notna() & ~rating.isin([1, 2, 3, 4, 5])).to_numpy()
        problems.add(wrong, cols["rating"], as_text(raw[cols["rating"]]).reset_index(drop=True),
                     "оценка не от 1 до 5: сохранено без оценки", reject=False)
        rating = rating.where(~wrong)
        supplied.add("rating")
    out["rating"] = pd.array(rating.round(), dtype="Int64")
    reopened = pd.Series(0.0, index=out.index)
    if "reopened_count" in cols:
        reopened, bad = parse_numbers(raw[cols["reopened_count"]])
        wrong = bad | ((reopened < 0) | (reopened > 32_767)).to_numpy()  # SMALLINT
        problems.add(wrong, cols["reopened_count"], as_text(raw[cols["reopened_count"]]).reset_index(drop=True),
                     "число возвратов не распознано: сохранён 0", reject=False)
        reopened = reopened.where(~wrong).fillna(0)
        supplied.add("reopened_count")
    out["reopened_count"] = reopened.round().astype("int16")
    fast = pd.Series(np.zeros(n, dtype=bool), index=out.index)
    if "fast_track" in cols:
        fast, bad = parse_flags(raw[cols["fast_track"]])
        problems.add(bad, cols["fast_track"], as_text(raw[cols["fast_track"]]).reset_index(drop=True),
                     "фаст-трек: ожидается «да» или «нет», сохранено «нет»", reject=False)
        supplied.add("fast_track")
    out["fast_track"] = fast.to_numpy(dtype=bool)


def _drop_duplicates(out: pd.DataFrame, problems: Problems, column: str) -> np.ndarray:
    """Keep one row per (channel, external id): the latest by «дата изменения», else the last in the file."""
    alive = ~problems.rejected
    if not out[alive].duplicated(["channel_id", "external_id"]).any():  # the usual case: nothing to choose
        return alive
    key = out["channel_id"].astype(str) + "\x1f" + out["external_id"]
    order = pd.DataFrame({"key": key, "upd": out["updated_at"], "row": out["row_no"] if "row_no" in out
                          else np.arange(len(out))})[alive]
    order = order.sort_values(["key", "upd", "row"], na_position="first", kind="stable")
    winner = order.groupby("key")["row"].transform("last")
    dup = order["row"] != winner
    mask = np.zeros(len(out), dtype=bool)
    mask[dup[dup].index] = True
    reason = pd.Series("", index=out.index)
    reason[dup[dup].index] = "повтор номера в файле: загружена строка " + winner[dup].astype(str)
    for text, idx in reason[mask].groupby(reason[mask]).groups.items():
        sub = np.zeros(len(out), dtype=bool)
        sub[idx] = True
        problems.add(sub, column, out["external_id"], text)
    return ~problems.rejected


def _deadlines(stage, state, profile, summary, supplied) -> None:
    rules = dl.load_rules(profile)
    items = pd.DataFrame({
        "channel": stage["channel_id"].map(state.channel_codes), "kind": stage["kind"],
        "topic": stage["topic_id"].map(state.topic_names) if stage["topic_id"].notna().any() else None,
        "start": stage["registered_at"].where(stage["registered_at"].notna(), stage["received_at"]),
        "deadline_at": stage["deadline_at"]}, index=stage.index)
    calendar = WorkCalendar.for_profile(profile)
    fill = fill_deadlines(items, rules, calendar)
    stage["deadline_at"] = fill.deadline_at
    summary.deadlines_computed += int(fill.computed.sum())
    summary.deadlines_disagree += int(fill.disagrees.sum())
    if "extended_deadline_at" in stage and stage["extended_deadline_at"].notna().any():
        flags = check_extensions(items.assign(extended_deadline_at=stage["extended_deadline_at"]), fill.deadline_at,
                                 rules, calendar)
        counts = flags[flags != ""].str.split(",").explode().value_counts()
        for code, n in counts.items():  # chunks add up
            summary.extension_problems[code] = summary.extension_problems.get(code, 0) + int(n)
    summary.deadline_basis = rules.source
    supplied.add("deadline_at")
