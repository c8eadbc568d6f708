"""The subject of a rating statement: what ``… is rated Usually appropriate`` is said of.

The subject is the clause before the rating words (from the start of its sentence, after a
question inversion such as ``Why is``, or after the last clause boundary outside brackets and
code), trimmed of auxiliaries, articles, quotes and markup, and narrowed to a `code` span or a
link's text when it holds one. :class:`_Subjects` works it out for every statement of one
stretch of text in linear time, for :func:`contentlint.formats.acr.patterns_ratings.find_ratings`
and the statement reader (:mod:`contentlint.formats.acr.statements_reader`).
"""

from __future__ import annotations

import bisect
import re
from typing import Final

from contentlint.formats.acr.patterns_headings import sentence_starts
from contentlint.formats.acr.patterns_markup import _LINK_TEXT_STOP_RE, INLINE_LINK_RE, _is_word

#: Question inversion at the start of a sentence: "Why Is a Chest Radiograph Rated …".
#: Used with ``.match()`` at the start of the sentence (so no "^").
INVERSION_RE: Final = re.compile(
    r"\W*+(?:why|how|when|where)\s++(?:is|are|was|were)(?P<blanks>\s++)", re.IGNORECASE
)
#: Clause boundaries that end the subject of a rating, searched in a masked text.
CLAUSE_BOUNDARY_RE: Final = re.compile(
    r"[,;:—–]|\s-\s|\b(?:where|while|whereas|but|because|since|although|though|that"
    r"|which|when|if|so|whether|and\s+not)\b",
    re.IGNORECASE,
)
#: Auxiliaries and adverbs trimmed from the end of a subject: the regex
#: ``(?:\s+(?:WORD))+\s*$`` searched in the subject, here matched word by word from its end.
_TRAILING_WORD_RE: Final = re.compile(
    r"(?:is|are|was|were|be|been|being|remains?|only|also|still|now|currently|"
    r"generally|consistently|rated|itself)",
    re.IGNORECASE,
)
_TRAILING_WORD_MAX: Final = 12  # len("consistently")
SUBJECT_LEADING_RE: Final = re.compile(  # used with .match(), so no "^"
    r"(?:(?:a|an|the|both|also|then|and|or|so|thus|here|overall)\b\s*+)+", re.IGNORECASE
)
_LEADING_READS: Final = 8  # how far past its end the match above looks: len("overall") + 1
#: Subjects that stand for the procedure named elsewhere (e.g. in a bullet's label).
PRONOUN_SUBJECTS: Final = frozenset(
    {
        "this",
        "these",
        "it",
        "they",
        "that",
        "those",
        "which",
        "both",
        "this study",
        "this test",
        "this exam",
        "this examination",
        "this option",
        "this modality",
        "the study",
        "the test",
        "the exam",
    }
)
BACKTICK_SPAN_RE: Final = re.compile(r"`([^`\n]+)`")


def _mask_nested(text: str) -> str:
    """Replace what is inside (…), […] and `…` by "x" so boundaries there are ignored."""
    out, depth, in_code = [], 0, False
    for char in text:
        if char == "`":
            in_code = not in_code
        elif char in "([" and not in_code:
            depth += 1
        elif char in ")]" and not in_code and depth:
            depth -= 1
            out.append(char)
            continue
        out.append("x" if (depth or in_code) and char != "`" else char)
    return "".join(out)


_AND_RE: Final = re.compile("and", re.IGNORECASE)
_SUBJECT_EDGE_CHARS: Final = " \t\r\n*_\"'‘’“”,"
_NOT_EDGE_RE: Final = re.compile(f"[^{re.escape(_SUBJECT_EDGE_CHARS)}]")
_SUBJECT_MAX: Final = 120  # a longer subject is no procedure name


