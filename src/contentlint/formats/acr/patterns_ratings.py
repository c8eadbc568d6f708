"""Rating statements: the words that rate a study in an ACR article.

* the rating words: a qualifier (``usually``, ``may be`` …) and a word that starts like
  "appropriate", with ``not`` and ``(Disagreement)`` where they go;
* ``RATING_CONTEXTS``: the contexts that make them a rating (``rated …``, ``rates X as …``,
  ``is …``, a bullet's ``Label:``, quotes), each a finder that yields the statements it
  finds; :func:`normalize_rating`; ``HYPOTHETICAL_BEFORE_RE`` (a contrast, not a rating:
  "rather than ‘Usually appropriate’");
* :func:`find_ratings`: the rating statements of one stretch of text, with their subjects.

The categories are :data:`contentlint.formats.acr.vocabulary.KNOWN_RATINGS`; which one a
statement means is decided by :func:`contentlint.formats.acr.statements_ratings.classify`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final, NamedTuple

from contentlint.formats.acr.patterns_markup import _SPACES_RE, collapse_ws
from contentlint.formats.acr.patterns_subjects import PRONOUN_SUBJECTS, _Subjects

_OPEN_Q: Final = r"[‘'\"“`*_]"
_CLOSE_Q: Final = r"[’'\"”`*_]"
# The last word is any word that starts like "appropriate" (`Appropiate`, `apropriate`):
# the statement reader (statements_ratings.classify) sorts misspellings from other words.
_TAIL: Final = r"(?i:in)?+(?i:ap++r[a-z]{3,11}+)\b(?:\s*+\((?i:dis[a-z]{4,12}+)\))?+"
# Qualifiers accepted wherever a rating is expected. Lower-case words other
# than the ACR's own (usually / may be / rarely / highly) are only accepted when
# capitalised, as the ACR terms are, so plain English ("is often appropriate")
# is not mistaken for a rating.
_QUAL_STRICT: Final = (
    r"(?:(?i:usually|may\s++be|rarely|highly)"
    r"|[A-Z][a-z]*ly|Always|Never|Sometimes|Often|(?:Might|Could|Can)\s++[Bb]e)"
)
# After "rated" / "rates X as" anything in the qualifier slot is a rating term.
_QUAL_ANY: Final = (
    r"(?i:usually|may\s++be|might\s++be|could\s++be|can\s++be|rarely|highly|always|never"
    r"|sometimes|often|[a-z]+ly)"
)
_TERM_STRICT: Final = rf"(?P<term>{_QUAL_STRICT}\s++(?:(?i:not)\s++)?{_TAIL})"
_TERM_ANY: Final = rf"(?P<term>(?:{_QUAL_ANY}\s++)?(?:(?i:not)\s++)?{_TAIL})"
_FILLERS: Final = r"(?:(?i:also|only|still|now|currently|generally|consistently)\s++)*"


class _Statement(NamedTuple):
    """What a rating context found in a stretch of text (indices into it)."""

    start: int  # where the context starts ("rated", "is", a quote, …)
    oq: tuple[int, int]  # opening quotes or markup before the term
    term: tuple[int, int]  # the rating words
    subject: tuple[int, int] | None  # "rates-as": the procedure; "label": the label


def _regex_context(pattern: re.Pattern[str], subject: str | None = None):
    def find(raw: str) -> Iterator[_Statement]:
        for m in pattern.finditer(raw):
            where = m.span(subject) if subject else None
            yield _Statement(m.start(), m.span("oq"), m.span("term"), where)

    return find


# "rates PROCEDURE as TERM". As one regex,
#   \b(?i:rates?)\s+(?P<proc>[^.?!;:\n]{1,120}?)\s+(?i:as)\s+(?P<oq>{_OPEN_Q}*){_TERM_ANY}
# it would, on a long run of blanks after "rates", try every split of the run with every
# procedure length, and read the rest of the run again each time. What that regex finds
# first: with all the blanks taken, the shortest procedure followed by " as TERM" (it ends
# in a non-blank: one ending in blanks is as good without them); when there is none, it
# gives blanks back one by one, and the first that works is a procedure of one blank, the
# last of the run that is no line break and has a blank on each side.
_RATES_RE: Final = re.compile(r"\b(?i:rates?)(?=\s)")
_RATES_AS_RE: Final = re.compile(
    r"(?P<proc>[^\s.?!;:](?:[^.?!;:\n]{0,118}?[^\s.?!;:])??)\s++(?i:as)\s++"
    rf"(?P<oq>{_OPEN_Q}*+){_TERM_ANY}"
)
_AS_TERM_RE: Final = re.compile(rf"(?i:as)\s++(?P<oq>{_OPEN_Q}*+){_TERM_ANY}")


def _find_rates_as(raw: str) -> Iterator[_Statement]:
    pos = 0
    while head := _RATES_RE.search(raw, pos):
        blanks, after = head.end(), _SPACES_RE.match(raw, head.end()).end()
        proc = None
        match = _RATES_AS_RE.match(raw, after)
        if match:
            proc = match.span("proc")
        elif match := _AS_TERM_RE.match(raw, after):
            at = after - 2
            while at > blanks and raw[at] == "\n":
                at -= 1
            proc = (at, at + 1) if at > blanks else None
        if proc is None or match is None:
            pos = head.start() + 1
            continue
        yield _Statement(head.start(), match.span("oq"), match.span("term"), proc)
        pos = match.end()


#: (context name, finder). Each finder yields the statements one pattern finds, in order;
#: ``rates-as`` also names the procedure and ``label`` the bullet's label. Earlier rows win
#: when two claim the same words.
RATING_CONTEXTS: Final[tuple[tuple[str, Callable[[str], Iterator[_Statement]]], ...]] = (
    ("rates-as", _find_rates_as),
    (
        "rated",
        _regex_context(
            re.compile(rf"\b(?i:rated)\s++(?:(?i:as)\s++)?(?P<oq>{_OPEN_Q}*+){_TERM_ANY}")
        ),
    ),
    (
        "rated",
        _regex_context(
            re.compile(
                rf"\b(?i:considered|deemed|graded|classified)\s++(?:(?i:as)\s++)?"
                rf"(?P<oq>{_OPEN_Q}*+){_TERM_STRICT}"
            )
        ),
    ),
    (
        "is",
        _regex_context(
            re.compile(
                rf"\b(?i:is|are|was|were|remains?)\s++{_FILLERS}(?P<oq>{_OPEN_Q}*+)"
                rf"{_TERM_STRICT}"
            )
        ),
    ),
    (
        "label",
        _regex_context(
            re.compile(rf"^(?P<label>[^:\n]{{2,100}}):\s*+(?P<oq>{_OPEN_Q}*+){_TERM_STRICT}"),
            "label",
        ),
    ),
    (
        "quoted",
        # Only from the first quote of a run: from the others the run ends at the same
        # place, so a run of quotes that opens no term is not re-read from each of them.
        _regex_context(
            re.compile(rf"(?<!{_OPEN_Q})(?P<oq>{_OPEN_Q}++){_TERM_STRICT}(?={_CLOSE_Q})")
        ),
    ),
)

_DISAGREEMENT_RE: Final = re.compile(r"\s*+\(\s*+disagreement\s*+\)")


def normalize_rating(term: str) -> str:
    """Lower-case a rating term and collapse its spacing: ``May Be  Appropriate`` ->
    ``may be appropriate``. Unknown terms are returned in the same normalised form."""
    text = collapse_ws(term).lower()
    return _DISAGREEMENT_RE.sub(" (disagreement)", text)


#: Words before a rating that make it a contrast, not a rating of a procedure:
#: "only ‘May be appropriate’ and not ‘Usually appropriate’".
HYPOTHETICAL_BEFORE_RE: Final = re.compile(
    r"(?:\bnot|\brather\s++than|\binstead\s++of|\bnor)\s++(?:as\s++)?[‘'\"“`*_]*+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RatingHit:
    """One rating statement found in a stretch of text."""

    context: str  # rates-as | rated | is | label | quoted
    term: tuple[int, int]  # the rating words, e.g. "Usually Appropriate"
    procedure: tuple[int, int] | None  # what is rated (None when not named there)
    quoted: bool
    hypothetical: bool  # "… and not ‘Usually appropriate’": a contrast, not a rating


def find_ratings(raw: str, label: tuple[int, int] | None = None) -> list[RatingHit]:
    """Rating statements in ``raw``, in order. ``label`` is a bullet's ``Label:`` span,
    used as the procedure when the statement says "This is rated …"."""
    claimed: dict[int, tuple[str, _Statement]] = {}
    for context, finder in RATING_CONTEXTS:
        if context == "label" and label is None:
            continue
        for found in finder(raw):
            claimed.setdefault(found.term[0], (context, found))
    subjects = _Subjects(raw)
    return [_rating_hit(subjects, ctx, found, label) for _, (ctx, found) in sorted(claimed.items())]


def _rating_hit(
    subjects: _Subjects, context: str, found: _Statement, label: tuple[int, int] | None
) -> RatingHit:
    raw = subjects.raw
    hypothetical = any(
        HYPOTHETICAL_BEFORE_RE.search(raw, max(0, at - 40), at) for at in (found.start, found.oq[0])
    )
    procedure = None
    if not hypothetical:
        if found.subject is not None:  # rates-as, label
            procedure = subjects.clean(*found.subject)
        else:
            procedure = subjects.clean(*subjects.clause_before(found.start))
        if label and found.start >= label[1]:
            if procedure is None or raw[slice(*procedure)].lower() in PRONOUN_SUBJECTS:
                procedure = subjects.clean(*label)
        elif procedure and raw[slice(*procedure)].lower() in PRONOUN_SUBJECTS:
            procedure = None
    quoted = bool(raw[slice(*found.oq)].strip("*_"))
    return RatingHit(context, found.term, procedure, quoted, hypothetical)


Statement = _Statement  # for the statement modules
