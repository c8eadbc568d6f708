"""Every regex that reads page text takes time linear in the page, whatever the page holds.

contentlint runs on pull requests from strangers, so page text is hostile: a backtracking
pattern that loops on a long run of blanks, of ``☢``, of quotes, an unclosed ``[`` or a
near miss can take minutes on a few kilobytes (``☢`` followed by 3,000 spaces in an ACR
article once took 66 s). Each module that reads page text lists its patterns in
``CONTENT_PATTERNS``, with inputs that would make a backtracking version slow;
``benchmarks/regex_adversarial.py`` builds them, and also puts them in whole files.

Every case is timed at 10,000 and 100,000 characters: linear time gives a ratio of about 10,
quadratic of 100. The machine may be shared and noisy, so a case that looks slow is timed
again, and fails only if the best of three runs still exceeds the bounds: a ratio of
``RATIO``, or ``CEILING`` seconds at 100,000 characters. A case that takes less than
``FAST`` at 100,000 characters passes whatever its ratio (at that speed noise is all there
is; anything quadratic at that size takes seconds).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from regex_adversarial import (  # noqa: E402
    build,
    distinct_procedures,
    file_checker,
    pattern_cases,
    timed,
)

SMALL, LARGE = 10_000, 100_000
RATIO = 30
ATTEMPTS = 3
CEILING, FAST = 2.0, 0.02  # seconds, for one pattern
# For a whole `contentlint check`: start-up, every rule, and a finding to report for each
# of the 33,000 mojibake spans of a 100k page of them.
FILE_CEILING, FILE_FAST = 5.0, 0.5


def assert_linear(
    apply: Callable[[str], Any],
    make: Callable[[int], str],
    ceiling: float = CEILING,
    fast: float = FAST,
) -> None:
    small_text, large_text = make(SMALL), make(LARGE)
    small = large = math.inf
    for _ in range(ATTEMPTS):
        small = min(small, timed(apply, small_text))
        large = min(large, timed(apply, large_text))
        if large <= fast or (large <= ceiling and large <= RATIO * small):
            return
    pytest.fail(
        f"{small * 1000:.1f} ms at {SMALL:,} characters, {large * 1000:.1f} ms at {LARGE:,} "
        f"(ratio {large / small:.0f}; linear is about 10, the ceiling {ceiling} s)"
    )


CASES = list(pattern_cases())


@pytest.mark.parametrize(
    ("apply", "attack"),
    [(apply, attack) for _, apply, attack in CASES],
    ids=[label for label, _, _ in CASES],
)
def test_pattern_is_linear(apply: Callable[[str], Any], attack: tuple[str, str, str]) -> None:
    assert_linear(apply, lambda size: build(attack, size))


def test_the_patterns_once_slow_are_listed() -> None:
    names = [label.split(" ", 1)[0] for label, _, _ in CASES]
    for expected in (
        "patterns:reviewer",
        "patterns:bullet",
        "patterns:atx-heading",
        "patterns:inline-link",
        "patterns:inline-markup",
        "patterns:rating/quoted",
        "patterns:rating/rates-as",
        "patterns:radiation",
        "patterns:guide-reference",
        "patterns:subject-trailing",
        "patterns:section-kind",
        "mojibake:mojibake-scan",
        "encoding:control-character",
        "names:slug",
        "content_types:related-key",
        "statements:paren-term",
    ):
        assert expected in names


# -- whole files: the article or page parsed, and every rule run on it ----------------------

#: (file shape, input): a 100k-character line aimed at each pattern that was once slow.
FILE_CASES = [
    ("acr-text", ("☢", " ", "x")),  # radiation level
    ("acr-text", ("☢", "\t", "?")),
    ("acr-text", ("Reviewed by a", " ", ", MD, b")),  # reviewer line
    ("acr-text", ("Reviewed by a, MD, b", "\u00a0", "\n")),
    ("acr-text", ("- a", " ", "b")),  # bullet
    ("acr-markdown", ("# a", " ", "b")),  # ATX heading
    ("acr-markdown", ("## who ", "is ", "x")),  # section kind
    ("acr-text", ("", "[a](", "x")),  # inline links
    ("acr-text", ("a", "_", "b")),  # inline markup
    ("acr-text", ("a", "'", "Usually")),  # quoted rating
    ("acr-text", ("rates ", " ", "x")),  # "rates … as"
    ("acr-text", ("parent guide: a", " ", "x")),  # guide reference
    ("acr-text", ("CT", " is", " rated Usually appropriate")),  # subject trimming
    ("acr-text", ("", "`CT` is rated Usually appropriate ", "")),  # one clause, many ratings
    ("acr-markdown", ("", "CT is rated Usually appropriate, ", "")),
    ("acr-text", ("Usually ", " ", "appropriate")),  # a rating in brackets, searched
    ("acr-markdown", ("CT", " ", "is rated Usually appropriate")),
    ("qa", ("", "Ã\x85 ", "")),  # mojibake holding control characters
    ("qa", ("", " ", "x")),
]


@pytest.mark.parametrize(
    ("shape", "attack"),
    FILE_CASES,
    ids=[f"{shape} {attack[0]}[{attack[1]}]*{attack[2]}" for shape, attack in FILE_CASES],
)
def test_file_check_is_linear(tmp_path: Path, shape: str, attack: tuple[str, str, str]) -> None:
    check = file_checker(tmp_path, shape)
    assert_linear(check, lambda size: build(attack, size), FILE_CEILING, FILE_FAST)


def test_radiation_symbol_then_3000_spaces(tmp_path: Path) -> None:
    """``☢`` followed by 3,000 spaces in an article (in a 3 KB one, that took 66 s)."""
    check = file_checker(tmp_path, "acr-text")
    payload = "☢" + " " * 3000 + "x"
    assert min(timed(check, payload) for _ in range(ATTEMPTS)) < CEILING


def test_many_procedures_rated(tmp_path: Path) -> None:
    """Thousands of rating statements, each of another procedure: rating-conflict compares
    each with the procedures that share its words, not with all of them."""
    assert_linear(file_checker(tmp_path, "acr-text"), distinct_procedures, FILE_CEILING, FILE_FAST)
