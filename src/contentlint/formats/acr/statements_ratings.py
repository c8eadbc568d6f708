"""The rating statements of one stretch of an ACR article.

:func:`_statements` finds the rating words: by the contexts of
:mod:`contentlint.formats.acr.patterns_ratings`, by those found from the studies the stretch
names (``US abdomen (Usually appropriate)``, ``rated X Usually appropriate``, ``Usually
appropriate: A, B and C``) and in the cells of a row. It reads the category they mean with
:func:`classify` (exactly, misspelled, or none) and the studies they rate; words that only
look like a rating are dropped. ``CT and MRI are rated …, respectively`` gives each study its
own rating.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

import contentlint.formats.acr.patterns_ratings as P
from contentlint.formats.acr.patterns_markup import collapse_ws
from contentlint.formats.acr.patterns_population import SCOPE_RE
from contentlint.formats.acr.statements_reader import _EXPLICIT, _NEAR, _REACH, Mention, _Reader
from contentlint.formats.acr.vocabulary import KNOWN_RATINGS

_CELL_TERM_RE: Final = re.compile(rf"[ \t]*+(?P<oq>[*_‘'\"“`]*+){P._TERM_ANY}[ \t*_’'\"”`.;,]*+")

#: A conditional before the rating: `if CT were used, it would be rated …`.
_CONDITIONAL_RE: Final = re.compile(
    r"\b(?:if|unless|were\s++(?:it|they)|had\s++(?:it|they))\b[^.?!;]{0,120}?"
    r"\b(?:were|would|had)\b|\bwould\s++(?:be|have\s++been)\b|\bneither\b",
    re.IGNORECASE,
)

_NOT_RATINGS: Final = frozenset(
    {"appropriately", "appropriation", "appropriated", "appropriateness", "approximate"}
    | {"approximately", "approach", "approaches", "approval", "approved", "approvals"}
)


@dataclass
class Statement:
    term: tuple[int, int]
    rating: str
    category: str | None
    spelling: str  # exact | misspelled | unknown
    procedures: list[Mention]
    context: str
    quoted: bool
    hypothetical: bool
    scope: str | None  # adult | pediatric | other: the statement is about them


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def classify(term: str) -> tuple[str | None, str] | None:
    """``(category, spelling)`` for rating words: the ACR category they spell exactly
    (``exact``), nearly (``misspelled``: `Usually Appropiate`), or none (``unknown``:
    `Rarely appropriate`). None when the words are no rating at all (`approximately`)."""
    normalized = P.normalize_rating(term)
    if normalized in KNOWN_RATINGS:
        return normalized, "exact"
    words = normalized.replace("(", " ").replace(")", " ").split()
    last = next((w for w in reversed(words) if not w.startswith("dis")), "")
    if last in _NOT_RATINGS or len(normalized) > 60:
        return None
    if min(_distance(last, word, 2) for word in ("appropriate", "inappropriate")) > 2:
        return None
    if last == "inappropriate":  # a word of its own, not a slip: `Usually inappropriate`
        return None, "unknown"
    limit = 3 if len(normalized) >= 25 else 2
    best = min(KNOWN_RATINGS, key=lambda known: _distance(normalized, known, limit))
    if _distance(normalized, best, limit) <= limit:
        return best, "misspelled"
    return None, "unknown"


# ---------------------------------------------------------------------------- statements

_TERM_HERE_RE: Final = re.compile(rf"(?P<oq>{P._OPEN_Q}*+){P._TERM_ANY}")
_PAREN_TERM_RE: Final = re.compile(
    rf"[ \t]*+\([ \t]*+(?P<oq>{P._OPEN_Q}*+){P._TERM_ANY}[’'\"”`*_]*+[ \t]*+\)"
)
# Whether the text holds one anywhere: the same without the leading spaces, which can
# match none. Searched with them, a run of spaces was read again from each of its
# characters (100,000 spaces: 7 s).
_ANY_PAREN_TERM_RE: Final = re.compile(_PAREN_TERM_RE.pattern.removeprefix(r"[ \t]*+"))
_VERB_RE: Final = re.compile(
    r"\b(?:considers?|considered|deems?|deemed|rates?|rated|finds?|judges?|judged|grades?"
    r"|graded|classif(?:y|ies|ied))[ \t]++(?:(?:a|an|the)[ \t]++)?+",
    re.IGNORECASE,
)
_AS_RE: Final = re.compile(r"[ \t,]*+(?:(?i:as|to\s++be)[ \t]++)?+")
_RATING_OF_RE: Final = re.compile(
    rf"\b(?i:rating|category|score)[ \t]++(?i:of)[ \t]++(?P<oq>{P._OPEN_Q}*+){P._TERM_ANY}"
)
_LIST_TERM_RE: Final = re.compile(rf"(?P<oq>{P._OPEN_Q}*+){P._TERM_ANY}[’'\"”`*_]*+[ \t]*+:")
_RECEIVED_RE: Final = re.compile(
    r"\b(?i:received|receives?|earned|earns?|gets?|got|was\s++given|is\s++given)[ \t]++"
    rf"(?:(?i:an?|the)[ \t]++)?+(?P<oq>{P._OPEN_Q}*+){P._TERM_ANY}[’'\"”`*_]*+[ \t]++"
    r"(?i:rating|category)\b"
)

_COLON_AFTER_RE: Final = re.compile(r"(?:\s*+\((?i:dis[a-z]{4,12}+)\))?+[’'\"”`*_]*+[ \t]*+:")
_TERM_WINDOW: Final = 48  # how far before its last word a rating starts, at most


def _in_parentheses(reader: _Reader) -> Iterator[P.Statement]:
    """`US abdomen (Usually appropriate)`: the rating in brackets right after a study."""
    if not _ANY_PAREN_TERM_RE.search(reader.raw):
        return
    for start, end, _ in reader.mentions:
        found = _PAREN_TERM_RE.match(reader.raw, end)
        if found:
            yield P.Statement(end, found.span("oq"), found.span("term"), (start, end))


def _verb_object(reader: _Reader) -> Iterator[P.Statement]:
    """`The panel considers CT chest … usually appropriate`, `rated X Usually appropriate`."""
    raw = reader.raw
    for verb in _VERB_RE.finditer(raw):
        if not _TERM_HERE_RE.search(raw, verb.end(), verb.end() + _NEAR * 2):
            continue
        first = bisect.bisect_left(reader.mention_starts, verb.end())
        if first == len(reader.mentions) or reader.mentions[first][0] != verb.end():
            continue
        start, end, _ = reader.mentions[first]
        found = _TERM_HERE_RE.match(raw, _AS_RE.match(raw, end).end())
        if found:
            yield P.Statement(verb.start(), found.span("oq"), found.span("term"), (start, end))


def _rating_of(reader: _Reader) -> Iterator[P.Statement]:
    """`X received a rating of Usually appropriate`, `X received a May be appropriate
    rating`: the subject is the clause before."""
    for pattern in (_RATING_OF_RE, _RECEIVED_RE):
        for found in pattern.finditer(reader.raw):
            yield P.Statement(found.start(), found.span("oq"), found.span("term"), None)


def _list_first(reader: _Reader) -> Iterator[P.Statement]:
    """`Usually appropriate: CT chest …`, `The following are rated Usually not appropriate:
    A, B and C`: the studies follow the colon (and none comes before the rating)."""
    raw = reader.raw
    for tail in reader.tails:
        colon = _COLON_AFTER_RE.match(raw, tail.end())
        if colon is None:
            continue
        found = None
        for found in _TERM_HERE_RE.finditer(raw, max(0, tail.start() - _TERM_WINDOW), tail.end()):
            if found.end() >= tail.end():
                break
        if found is None or found.end() < tail.end():
            continue
        found = _LIST_TERM_RE.match(raw, found.start())
        if found is None:
            continue
        sentence = reader.sentence_start(found.start())
        if reader.within(sentence, found.start()):
            continue
        stop = reader.sentence_end(found.end())
        if reader.within(found.end(), stop):
            span = (found.end(), stop)
            yield P.Statement(found.start(), found.span("oq"), found.span("term"), span)


#: Contexts found from the studies a stretch names (after the rows, before the others).
_MENTION_CONTEXTS: Final = (
    ("rated", _in_parentheses),
    ("rated", _verb_object),
    ("rated", _rating_of),
    ("label", _list_first),
)


def _statements(reader: _Reader, row: bool) -> list[Statement]:
    raw = reader.raw
    if not reader.tails:
        return []  # no word like "appropriate": no rating
    claimed: dict[int, tuple[str, P.Statement]] = {}
    if row:
        for found in _row_terms(raw, reader.rows):
            claimed[found.term[0]] = ("row", found)
    for context, finder in _MENTION_CONTEXTS:
        for found in finder(reader):
            claimed.setdefault(found.term[0], (context, found))
    for context, finder in P.RATING_CONTEXTS:
        if context == "label" and reader.label is None:
            continue
        for found in finder(raw):
            claimed.setdefault(found.term[0], (context, found))
    statements = []
    for _, (context, found) in sorted(claimed.items()):
        term = collapse_ws(raw[slice(*found.term)])
        kind = classify(term)
        if kind is None:
            continue
        category, spelling = kind
        sentence = reader.sentence_start(found.start)
        before = raw[max(sentence, found.start - 200) : found.start]
        hypothetical = bool(
            _CONDITIONAL_RE.search(before)
            or any(
                P.HYPOTHETICAL_BEFORE_RE.search(raw, max(0, at - 40), at)
                for at in (found.start, found.oq[0])
            )
        )
        subject = [] if hypothetical else reader.statement_subject(context, found)
        quoted = bool(raw[slice(*found.oq)].strip("*_"))
        has_study = any(m[2].modality is not None for m in subject)
        plain = context not in _EXPLICIT and not has_study and not (quoted and spelling == "exact")
        if plain and not hypothetical:
            continue  # plain English: `it is usually appropriate to …`
        scope = SCOPE_RE.search(raw, max(sentence, found.start - _REACH), found.start)
        scope_name = None
        if scope:
            scope_name = "other" if scope["other"] else _population_word(scope["pop"])
        statements.append(
            Statement(
                found.term, term, category, spelling, subject, context, quoted, hypothetical,
                scope_name,
            )
        )  # fmt: skip
    return _respectively(reader, statements)


_RESPECTIVELY_RE: Final = re.compile(r"\brespectively\b", re.IGNORECASE)


def _respectively(reader: _Reader, statements: list[Statement]) -> list[Statement]:
    """`CT and MRI are rated Usually appropriate and May be appropriate, respectively`:
    the n studies of a compound subject take the n ratings that follow, in order."""
    out: list[Statement] = []
    taken: set[int] = set()
    for statement in statements:
        if statement.term[0] in taken:
            continue
        members = statement.procedures
        stop = reader.sentence_end(statement.term[1])
        if len(members) > 1 and _RESPECTIVELY_RE.search(reader.raw, statement.term[1], stop):
            terms = [
                t.span("term") for t in _TERM_HERE_RE.finditer(reader.raw, statement.term[0], stop)
            ]
            if len(terms) == len(members):
                for member, span in zip(members, terms, strict=True):
                    rating = collapse_ws(reader.raw[slice(*span)])
                    kind = classify(rating) or (None, "unknown")
                    out.append(dataclasses.replace(
                        statement, term=span, rating=rating, category=kind[0], spelling=kind[1],
                        procedures=[member],
                    ))  # fmt: skip
                    taken.add(span[0])
                continue
        out.append(statement)
    return [s for s in out if s.term[0] not in taken or len(s.procedures) == 1]


def _population_word(word: str) -> str:
    return "adult" if word.lower().startswith("adult") else "pediatric"


def _row_terms(raw: str, rows: list[list[tuple[int, int]]]) -> list[P.Statement]:
    """Ratings that fill a cell of a row, after its first cell (the study)."""
    found = []
    for cells in rows:
        for start, end in cells[1:]:
            match = _CELL_TERM_RE.fullmatch(raw, start, end)
            if match:
                found.append(P.Statement(start, match.span("oq"), match.span("term"), cells[0]))
    return found
