"""The architecture as tests: import-linter's contracts (pyproject.toml ``[tool.importlinter]``: pages -> components
-> data_access -> geo one way, Streamlit only where the design allows) and vulture's dead-code scan
(``[tool.vulture]``, false positives in ``vulture_whitelist.py``) over the project; and each check shown to fail on
a copy of the project with a planted violation."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PACKAGES = ("app_pages", "reports", "components", "data_access", "geo", "benchmarks", "scripts", "migrations")
FILES = ("pyproject.toml", "app.py", "vulture_whitelist.py")


def _run(tool: str, cwd: Path) -> subprocess.CompletedProcess:
    args = [str(BIN / tool)] + (["--no-cache"] if tool == "lint-imports" else [])
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


def _copy(tmp_path: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_import_contracts_are_kept():
    out = _run("lint-imports", ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


def test_import_contracts_catch_planted_violations(tmp_path):
    root = _copy(tmp_path)
    with root.joinpath(*"geo/colors.py".split("/")).open("a", encoding="utf-8") as fh:
        fh.write("\nimport streamlit  # noqa\n")              # Streamlit below the pages
    with root.joinpath(*"data_access/metrics/filters.py".split("/")).open("a", encoding="utf-8") as fh:
        fh.write("\nfrom components.frame.keys import K  # noqa\n")  # data_access reaching up to components
    out = _run("lint-imports", root)
    assert out.returncode != 0
    assert "2 broken" in out.stdout, out.stdout
    assert "data_access.metrics.filters -> components.frame.keys" in out.stdout
    assert "geo.colors -> streamlit" in out.stdout


def test_no_dead_code():
    out = _run("vulture", ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("planted", ["def never_called(x):\n    return x\n", "UNUSED_CONSTANT = 1\n"])
def test_dead_code_scan_catches_planted_code(tmp_path, planted):
    root = _copy(tmp_path)
    with root.joinpath(*"data_access/metrics/registry.py".split("/")).open("a", encoding="utf-8") as fh:
        fh.write("\n\n" + planted)
    out = _run("vulture", root)
    assert out.returncode != 0 and "data_access/metrics/registry.py" in out.stdout, out.stdout
