#!/usr/bin/env bash
# Install the app and its test tools into .venv (only when requirements*.txt changed) and run the whole test suite.
# Browser tests need Debian's chromium and nginx (installed here when run as root); PostgreSQL tests need a server at
# 127.0.0.1:5432 (or MCU_TEST_PG_URL). Without them those tests are skipped with the reason printed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium (Debian) for the browser tests"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core >/dev/null
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing nginx-light (Debian) for the deployment browser test"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light openssl >/dev/null
fi
if ! command -v soffice >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing libreoffice-writer-nogui (Debian) for the PDF of the weekly note"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libreoffice-writer-nogui fonts-dejavu-core fonts-liberation >/dev/null
fi
if ! command -v pdftoppm >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing poppler-utils (Debian) to read the weekly note's PDF back in the tests"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils >/dev/null
fi
source scripts/venv.sh
ensure_requirements test requirements-dev.txt requirements.txt  # -r requirements.txt: both files in the hash
exec .venv/bin/python -m pytest "$@"
