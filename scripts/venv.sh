# Sourced by run.sh and test.sh: create .venv if missing and install requirements only when they changed.
# The hash of the requirement files is kept in .venv (a stamp): an unchanged start skips pip entirely, a fresh
# clone or CI (no .venv, no stamp) installs, and any edit of a requirement file installs again.
ensure_requirements() {  # ensure_requirements NAME FILE... (NAME tells the stamps of run.sh and test.sh apart)
  local name=$1; shift
  [ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
  local stamp=".venv/.mcu-requirements-$name.sha256"
  local want
  want=$(cat "$@" | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$1"
  echo "$want" > "$stamp"
}
