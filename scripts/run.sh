#!/usr/bin/env bash
# Install the app into .venv (only when requirements.txt changed) and start it; arguments go to streamlit run,
# e.g. `bash scripts/run.sh --server.port 8600`. On first start it creates data/mcu.duckdb with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing libreoffice-writer-nogui (Debian) for the PDF of the weekly note"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libreoffice-writer-nogui fonts-dejavu-core fonts-liberation >/dev/null
fi
source scripts/venv.sh
ensure_requirements run requirements.txt
exec .venv/bin/python -m streamlit run app.py "$@"
