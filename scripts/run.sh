#!/usr/bin/env bash
# Install the app into .venv (only when requirements.txt changed) and start it; arguments go to streamlit run,
# e.g. `bash scripts/run.sh --server.port 8600`. On first start it creates data/mcu.duckdb with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_requirements run requirements.txt
exec .venv/bin/python -m streamlit run app.py "$@"
