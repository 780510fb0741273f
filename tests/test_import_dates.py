"""Source profiles describe date order and per-column formats: «31/01/2022 13:47» can be loaded as it is."""
from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import sqlalchemy as sa
import yaml

from data_access.store import engine as eng
from data_access.ingest.dates import formats_for, parse_described_dates
from data_access.ingest.source_profile import parse_source
from data_access.ingest.importer import import_bytes
from data_access.domain.profile import PROFILES_DIR, ProfileError

TZ = ZoneInfo("Asia/Krasnoyarsk")


def local(values, tz=TZ):
    return [None if pd.isna(v) else v.tz_convert(tz).strftime("%Y-%m-%d %H:%M") for v in values]


CELLS = ["31/01/2022 13:47", "01/02/2022", "31/02/2022", "05.03.2022 10:00", "2022-03-05T10:00:00+03:00", "",
         "1/3/2022 9:05", "мусор", "01/02/1850"]


def test_day_first():
    got, bad = parse_described_dates(pd.Series(CELLS), TZ, formats_for("received_at", "day-first", {}))
    assert local(got) == ["2022-01-31 13:47", "2022-02-01 00:00", None, "2022-03-05 10:00", "2022-03-05 14:00", None,
                          "2022-03-01 09:05", None, None]
    assert bad.tolist() == [False, False, True, False, False, False, False, True, True]


def test_month_first():
    got, bad = parse_described_dates(pd.Series(CELLS), TZ, formats_for("received_at", "month-first", {}))
    assert local(got)[:3] == [None, "2022-01-02 00:00", None]
    assert local(got)[6] == "2022-01-03 09:05"
    assert bad.tolist()[:3] == [True, False, True]


def test_iso_order_and_a_format_for_one_column_only():
    formats = {"answered_at": ("%Y%m%d%H%M",)}
    got, bad = parse_described_dates(pd.Series(["202201311347", "2022/01/31"]), TZ,
                                      formats_for("answered_at", "iso", formats))
    assert local(got) == ["2022-01-31 13:47", "2022-01-31 00:00"] and not bad.any()
    # the same column format does not apply to another field
    _, bad = parse_described_dates(pd.Series(["202201311347"]), TZ, formats_for("received_at", None, formats))
    assert bad.tolist() == [True]


def test_undescribed_source_keeps_the_usual_forms_only():
    got, bad = parse_described_dates(pd.Series(["31/01/2022 13:47", "31.01.2022 13:47"]), TZ, ())
    assert local(got) == [None, "2022-01-31 13:47"] and bad.tolist() == [True, False]


@pytest.mark.parametrize(("section", "message"), [
    ({"order": "year-last"}, "ожидается day-first"), ({"formats": {"text": ["%d"]}}, "это не поле даты"),
    ({"formats": {"received_at": ["dd/mm/yyyy"]}}, "нужен формат"), (["day-first"], "должен быть словарём")])
def test_bad_dates_section_is_named_in_russian(section, message):
    data = {"columns": {"external_id": "N", "received_at": "D"}, "defaults": {"channel": "pos", "status": "new"},
            "dates": section}
    with pytest.raises(ProfileError, match=message):
        parse_source(data, "x")


def test_import_of_a_day_first_file(tmp_path, monkeypatch):
    source = yaml.safe_load((PROFILES_DIR / "krasnoyarsk" / "sources" / "generic.yaml").read_text(encoding="utf-8"))
    source["dates"] = {"order": "day-first"}
    path = tmp_path / "slash.yaml"
    path.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    url = f"duckdb:///{tmp_path / 's.duckdb'}"
    engine = eng.make_engine(url)
    eng.upgrade_store(engine)
    monkeypatch.setenv("MCU_PROFILE", "krasnoyarsk")
    data = ("Номер;Канал;Поступило;Ответ дан;Статус;Тема\n"
            "D-1;pos;31/01/2022 13:47;02/02/2022 10:00;ответ дан;Отопление\n"
            "D-2;pos;31/02/2022 13:47;;в работе;Отопление\n").encode()
    summary = import_bytes(engine, data, "d.csv", parse_source(source, "slash", path),
                           now=datetime(2022, 3, 1, tzinfo=UTC))
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT external_id, received_at, answered_at FROM messages")).all()
    engine.dispose()
    assert summary.added == 1 and summary.rejected == 1
    reasons = " ".join(summary.report["Причина"])
    assert "в порядке «день, месяц, год»" in reasons  # the reject names the order the source profile describes
    (ext, received, answered), = rows
    assert ext == "D-1"
    assert pd.Timestamp(received).tz_convert(TZ).strftime("%d.%m.%Y %H:%M") == "31.01.2022 13:47"
    assert pd.Timestamp(answered).tz_convert(TZ).strftime("%d.%m.%Y %H:%M") == "02.02.2022 10:00"


def test_the_hint_of_a_rejected_date_reads_as_users_write_dates():
    from data_access.ingest.dates import described_hint

    assert described_hint("received_at", None, {}) == ""
    assert described_hint("received_at", "day-first", {}) == ", или как описано в профиле источника: в порядке " \
                                                           "«день, месяц, год»"
    got = described_hint("answered_at", None, {"answered_at": ("%d/%m/%Y %H:%M",), "received_at": ("%Y%m%d",)})
    assert got == ", или как описано в профиле источника: ДД/ММ/ГГГГ ЧЧ:ММ"
