#!/usr/bin/env bash
# Set up, then run the whole test suite: lint and format checks, then pytest.
# Long benchmarks and fuzzing are opt-in: CONTENTLINT_SLOW=1 scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check src tests benchmarks scripts
.venv/bin/python -m pytest "$@"
