"""The page «Аналитическая записка» in headless Chromium: it opens with no error box, previews last week's note,
and its DOCX (and PDF, where LibreOffice is installed) download as files of that kind."""
import io
import shutil

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_errors, capture, open_and_capture, settle

pytestmark = pytest.mark.e2e


def test_note_page_previews_and_downloads(browser, app_url):
    page = open_and_capture(browser, app_url + "/note", "note", height=1600)
    assert_no_errors(page)
    expect(page.get_by_text("За неделю поступило").first).to_be_visible()
    body = page.inner_text("body")
    assert "Еженедельная аналитическая записка:" in body and "Охват: весь город" in body
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1
    with page.expect_download() as got:
        page.get_by_role("button", name="Скачать DOCX").click()
    data = open(got.value.path(), "rb").read()
    assert got.value.suggested_filename.endswith(".docx")
    assert "Еженедельная аналитическая записка".upper() in "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    if shutil.which("soffice") is None:
        expect(page.get_by_text("PDF не создан: на сервере нет LibreOffice")).to_be_visible()
    else:
        page.get_by_role("button", name="Подготовить PDF").click()
        expect(page.get_by_role("button", name="Скачать PDF")).to_be_visible(timeout=180_000)
        with page.expect_download() as got:
            page.get_by_role("button", name="Скачать PDF").click()
        assert open(got.value.path(), "rb").read(5) == b"%PDF-"
    settle(page)
    capture(page, "note_pdf_ready")
    assert_no_errors(page)
    page.close()


def test_note_of_a_block_is_titled_by_it(browser, app_url):
    page = open_and_capture(browser, app_url + "/note?note_scope=Отраслевой+блок&note_sector=Дороги", "note_block")
    assert_no_errors(page)
    expect(page.get_by_text("Охват: блок «Дороги»")).to_be_visible()
    page.close()
