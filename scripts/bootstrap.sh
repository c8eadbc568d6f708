#!/usr/bin/env bash
# Create .venv (once) and install contentlint into it: `bootstrap.sh` installs the linter
# and its run-time dependencies only; `bootstrap.sh test` adds the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
target=.
if [ "${1:-}" = "test" ]; then
  target='.[test]'
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$target"
