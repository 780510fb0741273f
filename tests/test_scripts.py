"""scripts/run.sh and scripts/test.sh install requirements only when they changed (a stamp in .venv)."""
import shutil
import subprocess

from data_access.domain.profile import PROJECT_ROOT

FAKE_PYTHON = """#!/usr/bin/env bash
echo "$*" >> "$(dirname "$0")/../../calls.log"
"""


def _project(tmp_path):
    """A copy of the scripts' world: requirement files and a .venv whose python only logs how it was called."""
    shutil.copytree(PROJECT_ROOT / "scripts", tmp_path / "scripts")
    (tmp_path / "requirements.txt").write_text("streamlit==1.67.0\n")
    (tmp_path / "requirements-dev.txt").write_text("-r requirements.txt\npytest==9.2.0\n")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    return tmp_path


def _ensure(root, *args) -> None:
    subprocess.run(["bash", "-c", f"set -euo pipefail; source scripts/venv.sh; ensure_requirements {' '.join(args)}"],
                   cwd=root, check=True)


def _installs(root) -> int:
    log = root / "calls.log"
    return sum("pip install" in line for line in log.read_text().splitlines()) if log.exists() else 0


def test_install_once_then_only_after_a_change(tmp_path):
    root = _project(tmp_path)
    _ensure(root, "test", "requirements-dev.txt", "requirements.txt")
    assert _installs(root) == 1                      # a fresh .venv (fresh clone, CI): installed
    _ensure(root, "test", "requirements-dev.txt", "requirements.txt")
    assert _installs(root) == 1                      # unchanged: pip is not called
    (root / "requirements.txt").write_text("streamlit==1.67.0\nduckdb==1.4.0\n")
    _ensure(root, "test", "requirements-dev.txt", "requirements.txt")
    assert _installs(root) == 2                      # a runtime requirement changed: installed again
    _ensure(root, "run", "requirements.txt")
    assert _installs(root) == 3                      # run.sh keeps its own stamp
    _ensure(root, "run", "requirements.txt")
    assert _installs(root) == 3
    (root / ".venv" / ".mcu-requirements-test.sha256").unlink()
    _ensure(root, "test", "requirements-dev.txt", "requirements.txt")
    assert _installs(root) == 4                      # no stamp (e.g. a venv made by hand): installed


def test_a_failed_install_leaves_no_stamp(tmp_path):
    root = _project(tmp_path)
    (root / ".venv" / "bin" / "python").write_text("#!/usr/bin/env bash\nexit 1\n")
    result = subprocess.run(["bash", "-c", "set -euo pipefail; source scripts/venv.sh; "
                             "ensure_requirements run requirements.txt"], cwd=root)
    assert result.returncode != 0
    assert not (root / ".venv" / ".mcu-requirements-run.sha256").exists()


def test_the_scripts_use_the_stamp_and_pass_arguments_to_streamlit():
    run = (PROJECT_ROOT / "scripts" / "run.sh").read_text()
    test = (PROJECT_ROOT / "scripts" / "test.sh").read_text()
    assert "ensure_requirements run requirements.txt" in run and 'streamlit run app.py "$@"' in run
    assert "ensure_requirements test requirements-dev.txt requirements.txt" in test
    assert "pip install" not in run and "pip install" not in test  # only through the stamp
