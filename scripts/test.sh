#!/usr/bin/env bash
# Set up, then run the whole test suite: lint and format checks, then pytest.
# The long benchmark is opt-in and separate: .venv/bin/python benchmarks/run.py
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check src tests benchmarks scripts
.venv/bin/python -m pytest "$@"
