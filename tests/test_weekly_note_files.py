"""The weekly note's files: the command's exit codes and Russian messages, the PDF (LibreOffice) converted to PNG
with pdftoppm, no personal data in the PDF's text, and the static map drawn in the heat map's class colours."""
from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from PIL import Image

from components.heatmap.measures import MEASURES
from data_access.store.engine import make_engine
from data_access.queries.heatmap import district_figures
from data_access.store.reference import read_reference
from reports.docx_writer import docx_bytes
from reports.map_image import district_map_png
from reports.note import build_note
from reports.pdf import NO_SOFFICE, docx_to_pdf, soffice
from reports.weekly import main
from reports.week import IsoWeek
from tests.test_weekly_note import CITY, EMAIL, PHONE

W46 = IsoWeek(2026, 46)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_command_writes_the_docx_of_a_sector(duckdb_url, tmp_path, capsys):
    code, out, err = run(capsys, "--week", "2026-W46", "--sector", "zhkh", "--url", duckdb_url, "--out",
                         str(tmp_path), "--no-pdf")
    assert code == 0, err
    [path] = tmp_path.glob("*.docx")
    assert path.name == "записка_2026-W46_блок__Жилищно_коммунальное_хозяйство.docx" and str(path) in out
    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "Охват: блок «Жилищно-коммунальное хозяйство»" in text and "46-я неделя 2026 года" in text


@pytest.mark.parametrize(("args", "message"), [
    (("--week", "2026-48"), "Неделя «2026-48» записана не так: нужно ГГГГ-Wнн"),
    (("--week", "2026-W54"), "Недели 54 в 2026 году нет"),
    (("--week", "2026-W46", "--sector", "Космос"), "Отраслевого блока «Космос» нет в хранилище. Есть: "),
    (("--week", "2026-W46", "--district", "Марсианский"), "Района «Марсианский» нет в хранилище. Есть: Железнодорожный"),
])
def test_command_refuses_a_wrong_week_or_scope_in_russian(duckdb_url, tmp_path, capsys, args, message):
    code, _, err = run(capsys, *args, "--url", duckdb_url, "--out", str(tmp_path / "out"))
    assert code == 2 and err.startswith("Записка не создана: ") and message in err
    assert not (tmp_path / "out").exists()


def test_command_refuses_a_bad_out_folder_a_future_week_and_two_scopes_in_russian(duckdb_url, tmp_path, capsys):
    a_file = tmp_path / "файл"
    a_file.write_text("x", encoding="utf-8")
    for args, message in (
            (("--week", "2026-W46", "--out", str(a_file)), f"папку «{a_file}» нельзя создать"),
            (("--week", "2026-W46", "--out", str(a_file / "внутри")), "нельзя создать"),
            (("--week", "2099-W10", "--out", str(tmp_path / "o")), "Неделя 2099-W10 ещё не началась"),
            (("--sector", "zhkh", "--district", "Кировский", "--out", str(tmp_path / "o")), "не оба сразу"),
            (("--week", "2026-W46"), "параметры команды заданы неверно")):
        try:
            code, _, err = run(capsys, *args, "--url", duckdb_url)
        except SystemExit as exc:  # argparse's own exit (a missing --out): the Russian line, code 2
            code, err = exc.code, capsys.readouterr().err
        assert code == 2 and err.startswith("Записка не создана: ") and message in err, (args, err)
        assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_command_without_a_store_exits_1(tmp_path, capsys):
    code, _, err = run(capsys, "--url", f"duckdb:///{tmp_path / 'нет.duckdb'}", "--out", str(tmp_path))
    assert code == 1 and "Записка не создана: Файл хранилища" in err


def test_command_without_libreoffice_still_gives_the_docx(duckdb_url, tmp_path, capsys, monkeypatch):
    """soffice missing from PATH: DOCX written, the Russian reason printed, exit code 3."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, out, err = run(capsys, "--week", "2026-W46", "--district", "Кировский район", "--url", duckdb_url,
                         "--out", str(tmp_path))
    assert code == 3 and NO_SOFFICE in err
    assert len(list(tmp_path.glob("*.docx"))) == 1 and not list(tmp_path.glob("*.pdf"))


def test_pdf_converts_to_png_pages_without_personal_data(duckdb_url, profile, demo_now, tmp_path):
    """The PDF does not depend on the engine: checked once, on DuckDB."""
    if soffice() is None:
        reason = "LibreOffice (soffice) не установлен: PDF записки не проверяется (scripts/test.sh ставит его от root)"
        print(f"\nSKIP: {reason}")
        pytest.skip(reason)
    if shutil.which("pdftoppm") is None:
        reason = "pdftoppm (poppler-utils) не установлен: страницы PDF не проверяются (scripts/test.sh ставит его от root)"
        print(f"\nSKIP: {reason}")
        pytest.skip(reason)
    engine = make_engine(duckdb_url)
    try:
        note = build_note(engine, profile, read_reference(engine), W46, CITY, demo_now)
    finally:
        engine.dispose()
    pdf = tmp_path / "note.pdf"
    pdf.write_bytes(docx_to_pdf(docx_bytes(note)))
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 4  # title page, figures, map, tables
    assert all(Image.open(p).size[1] > Image.open(p).size[0] for p in pages)  # A4 portrait
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "ЕЖЕНЕДЕЛЬНАЯ АНАЛИТИЧЕСКАЯ ЗАПИСКА" in text and "Растущие проблемы" in text
    assert not PHONE.search(text) and not EMAIL.search(text)
    assert "© участники OpenStreetMap (ODbL)" in " ".join(text.split())


def test_the_map_uses_the_heat_maps_class_colours(store_engine, profile, demo_now):
    """Every district's fill is the colour the heat map gives its value (``MEASURES['per_1000'].scale``)."""
    f = W46.filters(CITY)
    figures = district_figures(store_engine, f, demo_now)
    measure = MEASURES["per_1000"]
    scale = measure.scale(figures["per_1000"])
    png = district_map_png(profile.boundary_geojson(), figures, measure, scale, (), "© участники OpenStreetMap (ODbL).",
                           dpi=60)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    counts = {rgb: n for n, rgb in image.getcolors(maxcolors=1 << 20)}
    used = {scale.color(v) for v in figures["per_1000"]}
    assert len(used) >= 2
    for color in used:  # a district is far larger than its legend swatch
        assert counts.get(color, 0) > 400, color
    unused = [c for c in scale.colors if c not in used]
    for color in unused:  # only the legend's swatch
        assert counts.get(color, 0) < 400, color


def test_a_missing_soffice_is_told_in_russian(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(Exception, match="PDF не создан: на сервере нет LibreOffice"):
        docx_to_pdf(b"")
    assert shutil.which("soffice") is None and date.today()  # PATH really hides it


def test_a_settlement_without_districts_gets_a_note_without_the_map(tmp_path, capsys):
    """Petropavlovskaya has no districts: the note is made, its district section says why it is empty."""
    from data_access.demo.generator import create_demo_store
    from data_access.domain.profile import load_profile

    profile = load_profile("petropavlovskaya")
    url = f"duckdb:///{tmp_path / 'pp.duckdb'}"
    create_demo_store(url, 1500, 3, date(2026, 11, 15), profile)
    code, _, err = run(capsys, "--week", "2026-W45", "--url", url, "--out", str(tmp_path), "--no-pdf")
    assert code == 0, err
    doc = Document(next(tmp_path.glob("*.docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "В профиле муниципалитета нет районов: карта и таблица районов не строятся." in text
    assert not doc.inline_shapes  # no map picture
