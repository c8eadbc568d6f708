"""A line's candidate spans, indexed for the vetoes, and the questions they ask of a span.

`Context` holds a line's candidates so that each question costs little (a hostile line holds
tens of thousands of them): which are evidence-grade damage (`others`), which lie in a run
of text (`in_run`), which runs hold C1 controls. The questions that need the line's other
candidates live here too: whether a span is a letter at a word end (`is_weak`), whether its
repair puts a lowercase letter into a word of capitals (`lowercase_in_caps`), whether it is
a piece of a garble (`garbled`), whether another codec reads its run whole
(`read_whole_otherwise`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from contentlint.text.ftfy_calls import fix, is_bad
from contentlint.text.gate import COMMON
from contentlint.text.verify import Span, undo_once

__all__ = [
    "C1",
    "NO_WORD_STARTS",
    "WORD",
    "Context",
    "garbled",
    "is_weak",
    "lowercase_in_caps",
    "read_whole_otherwise",
]

C1 = re.compile("[\x80-\x9f]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\s]++")
# Leads of the commonest mojibake (Latin-1 symbols and letters, Greek, Cyrillic): no word
# begins with one of them followed by a mark (`Ð’` is `В`, `Ñ–` is `і`).
NO_WORD_STARTS = frozenset("ÂÃÎÏÐÑ")
WORD = 48  # characters: longer than any word a page holds

# What follows a word directly, so a letter followed only by these at a word end may be a
# real word (`CAFÉ”`, `QUEM É¿`, `SÉ¡`, `Ã’s` in a text about mojibake): closing and opening
# quotes, dashes, an ellipsis, signs, degrees, superscripts and ordinals, inverted marks.
_WORD_FOLLOWERS = frozenset("’”“‘»«›‹…–—‐•\u00a0\u00ad™®©°´¹²³ⁿªº¿¡!?")


class Context:
    """A line's candidates, indexed so that each veto's questions cost little: long hostile
    lines hold tens of thousands of candidates, and no question may look at them all."""

    def __init__(self, line: str, candidates: list[Span]) -> None:
        self.line = line
        self.candidates = candidates
        self.weak = {id(s): is_weak(line, s) for s in candidates}
        self.strong = [
            s
            for s in candidates
            if s.repair is not None and s.how == "plain" and not self.weak[id(s)]
        ]
        self.by_chain: dict[tuple[str, ...], list[Span]] = {}
        for s in self.strong:
            self.by_chain.setdefault(s.chain, []).append(s)
        self.fitting = self._fitting()
        self.ordered = sorted((s for s in candidates if s.repair is not None), key=_start)
        self.starts = [s.start for s in self.ordered]
        self.garbled: dict[tuple[int, int], bool] = {}
        self.read_otherwise: dict[tuple[int, int], bool] = {}
        self.covered = bytearray(len(line) + 1)
        for s in self.ordered:
            self.covered[s.start : s.end] = b"\x01" * (s.end - s.start)
        # A verified span whose damage holds C1 controls proves a Latin-1 decode.
        self.runs = [match.span() for match in _NON_ASCII_RUN.finditer(line)]
        self.run_starts = [lo for lo, _ in self.runs]
        self.c1_proof = any(C1.search(line[s.start : s.end]) for s in self.ordered)

    def restrict(self, left: set[tuple[int, int]]) -> bool:
        """No longer count the spans at ``left`` (start, end) as evidence; whether any went."""
        strong = [s for s in self.strong if (s.start, s.end) not in left]
        if len(strong) == len(self.strong):
            return False
        self.strong = strong
        self.garbled, self.read_otherwise = {}, {}  # answers that may have used the evidence
        self.by_chain = {}
        for s in strong:
            self.by_chain.setdefault(s.chain, []).append(s)
        self.fitting = self._fitting()
        return True

    def _fitting(self) -> list[Span]:
        line = self.line
        return [s for s in self.strong if s.chain[0] in COMMON or fits(line, s)]

    def fitting_others(self, span: Span) -> bool:
        """Whether damage that fits its place (or is read in a common codec) is on the
        line apart from ``span``."""
        return any(not (s.start < span.end and span.start < s.end) for s in self.fitting)

    def others(self, span: Span, chain: tuple[str, ...] | None = None) -> bool:
        """Whether other evidence-grade damage (verified, plain, not weak) is on the line,
        apart from `span` (with `chain`, read by that chain). Few candidates overlap one
        span, so the search stops after a few."""
        pool = self.strong if chain is None else self.by_chain.get(chain, [])
        return any(not (s.start < span.end and span.start < s.end) for s in pool)

    def in_run(self, lo: int, hi: int) -> list[Span]:
        """The repaired candidates that lie within line[lo:hi], by start."""
        first = bisect.bisect_left(self.starts, lo)
        last = bisect.bisect_left(self.starts, hi)
        return [s for s in self.ordered[first:last] if s.end <= hi]


def _start(span: Span) -> int:
    return span.start


def is_weak(line: str, span: Span) -> bool:
    """A letter followed only by what can follow a word, at a word end (`É¿`, `Ã’s`)."""
    damaged = line[span.start : span.end]
    if len(damaged) < 2:
        return False
    if not damaged[0].isalpha():
        return all(char in _WORD_FOLLOWERS for char in damaged[1:])
    if damaged[0].isupper() and line[span.start - 1 : span.start].islower():
        return False  # a capital right after a lowercase letter ends no word (`siÄ™`)
    if not all(char in _WORD_FOLLOWERS for char in damaged[1:]):
        return False
    rest = line[span.end : span.end + 2]
    # An English clitic after an apostrophe (`’s`) ends the word too: `Ã’s` is a plural.
    clitic = damaged[-1] == "’" and rest[:1] == "s" and not rest[1:].isalpha()
    if (
        not clitic
        and damaged[0] in NO_WORD_STARTS
        and not line[span.start - 1 : span.start].isalpha()
    ):
        return False  # no word starts so, but mojibake does: `Ð’` is `В`, `Ñ–` is `і`
    return not rest[:1].isalpha() or clitic


def lowercase_in_caps(line: str, span: Span, context: Context) -> bool:
    """Whether the repair puts a lowercase letter into a word of capitals: the word's other
    letters are all capitals (`SÉ¡`), or the span is a word of its own between words of
    capitals (`QUEM É¿`)."""
    repair = span.repair or ""
    # (A letter without a capital of its own, `ß`, is written in capitals as it is.)
    lower = [char for char in repair if char.islower() and len(char.upper()) == 1]
    if not lower or not line[span.start].isupper():
        return False
    # The word: letters, and whatever other proposals cover (their repairs are its letters).
    covered = context.covered
    # (Bounded: no word is longer than `WORD`, and a hostile line of thousands of spans
    # must not make each of them read the whole line.)
    lo, hi = span.start, span.end
    while lo > max(0, span.start - WORD) and (line[lo - 1].isalpha() or covered[lo - 1]):
        lo -= 1
    while hi < min(len(line), span.end + WORD) and (line[hi].isalpha() or covered[hi]):
        hi += 1
    letters = "".join(
        line[i] for i in (*range(lo, span.start), *range(span.end, hi)) if not covered[i]
    )
    letters += "".join(
        other.repair or ""
        for other in context.in_run(lo, hi)
        if other is not span and not (other.start < span.end and span.start < other.end)
    )
    letters = "".join(char for char in letters if char.isalpha())
    if letters:
        return all(char.isupper() for char in letters)
    if sum(char.isalpha() for char in repair) > 1:
        return False  # a word of its own (`Î•Î»Î»Î·Î½Î¹ÎºÎ¬` after `SÃO`)
    if line[span.start] in NO_WORD_STARTS:
        return False  # no word is that letter: `CAFÉ Ã\u00a0` is `CAFÉ à`
    words_after = line[hi:].split()
    return _caps_word(line[:lo].split()[-1:]) and (not words_after or _caps_word(words_after[:1]))


def _caps_word(words: list[str]) -> bool:
    letters = [char for word in words for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def garbled(line: str, span: Span, context: Context) -> bool:
    """A span that leaves its run of text looking damaged is a piece of a garble
    (`ã†â€™ãƒâ€`: the text was case-folded after it was damaged): repairing the piece makes
    the run no more readable, and no repair of the rest can be verified, so it is left alone."""
    run = _run_around(context, span.start, span.end)
    if run is None:
        return False
    lo, hi = run
    if (span.start - lo) + (hi - span.end) < 2:
        return False
    if run not in context.garbled:
        patched = _patched_run(context, lo, hi)
        context.garbled[run] = is_bad(patched) and fix(patched) == patched
    return context.garbled[run]


def _patched_run(context: Context, lo: int, hi: int) -> str:
    """The run with every repair proposed in it, so that a verdict on the run does not
    change once some of them are applied (judged once per run)."""
    line = context.line
    parts, position = [], lo
    for other in context.in_run(lo, hi):
        if other.start >= position:
            parts += [line[position : other.start], other.repair or ""]
            position = other.end
    return "".join(parts) + line[position:hi]


def read_whole_otherwise(context: Context, span: Span) -> bool:
    """Whether a rarer codec reads the run around the span, as a whole, otherwise than
    the repairs proposed in it (`Ç£` in `ΓÇ£`, which is `“` read as code page 437)."""
    run = _run_around(context, span.start, span.end)
    if run is None:
        return False
    if run not in context.read_otherwise:  # judged once per run
        lo, hi = run
        ours = _patched_run(context, lo, hi)
        context.read_otherwise[run] = any(
            how == "plain" and codec not in COMMON and result != ours
            for codec, how, result in undo_once(context.line[lo:hi])
        )
    return context.read_otherwise[run]


def _run_around(context: Context, start: int, end: int) -> tuple[int, int] | None:
    """The run of non-ASCII, non-space text around a span, if it is more than the span."""
    index = bisect.bisect_right(context.run_starts, start) - 1
    if index < 0:
        return None
    lo, hi = context.runs[index]
    if not (lo <= start and end <= hi) or (lo, hi) == (start, end):
        return None
    return lo, hi


def fits(line: str, span: Span) -> bool:
    """Whether a repair fits its place: its letters continue a word of their own script or
    make a word of three letters or more; a sign or punctuation mark alone fits when it
    undoes three characters or more."""
    letters = [char for char in span.repair or "" if char.isalpha()]
    if not letters:
        # Two characters spell a two-byte sequence by chance (`¬´` is MacRoman for `«`, and
        # is also a sign beside an accent); three in a row that spell one character
        # (`вЂ“` is Windows-1251 for `–`, `‚Ä¶` MacRoman for `…`) hardly ever do.
        return span.end - span.start >= 3
    scripts = {script_of(char) for char in letters}
    if len(scripts) != 1:
        return False
    if len(letters) >= 3:
        return True
    beside = line[span.start - 1 : span.start] + line[span.end : span.end + 1]
    return any(char.isalpha() and script_of(char) in scripts for char in beside)


def script_of(char: str) -> str:
    return unicodedata.name(char, "?").split(" ")[0]
