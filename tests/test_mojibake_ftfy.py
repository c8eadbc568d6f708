"""The mojibake rule on ftfy's own test cases (vendored in tests/data/ftfy, Apache 2.0).

Each case is one line of a Q&A page's body, between two clean lines; the 161 pages are one
corpus, checked and fixed once through the CLI (`benchmarks/mojibake_score.py` does the
same and prints the score next to the old engine's). A legitimate text must be neither
flagged nor changed, nothing but the case's line may change, a second `fix` changes
nothing, and the count of damaged texts repaired exactly can only go up.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from mojibake_score import load_cases, score  # noqa: E402

#: Damaged texts repaired exactly (of 111). The engine before issue 12 repaired 41, and
#: changed 6 of the 50 legitimate texts. Raise this when the engine gets better.
REPAIRED_FLOOR = 100


def test_ftfy_cases(tmp_path: Path, cli) -> None:
    cases = load_cases()
    assert (len(cases), sum(case.legitimate for case in cases)) == (161, 50)

    def run(argv: list[str]) -> tuple[int, str]:
        result = cli(*argv)
        return result.code, result.out

    result = score(tmp_path, cases, run)
    summary = result.summary(cases)
    assert not result.flagged, [case.original for case in result.flagged]
    assert not result.changed, [(case.original, line) for case, line in result.changed]
    assert not result.outside, [case.original for case in result.outside]
    assert not result.not_idempotent, [case.original for case in result.not_idempotent]
    assert len(result.repaired) >= REPAIRED_FLOOR, summary
