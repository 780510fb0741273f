"""PDF of the note: the DOCX converted by LibreOffice headless (Debian: libreoffice-writer-nogui).

Each conversion gets its own LibreOffice user profile in a temporary folder, so that conversions running at the
same time (the page and a scheduled command) do not wait on each other's profile lock.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

NO_SOFFICE = ("PDF не создан: на сервере нет LibreOffice (команда soffice). Установите пакет Debian "
              "libreoffice-writer-nogui (это делают scripts/run.sh и scripts/test.sh, запущенные от root); "
              "записка в DOCX готова.")
TIMEOUT_S = 180


class PdfUnavailable(RuntimeError):
    """No PDF could be made; the message is Russian, for the user."""


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert DOCX bytes to PDF bytes; ``PdfUnavailable`` (Russian) without LibreOffice or when it fails."""
    command = soffice()
    if command is None:
        raise PdfUnavailable(NO_SOFFICE)
    with tempfile.TemporaryDirectory(prefix="mcu_note_") as tmp:
        folder = Path(tmp)
        source = folder / "note.docx"
        source.write_bytes(docx)
        args = [command, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                "--nolockcheck", "--convert-to", "pdf", "--outdir", str(folder), str(source)]
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"PDF не создан: LibreOffice не уложился в {TIMEOUT_S} с; записка в DOCX готова.") \
                from None
        target = folder / "note.pdf"
        if done.returncode != 0 or not target.exists():
            log.error("soffice failed (%s): %s %s", done.returncode, done.stdout, done.stderr)
            raise PdfUnavailable("PDF не создан: LibreOffice не смог преобразовать записку (подробности — в журнале); "
                                 "записка в DOCX готова.")
        return target.read_bytes()