class _Subjects:
    """What each rating statement in one stretch of text ``raw`` is about.

    The subject of "…, where `CT …` is rated Usually appropriate" is the clause before the
    statement ("`CT …`"), trimmed of auxiliaries, articles, quotes and markup, and narrowed
    to a `code` span or link text when it holds one. Worked out from scratch for each
    statement, that rereads the statement's whole sentence, and a paragraph of thousands of
    statements in one sentence takes quadratic time. Here each sentence is masked and split
    at its clause boundaries once, and the trims read from positions found once for the
    paragraph, so each statement costs about the length of its own words; the results are
    those of the straightforward reading, which each method spells out.
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._starts: list[int] | None = None
        self._sentences: dict[int, _Sentence] = {}
        self._after_edges: dict[int, int] = {}
        self._leading: dict[int, int] = {}
        self._links: dict[int, re.Match[str] | None] = {}
        self._code: _CodeSpans | None = None

    def clause_before(self, at: int) -> tuple[int, int]:
        """The clause before a rating context at ``at``: from the start of its sentence, or
        after a question inversion there ("Why is …"), or after the last clause boundary
        (outside brackets and code), to ``at``."""
        if self._starts is None:
            self._starts = sentence_starts(self.raw)
        index = bisect.bisect_right(self._starts, at) - 1
        start = self._starts[index]
        sentence = self._sentences.get(start)
        if sentence is None:
            stop = self._starts[index + 1] if index + 1 < len(self._starts) else len(self.raw)
            sentence = self._sentences[start] = _Sentence(self.raw, start, stop)
        return start + sentence.subject_start(at - start), at

    def clean(self, start: int, end: int) -> tuple[int, int] | None:
        """Trim auxiliaries, articles, quotes and markup; prefer a `code` span or link text."""
        raw = self.raw
        start, end = self._trim(start, end)
        trailing = _trailing_words_start(raw, start, end)
        if trailing is not None:
            start, end = self._trim(start, trailing)
        leading = self._leading_end(start, end)
        if leading is not None:
            start, end = self._trim(leading, end)
        if self._code is None:
            self._code = _CodeSpans(raw)
        span = self._code.last(start, end)
        if span:
            start, end = span
        if end - start <= _SUBJECT_MAX + 2:
            link = INLINE_LINK_RE.fullmatch(raw, start, end)
            if link:
                start, end = link.span("text")
        else:  # too long for a subject, unless it is a link with a short text
            link_text = self._long_link(start, end)
            if link_text is None:
                return None
            start, end = link_text
        if start == end or end - start > _SUBJECT_MAX or len(raw[start:end].split()) > 14:
            return None
        return start, end

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Move ``start`` and ``end`` past blanks, quotes, emphasis and commas."""
        after = self._after_edges.get(start)
        if after is None:
            found = _NOT_EDGE_RE.search(self.raw, start)
            after = self._after_edges[start] = found.start() if found else len(self.raw)
        start = min(after, end)
        while end > start and self.raw[end - 1] in _SUBJECT_EDGE_CHARS:
            end -= 1
        return start, end

    def _leading_end(self, start: int, end: int) -> int | None:
        """``SUBJECT_LEADING_RE.match(raw, start, end).end()`` (None when no match). The
        match up to the end of the text, made once for ``start``, is the same when it ends
        well before ``end`` (it looks at most a word past its end)."""
        whole = self._leading.get(start)
        if whole is None:
            found = SUBJECT_LEADING_RE.match(self.raw, start)
            whole = self._leading[start] = found.end() if found else start
        if whole + _LEADING_READS < end:
            return whole if whole > start else None
        found = SUBJECT_LEADING_RE.match(self.raw, start, end)
        return found.end() if found else None

    def _long_link(self, start: int, end: int) -> tuple[int, int] | None:
        """The text of ``INLINE_LINK_RE.fullmatch(raw, start, end)`` when it is at most
        ``_SUBJECT_MAX`` characters long (None otherwise: the subject would be too long)."""
        raw = self.raw
        if raw[start] != "[":
            return None
        stop = _LINK_TEXT_STOP_RE.search(raw, start + 1, start + _SUBJECT_MAX + 2)
        if stop is None or stop.group() != "]":
            return None
        if start not in self._links:
            self._links[start] = INLINE_LINK_RE.match(raw, start)
        link = self._links[start]
        return link.span("text") if link and link.end() == end else None


class _Sentence:
    """One sentence of a stretch of text, masked, with its clause boundaries."""

    # Of the boundary alternatives only "and\s+not" reads more than 10 characters from
    # where it is tried: a scan that stops at n agrees with the scan of the whole sentence
    # on every match before n - _SAFE, but for an "and" whose blanks run up to near n.
    _SAFE: Final = 12

    def __init__(self, raw: str, start: int, end: int) -> None:
        self.masked = _mask_nested(raw[start:end])
        self.bounds = [m.span() for m in CLAUSE_BOUNDARY_RE.finditer(self.masked)]
        self.bound_starts = [s for s, _ in self.bounds]
        self.bound_ends = [e for _, e in self.bounds]
        inversion = INVERSION_RE.match(raw, start, end)
        self.inversion = inversion and (inversion.start("blanks") - start, inversion.end() - start)

    def subject_start(self, n: int) -> int:
        """Where the subject of a rating context at ``n`` starts: after an inversion that
        ``INVERSION_RE.match(sentence[:n])`` finds, else at the end of the last boundary
        that ``CLAUSE_BOUNDARY_RE.finditer(masked[:n])`` finds (0 when none)."""
        if self.inversion and n > self.inversion[0]:  # its blanks may be cut short at n
            return min(self.inversion[1], n)
        return self.last_boundary_end(n)

    def last_boundary_end(self, n: int) -> int:
        masked, bounds = self.masked, self.bounds
        # Restart the scan at `at`, where the scan of the whole sentence tried a match ...
        at = max(0, n - self._SAFE)
        index = bisect.bisect_right(self.bound_starts, at) - 1
        if index >= 0 and bounds[index][1] > at:
            at = bounds[index][0]
        # ... unless an "and" before it is followed by blanks up to near n: restart there.
        if at > 0 and n >= self._SAFE and masked[n - 9 : n - 3].isspace():
            blanks = n - 9
            while blanks > 0 and masked[blanks - 1].isspace():
                blanks -= 1
            word = blanks - 3
            if (
                word < at
                and word >= 0
                and _AND_RE.fullmatch(masked, word, blanks)
                and (word == 0 or not _is_word(masked[word - 1]))
            ):
                at = word
        last = None
        for last in CLAUSE_BOUNDARY_RE.finditer(masked, at, n):  # noqa: B007
            pass
        if last is not None:
            return last.end()
        index = bisect.bisect_right(self.bound_ends, at) - 1
        return bounds[index][1] if index >= 0 else 0


def _trailing_words_start(raw: str, start: int, end: int) -> int | None:
    """Where ``(?:\\s+(?:WORD))+\\s*$`` (the words of ``_TRAILING_WORD_RE``) first matches in
    ``raw[start:end]``, found from the end: the blanks before the first of the words that
    end the stretch. (The regex would try each position and re-read the words from each.)"""
    at = end
    while at > start and raw[at - 1].isspace():
        at -= 1
    found = None
    while True:
        word_end, limit = at, max(start, at - _TRAILING_WORD_MAX - 1)
        while at > limit and not raw[at - 1].isspace():
            at -= 1
        if at == start or not raw[at - 1].isspace():  # no blank before it, or too long
            break
        if not _TRAILING_WORD_RE.fullmatch(raw, at, word_end):
            break
        while at > start and raw[at - 1].isspace():
            at -= 1
        found = at
    return found


class _CodeSpans:
    """The last match of ``BACKTICK_SPAN_RE.finditer(raw, start, end)``, for any ``start``
    and ``end``, without scanning from ``start`` each time.

    From a backtick the scan pairs it with the next one (a span), or, when no text or a
    line break lies between them, goes on from that next one. Scans from different
    backticks thus pair every other backtick until the first backtick that cannot open a
    span; both go on from the backtick after it, and agree from there on with the scan from
    the first backtick of the text."""

    def __init__(self, raw: str) -> None:
        ticks = [m.start() for m in re.finditer("`", raw)]
        opens = [
            ticks[i + 1] - ticks[i] > 1 and raw.find("\n", ticks[i], ticks[i + 1]) == -1
            for i in range(len(ticks) - 1)
        ]
        opens.append(False)
        stuck = [0] * len(ticks)  # the first backtick at or after i that opens no span
        following = len(ticks)
        for i in range(len(ticks) - 1, -1, -1):
            following = stuck[i] = following if opens[i] else i
        index = {tick: i for i, tick in enumerate(ticks)}
        self.ticks, self.stuck = ticks, stuck
        self.openers = [index[m.start()] for m in BACKTICK_SPAN_RE.finditer(raw)]
        self.closers = [i + 1 for i in self.openers]

    def last(self, start: int, end: int) -> tuple[int, int] | None:
        """The content span of the last `code` span found between ``start`` and ``end``."""
        ticks = self.ticks
        first = bisect.bisect_left(ticks, start)
        final = bisect.bisect_left(ticks, end) - 1  # the last backtick before end
        if final - first < 1:
            return None
        stuck = self.stuck[first]
        opener = None
        if final > stuck:  # after `stuck` the scan is the scan of the whole text
            i = bisect.bisect_right(self.closers, final) - 1
            if i >= 0 and self.openers[i] > stuck:
                opener = self.openers[i]
        if opener is None:  # before it, every other backtick from `first` opens a span
            limit = min(final, stuck) - 1
            opener = limit - (limit - first) % 2
            if opener < first:
                return None
        return ticks[opener] + 1, ticks[opener + 1]


def _trim_chars(raw: str, start: int, end: int) -> tuple[int, int]:
    while start < end and raw[start] in _SUBJECT_EDGE_CHARS:
        start += 1
    while end > start and raw[end - 1] in _SUBJECT_EDGE_CHARS:
        end -= 1
    return start, end


Subjects = _Subjects  # for statements_reader
