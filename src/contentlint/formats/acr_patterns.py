"""Regular expressions and small pure helpers for ACR Appropriateness Criteria articles.

This module holds the vocabulary that :mod:`contentlint.formats.acr_parse` uses:

* ``SECTION_KINDS``: the table that maps a heading to a section kind, by meaning
  (first matching regex wins; add a row to recognise a new wording);
* the rating vocabulary (``RATING_CONTEXTS``) and :func:`normalize_rating`;
* the relative-radiation-level, reference, reviewer and population patterns;
* helpers that classify a line (:func:`is_heading_like`) or a heading (:func:`section_kind`);
* finders (:func:`find_ratings`, :func:`find_radiation`, :func:`find_references`) that work
  on one paragraph, bullet or heading and return indices relative to it.

Everything here is compiled once at import time and has no state; positions in the file
are acr_parse's business.

**Linear time.** Articles come from strangers' pull requests, so every pattern here is
written to take time linear in its input, whatever the input: possessive quantifiers
(``*+``, ``++``, ``?+``) wherever giving characters back cannot help, atomic groups, and,
where ``re`` has no way to say "do not try again from every position", a small finder that
parses by hand and uses the regex only where it is linear (:func:`iter_inline_links`,
:func:`iter_guide_refs`, the "rates … as" finder, the rating subjects of
:class:`_Subjects`). The reviewer line runs in RE2. Each finder says which plain regex it
equals. ``CONTENT_PATTERNS`` names every one with the input that would make a naive
version of it explode (``tests/test_regex_linear.py``, ``benchmarks/regex_adversarial.py``).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

from contentlint.formats import acr_sections

# --------------------------------------------------------------------------- sections

#: Heading -> section kind. Order matters: the first match wins, so the more
#: specific "rated lower" row comes before the general "why is … rated" one. A kind marked
#: `~` is a loose wording, taken for a heading on its own line only (never for a question
#: fused onto the end of a paragraph).
SECTION_KINDS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        # `^who\b.*\b(?:fits?|…)\b.*\bscenario\b`, with the first keyword taken for good
        # (an earlier one leaves more room for "scenario"): two free `.*` would try every
        # pair of positions.
        (
            "scenario",
            r"^who\b(?>.*?\b(?:fits?|belongs?|qualif\w*|is|are)\b).*\bscenario\b",
        ),
        ("~scenario", r"^(?:which|what)\s++patients?\b"),
        (
            "scenario",
            r"^who\s++(?:is|are)\s++(?:this|these)\s++(?:guidance|guidelines?|article|scenario)",
        ),
        ("scenario", r"^(?:patient\s++selection|who\s++this\s++applies\s++to)\b"),
        ("assessment", r"^what\s++are\s++(?:you|we)\s++assessing\b"),
        ("assessment", r"^what\s++are\s++the\s++key\b.*\bquestions?\b"),
        (
            "assessment",
            r"^(?:the\s++)?key\s++(?:clinical\s++|imaging\s++|staging\s++)?questions?\b",
        ),
        (
            "assessment",
            r"^what\s++(?:questions?\s++)?(?:should|must|does|do|can)\s++(?:the\s++)?imaging\b",
        ),
        ("~assessment", r"^what\s++questions?\b"),
        ("lower-rated", r"\brated\s++lower\b"),
        ("lower-rated", r"^why\s++(?:are|is)\s++(?:the\s++)?(?:other|alternative)\s++studies\b"),
        ("~lower-rated", r"^why\s++not\b"),
        ("lower-rated", r"^(?:other|alternative)\s++(?:imaging\s++)?(?:studies|options|tests)\b"),
        (
            "rationale",
            r"^why\s++(?:is|are)\b.*\b(?:recommended|preferred|best|first[- ]line)"
            r"(?:\s++(?:first|initial|imaging|diagnostic|first-line))*+\s++"
            r"(?:study|studies|test|tests|exam|examination|choice|option|modality)\b",
        ),
        ("rationale", r"^why\s++(?:is|are)\b.*\b(?:recommended|preferred)\b"),
        ("rationale", r"^why\s++(?:is|are)\b.*\brated\b"),
        ("rationale", r"^why\s++(?:does|do)\s++(?:the\s++)?(?:acr|panel|guidance)\s++recommend\b"),
        ("~rationale", r"^why\s++(?:start|begin)\s++with\b"),
        ("downstream", r"\bdownstream\b"),
        ("~downstream", r"^(?:the\s++)?next\s++steps?\b|^what\s++happens\s++(?:next|after)\b"),
        ("pitfalls", r"\bpitfalls?\b"),
        ("pitfalls", r"^(?:common\s++)?(?:mistakes|errors|traps)\b"),
        ("related", r"^related\b.*\b(?:topics?|tools|articles?|guides?|resources|reading)\b"),
        ("faq", r"^(?:frequently\s++asked\s++questions|faqs?)\b"),
    )
)

#: Every kind a section can have (``other`` when no row of ``SECTION_KINDS`` matches).
SECTION_KIND_NAMES = acr_sections.SECTION_KIND_NAMES


def is_section_heading(line: str) -> bool:
    """A short stand-alone line that names a section kind, in any case and without closing
    punctuation (`Frequently asked questions`): a heading even when not Title Case."""
    text = strip_inline_markup(line).strip()
    if not text or len(text) > 120 or text[-1] in ".:;,!" or BULLET_RE.match(line):
        return False
    if ": " in text or not _is_single_sentence(text):  # `Key question: Is there …?`
        return False
    return len(text.split()) <= 14 and section_kind(text) != "other"


def section_kind(heading: str) -> str:
    """Return the section kind of a heading text (``"other"`` when unrecognised)."""
    cleaned = strip_inline_markup(heading).strip()
    for kind, pattern in SECTION_KINDS:
        if pattern.search(cleaned):
            return kind.lstrip("~")
    return "other"


def strict_section_kind(text: str) -> str:
    """:func:`section_kind` by the rows that never match a plain question (`Which patients
    benefit?`, `Why not wait?`): for a heading fused onto a paragraph."""
    cleaned = strip_inline_markup(text).strip()
    for kind, pattern in SECTION_KINDS:
        if pattern.search(cleaned):
            return "other" if kind.startswith("~") else kind
    return "other"


# --------------------------------------------------------------------------- lines

BLANK_RE: Final = re.compile(r"^[ \t\u00a0\ufeff]*+$")
HRULE_RE: Final = re.compile(r"^ {0,3}([-*_])(?:[ \t]*+\1){2,}+[ \t]*+$")
# The text is `.*?` before an optional closing `#` sequence; written as runs of blanks that
# each end in a character, so that a long run of blanks is not re-read from each of its
# positions in search of the end of the line.
ATX_RE: Final = re.compile(
    r"^(?P<hashes>#{1,6})[ \t]++(?P<text>(?:[ \t]*+[^ \t\n])*?)(?:[ \t]++#++)?+[ \t]*+$"
)
BULLET_RE: Final = re.compile(  # the text likewise: `\S.*?` before `[ \t]*$`
    r"^(?P<indent>[ \t]*+)(?P<marker>[•‣◦▪\-*+]|\d{1,3}[.)])[ \t]++"
    r"(?P<text>\S(?:[ \t]*+[^ \t\n])*+)[ \t]*+$"
)
REVIEWED_RE: Final = re.compile(r"^[ \t]*+[*_>]*+[ \t]*+Reviewed\s++by\b", re.IGNORECASE)

_SMALL_WORDS: Final = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or"}
    | {"per", "the", "to", "vs", "via", "with", "without"}
)
_CRITERIA_LABEL_RE: Final = re.compile(
    r"^(?:key\s++)?(?:inclusion|exclusion)\s++criteria\b", re.IGNORECASE
)
_HEADING_WORD_RE: Final = re.compile(r"[A-Za-z][\w'’/-]*+")


#: A question that opens with a short label (`Key question: Is there a fracture?`) is a
#: paragraph; a heading that is a question starts with the question (`Why Is …: …?`).
_RUN_IN_LABEL_RE: Final = re.compile(
    r"(?!(?i:why|what|who|which|how|when|where|is|are|does|do|can|should)\b)"
    r"[^\W\d](?:[\w'’/-]*+[ \t]?+){0,5}+:[ \t]++\S"
)


def is_heading_like(line: str) -> bool:
    """True for a stand-alone line that reads as a heading in the plain-text export.

    A heading is a short question, or a short title-cased phrase without closing
    punctuation. Criteria labels such as ``Inclusion Criteria`` are not headings, nor is a
    paragraph that opens with a label (``Key question: Is there a fracture?``).
    """
    text = line.strip()
    if not text or len(text) > 200 or BULLET_RE.match(line) or _CRITERIA_LABEL_RE.match(text):
        return False
    if text.endswith("?"):
        if _RUN_IN_LABEL_RE.match(strip_inline_markup(text)):
            return False
        return _is_single_sentence(text)
    if len(text) > 120 or text[-1] in ".:;,!" or not text[0].isupper():
        return False
    words = _HEADING_WORD_RE.findall(text)
    if not 1 <= len(words) <= 14:
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


_SENTENCE_END_RE: Final = re.compile(r"[.!?…][\"'’”)*_]*+\s++(?=[A-Z‘“\"'`*_\[])")


def _is_single_sentence(text: str) -> bool:
    return _SENTENCE_END_RE.search(text) is None


def sentence_starts(text: str) -> list[int]:
    """Indices where sentences start in ``text`` (always includes 0)."""
    return [0, *(m.end() for m in _SENTENCE_END_RE.finditer(text))]


# --------------------------------------------------------------------------- links

INLINE_LINK_RE: Final = re.compile(
    r"\[(?P<text>[^\]\n]+)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)"
)
_LINK_TEXT_STOP_RE: Final = re.compile(r"[\]\n]")
_LINK_TARGET_STOP_RE: Final = re.compile(r"[)\s]")
_SPACES_RE: Final = re.compile(r"\s*+")


def iter_inline_links(text: str) -> Iterator[re.Match[str]]:
    """``INLINE_LINK_RE.finditer(text)``, in linear time.

    ``finditer`` tries the pattern at every ``[``; with many ``[`` and no ``]`` (or a target
    with no ``)``) each try reads to the same far point. Here a try is only made where it
    can succeed: every ``[`` before the same ``]`` has the same target and title after it,
    so when one fails they all do, and the end of a text or target is found once for all
    the ``[`` that share it. The pattern itself then runs only on links that match."""
    size = len(text)
    # The stops found last: no `]` or line break in text[text_from:text_stop], no `)` or
    # blank in text[target_from:target_stop]. `at` only grows, so each is looked for once.
    text_from = text_stop = target_from = target_stop = -1
    ends: dict[int, int] = {}  # target stop -> end of the link, or -1 when none ends there
    pos = 0
    while (at := text.find("[", pos)) != -1:
        if not text_from <= at + 1 <= text_stop:
            found = _LINK_TEXT_STOP_RE.search(text, at + 1)
            text_from, text_stop = at + 1, found.start() if found else size
        close = text_stop
        if close == at + 1 or close == size or text[close] != "]":
            pos = max(close, at + 1)  # every `[` up to here fails the same way
            continue
        end = -1
        target = close + 2
        if target <= size and text[close + 1 : target] == "(":
            if not target_from <= target <= target_stop:
                found = _LINK_TARGET_STOP_RE.search(text, target)
                target_from, target_stop = target, found.start() if found else size
            if target_stop > target:
                end = ends.get(target_stop, 0)
                if end == 0:
                    end = ends[target_stop] = _link_end(text, target_stop)
        link = INLINE_LINK_RE.match(text, at) if end != -1 else None
        if link is None:
            pos = close
            continue
        yield link
        pos = link.end()


def _link_end(text: str, stop: int) -> int:
    """Where a link whose target ends at ``stop`` ends: after ``)`` or ``"title")``; -1
    when it does not."""
    if stop == len(text):
        return -1
    if text[stop] == ")":
        return stop + 1
    quote = _SPACES_RE.match(text, stop).end()  # text[stop] is a space
    if text[quote : quote + 1] == '"':
        closing = text.find('"', quote + 1)
        if closing != -1 and text[closing + 1 : closing + 2] == ")":
            return closing + 2
    return -1


def strip_inline_markup(text: str) -> str:
    """Drop Markdown emphasis, code ticks and link targets: ``[a](b)`` -> ``a``."""
    parts, last = [], 0
    for link in iter_inline_links(text):
        parts += [text[last : link.start()], link["text"]]
        last = link.end()
    parts.append(text[last:])
    return _strip_marks("".join(parts))


_MARKS_RE: Final = re.compile(r"[*_`]++")


def _is_word(char: str) -> bool:
    """``re.match(r"\\w", char)`` for one character."""
    return char.isalnum() or char == "_"


def _strip_marks(text: str) -> str:
    """``re.sub(r"(?<!\\w)[*_`]+|[*_`]+(?!\\w)", "", text)``, in linear time.

    After a non-word character a run of marks goes whole; after a word character, up to the
    last point where a non-word character follows (`_` is a word character: in `a__b` the
    marks stay). The regex would look for that point again from each mark of a long run."""
    parts, last, size = [], 0, len(text)
    for run in _MARKS_RE.finditer(text):
        at, end = run.span()
        ends_free = end == size or not _is_word(text[end])
        last_free = max(text.rfind("*", at, end), text.rfind("`", at, end))
        while at < end:
            if at == 0 or not _is_word(text[at - 1]) or ends_free:
                cut = end
            elif last_free > at:
                cut = last_free
            elif last_free == at:  # the next mark follows a non-word character
                at += 1
                continue
            else:  # only underscores after a word character, up to a word character
                break
            parts.append(text[last:at])
            last = at = cut
    parts.append(text[last:])
    return "".join(parts)


def collapse_ws(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- ratings

_OPEN_Q: Final = r"[‘'\"“`*_]"
_CLOSE_Q: Final = r"[’'\"”`*_]"
# The last word is any word that starts like "appropriate" (`Appropiate`, `apropriate`):
# the statement reader (acr_statements) sorts misspellings from other words.
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

KNOWN_RATINGS: Final[tuple[str, ...]] = (
    "usually appropriate",
    "may be appropriate",
    "may be appropriate (disagreement)",
    "usually not appropriate",
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

# --------------------------------------------------------------------------- radiation

# Every quantifier is possessive: the blanks, "(" and comparator between the symbols and the
# dose are each optional, and three optional runs of blanks side by side would otherwise be
# split every possible way (cubic in the length of the run) before the dose is found absent.
_UNIT: Final = r"(?i:mSv|millisieverts?)"
_DOSE: Final = (
    r"(?P<dose>(?:(?i:approximately|approx\.|about|around|roughly|estimated|that\s++is"
    r"|i\.e\.,?+|~|≈)[ \t]*+)?+(?:(?i:between)[ \t]++)?+"
    r"(?P<cmp>[<>≤≥]|&lt;|&gt;|(?i:less\s++than|under|below|more\s++than|greater\s++than"
    r"|above))?+[ \t]*+"
    rf"(?P<low>\d++(?:\.\d++)?+)(?:[ \t]*+{_UNIT})?"
    r"(?:[ \t]*+(?:[-–—]|(?i:to|and))[ \t]*+(?P<high>\d++(?:\.\d++)?+))?+"
    rf"[ \t]*+{_UNIT})"
)
_PED: Final = r"[ \t]*+\[(?i:ped|peds|pediatric)\]"
RRL_RE: Final = re.compile(
    r"(?P<symbols>☢\ufe0f?+(?:[ \t]?☢\ufe0f?+)*+)"
    rf"(?P<ped>{_PED})?+"
    rf"(?:[ \t]*+[,:]?+[ \t]*+\(?+[ \t]*+{_DOSE}\)?+)?+"
    rf"(?P<ped_after>{_PED})?+"
)
#: The levels without a ☢: `O` (no ionizing radiation) and `Varies` (image-guided
#: procedures), after "relative radiation level", "RRL" or alone in a table cell.
RRL_WORD_RE: Final = re.compile(
    r"\b(?:(?i:relative)\s++(?i:radiation)\s++(?i:levels?)|RRLs?+)"
    r"(?:\s++(?i:of|is|was|at|=))?+[ \t]*+[:=]?+[ \t]*+(?:(?i:an?)\s++)?+"
    r"(?P<symbols>O|(?i:varies))(?![\w'’])"
    rf"(?:[ \t]*+\(?+[ \t]*+{_DOSE.replace('?P<', '?P<o_')}\)?+)?+"
)
#: `O` alone between punctuation, after a rating or a study: `May be appropriate, O, …`,
#: `(O)`, `: O.` (a capital O elsewhere is a letter).
RRL_BARE_O_RE: Final = re.compile(r"(?<=[,;:(])[ \t]*+(?P<symbols>O)(?=[ \t]*+(?:[,;.)]|$))")
RRL_CELL_RE: Final = re.compile(
    rf"[ \t*_]*+(?P<symbols>O|(?i:varies))(?:[ \t]*+\(?+[ \t]*+{_DOSE}\)?+)?+[ \t*_.]*+"
)
_NOT_SYMBOL_RE: Final = re.compile(r"[^☢]++")
RRL_POPULATION_RE: Final = re.compile(
    r"\b(?P<pop>pediatric|paediatric|peds|adult)\s++(?:RRL|relative\s++radiation\s++levels?)\b",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- references

#: "… our parent guide: Title." / "… our protocol guide covers …: Title." (up to the title;
#: :func:`iter_guide_refs` finds where the title ends).
GUIDE_REF_RE: Final = re.compile(
    r"\b(?P<guide>parent|topic|overview|protocol|technique)\s++guides?\b[^:]{0,160}?:\s++(?=\S)",
    re.IGNORECASE,
)
_TITLE_END_RE: Final = re.compile(r"\.\s++[A-Z]")
GUIDE_KINDS: Final = {
    "parent": "topic-guide",
    "topic": "topic-guide",
    "overview": "topic-guide",
    "protocol": "protocol-guide",
    "technique": "protocol-guide",
}


def iter_guide_refs(raw: str) -> Iterator[tuple[str, int, int]]:
    """``(guide word, title start, title end)`` for each guide reference in ``raw``: what
    ``GUIDE_REF_RE`` followed by ``(?P<title>\\S[\\s\\S]*?)(?=\\.?\\s*\\Z|\\.\\s+(?-i:[A-Z]))``
    finds. The title runs to the first full stop that a capital follows, else to the end of
    the text (less a closing full stop and blanks); that lookahead, tried at each character
    of the title, would read every run of blanks to its end again from each of its
    characters."""
    size = len(raw.rstrip())
    last = size - 1 if size and raw[size - 1] == "." else size
    pos = 0
    stop: re.Match[str] | None = None
    searched = -1  # no title end between searched and stop (or the end of the text)
    while head := GUIDE_REF_RE.search(raw, pos):
        start = head.end()
        end = last if last > start else size
        if not (0 <= searched <= start + 1 and (stop is None or stop.start() >= start + 1)):
            stop, searched = _TITLE_END_RE.search(raw, start + 1, size), start + 1
        if stop and stop.start() < end:
            end = stop.start()
        following = GUIDE_REF_RE.search(raw, start, end)  # a second guide in the sentence
        if following:
            end = _joining_words_start(raw, start, following.start())
        yield head["guide"], start, end
        pos = following.start() if following else end


_JOINING_WORDS: Final = frozenset({"and", "or", "plus", "also", "our", "the", "a", "see", "its"})


def _joining_words_start(raw: str, start: int, end: int) -> int:
    """Where the words that join one guide's title to the next guide start:
    ``A, and our |protocol guide: B`` -> the end of ``A``."""
    while True:
        while end > start and (raw[end - 1].isspace() or raw[end - 1] in ",;"):
            end -= 1
        word = end
        while word > start and raw[word - 1].isalpha():
            word -= 1
        if word == end or raw[word:end].lower() not in _JOINING_WORDS:
            return end
        end = word


# --------------------------------------------------------------------------- criteria

EXCLUSION_LEAD_RE: Final = re.compile(
    r"\bexclu(?:sion|ded|des?)\b|\bseek\s++(?:different|other|separate)\s++guidance\b"
    r"|\bnot\s++(?:intended|applicable|meant)\s++for\b|\bdoes\s++not\s++apply\b"
    r"|\bdifferent\s++(?:workflow|guidance)\b",
    re.IGNORECASE,
)
INCLUSION_LEAD_RE: Final = re.compile(
    r"\binclusion\b|\bincluded\b|\bcriteria\s++are\b|\bapplies\s++to\b|\bwho\s++fits\b|\beligib",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- population

PEDIATRIC_RE: Final = re.compile(
    r"\b(?:child|children|childhood|pediatric|paediatric|infants?|adolescents?|neonat\w*+"
    r"|newborns?|toddlers?|teens?|teenagers?|boys?|girls?)\b",
    re.IGNORECASE,
)
ADULT_RE: Final = re.compile(r"\badults?\b", re.IGNORECASE)
_NUMBER_WORDS: Final = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS: Final = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
#: An age: `a 9-year-old`, `nine-year-old`, `42 years old`, `aged 12`, `age 15`,
#: `a 6-month-old` (months, weeks and days are children).
AGE_RE: Final = re.compile(
    r"\b(?P<n>\d{1,3}|(?:"
    + "|".join(_TENS)
    + r")(?:[- ](?:"
    + "|".join(_NUMBER_WORDS[1:10])
    + r"))?|"
    + "|".join(reversed(_NUMBER_WORDS))
    + r")"
    r"(?:[- ](?P<unit>year|month|week|day)s?+[- ]old\b|\s++(?P<years>years?)\s++of\s++age\b)"
    r"|\bage[sd]?+\s++(?P<aged>\d{1,3})\b",
    re.IGNORECASE,
)


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS.index(word)
    tens, _, ones = word.replace(" ", "-").partition("-")
    if tens in _TENS:
        return 20 + 10 * _TENS.index(tens) + (_NUMBER_WORDS.index(ones) if ones else 0)
    return None


def population_of(text: str) -> str | None:
    """``pediatric`` or ``adult`` when ``text`` says which (the first age it gives, else
    words such as `child` or `adults`, when only one kind is named); None otherwise."""
    age = AGE_RE.search(text)
    if age:
        if age["unit"] and age["unit"].lower() != "year":
            return "pediatric"
        years = _number(age["n"] or age["aged"])
        if years is not None:
            return "pediatric" if years < 18 else "adult"
    pediatric, adult = PEDIATRIC_RE.search(text), ADULT_RE.search(text)
    if pediatric and not adult:
        return "pediatric"
    if adult and not pediatric:
        return "adult"
    return None


#: Words that put a statement in another population or scenario: `in adults, …`,
#: `for symptomatic patients`, `in a different scenario`.
SCOPE_RE: Final = re.compile(
    r"\b(?:in|for|among)\s++(?:(?:older|younger|most|all)\s++)?+"
    r"(?P<pop>adults?|adult\s++patients|children|child|kids|infants|adolescents"
    r"|pediatric\s++patients|paediatric\s++patients)\b"
    r"|\b(?P<other>(?:other|another|different|separate|symptomatic)\s++"
    r"(?:patients?|scenarios?|variants?|populations?|indications?|settings?|topics?))\b",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- reviewer

_CREDENTIAL: Final = (
    r"(?:M\.?D\.?|D\.?O\.?|Ph\.?D\.?|MBBS|MBChB|FACR|FSIR|FRCR|MPH|MSc?|RN|NP|PA-C|DNP"
    r"|PharmD|RT|RRA)"
)
#: The reviewer line, as Python's ``re`` reads it. Its lazy name and role, each followed by
#: optional blanks and then a separator, backtrack without end on a long line; it runs in
#: RE2 (:func:`match_reviewer`), which finds the same groups in linear time.
REVIEWER_PATTERN: Final = (
    rf"^Reviewed\s+by\s+(?P<name>[^,\n]+?)\s*,\s*"
    rf"(?P<credentials>{_CREDENTIAL}(?:\s*,\s*{_CREDENTIAL})*)\s*,\s*"
    r"(?P<role>[^,\n—–|]+?)\s*(?:—|–|\s-\s|\|)\s*"
    r"(?P<date>(?:[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4})|\d{4}-\d{2}-\d{2})\s*\.?$"
)
_REVIEWER_GROUPS: Final = ("name", "credentials", "role", "date")
# Python's \s and \d among ASCII characters; RE2's own differ (no \v, no \x1c-\x1f).
_ASCII_SPACE: Final = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
_SURROGATE_RE: Final = re.compile("[\ud800-\udfff]")


def match_reviewer(line: str) -> dict[str, str] | None:
    """The groups of ``REVIEWER_PATTERN`` matched at the start of ``line``, or None.

    RE2 picks the same match as Python's backtracking (leftmost, with the same lazy and
    greedy preferences); its ``\\s``, ``\\d`` and ``$`` are narrower than Python's, so the
    pattern is given Python's: the ASCII ones plus the non-ASCII blanks and digits that
    ``line`` itself holds (no other character can matter)."""
    spaces = digits = ""
    readable = line
    if not line.isascii():
        chars = {c for c in set(line) if not c.isascii()}
        spaces = "".join(sorted(c for c in chars if c.isspace()))
        digits = "".join(sorted(c for c in chars if c.isdecimal()))
        # RE2 reads UTF-8, which has no lone surrogates; U+FFFD plays their part as well.
        readable = _SURROGATE_RE.sub("\ufffd", line)
    match = _reviewer_re2(spaces, digits).match(readable)
    if match is None:
        return None
    return {name: line[slice(*match.span(i))] for i, name in enumerate(_REVIEWER_GROUPS, 1)}


@functools.lru_cache(maxsize=32)
def _reviewer_re2(spaces: str, digits: str) -> Any:
    import re2  # linear-time matching; imported with the first reviewer line

    def chars(text: str) -> str:
        return "".join(f"\\x{{{ord(c):x}}}" for c in text)

    pattern = (
        REVIEWER_PATTERN.replace(r"\s", f"[{chars(_ASCII_SPACE + spaces)}]")
        .replace(r"\d", f"[0-9{chars(digits)}]")
        .removesuffix("$")
    )
    return re2.compile(pattern + r"(?:\n?\z)")


_MONTHS: Final = {
    name.lower(): number
    for number, names in enumerate(
        (
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ),
        start=1,
    )
    for name in names
}
_ISO_DATE_RE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_LONG_DATE_RE: Final = re.compile(r"([A-Za-z]++)\.?+\s++(\d{1,2}),?+\s++(\d{4})")


def parse_review_date(text: str) -> str | None:
    """``"May 30, 2026"`` or ``"2026-05-30"`` -> ``"2026-05-30"``; None when impossible."""
    iso = _ISO_DATE_RE.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        m = _LONG_DATE_RE.fullmatch(text.strip())
        if not m or m[1].lower() not in _MONTHS:
            return None
        year, month, day = int(m[3]), _MONTHS[m[1].lower()], int(m[2])
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# =========================================================================== finders
# The finders below work on one stretch of text (a paragraph, bullet or heading)
# and return indices relative to it; acr_parse turns them into file positions.


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


def find_radiation(raw: str) -> list[dict[str, object]]:
    """Relative radiation level statements (``☢☢☢☢ (10-30 mSv)``) with their index."""
    found: list[dict[str, object]] = []
    previous_end = 0
    for match in RRL_RE.finditer(raw):
        symbols = _NOT_SYMBOL_RE.sub("", match["symbols"])
        low, high = _dose_range(match)
        window = raw[max(previous_end, match.start() - 120) : match.start()]
        populations = [m["pop"].lower() for m in RRL_POPULATION_RE.finditer(window)]
        population = None
        if populations:
            population = "adult" if populations[-1] == "adult" else "pediatric"
        found.append(
            {
                "index": match.start(),
                "symbols": symbols,
                "count": len(symbols),
                "dose_text": collapse_ws(match["dose"]) if match["dose"] else None,
                "dose_low": low,
                "dose_high": high,
                "population": population,
            }
        )
        previous_end = match.end()
    return found


def _dose_range(match: re.Match[str]) -> tuple[float | None, float | None]:
    if not match["dose"]:
        return None, None
    low = float(match["low"])
    high = float(match["high"]) if match["high"] else None
    comparator = match["cmp"] or ""
    if comparator in ("<", "≤", "&lt;"):
        return None, low
    if comparator in (">", "≥", "&gt;"):
        return low, None
    return low, high if high is not None else low


def find_references(raw: str) -> list[dict[str, object]]:
    """Guide references ("… parent guide: Title.") and Markdown links, with their index."""
    found: list[dict[str, object]] = []
    claimed: list[tuple[int, int]] = []  # links that are a guide's title, in order
    for guide, start, end in iter_guide_refs(raw):
        start, end = _trim_chars(raw, start, end)
        target = None
        link = INLINE_LINK_RE.fullmatch(raw, start, end)
        if link:
            claimed.append(link.span())
            (start, end), target = link.span("text"), link["target"]
        kind = GUIDE_KINDS[guide.lower()]
        found.append({"index": start, "kind": kind, "text": raw[start:end], "target": target})
    claimed_starts = [start for start, _ in claimed]
    for link in iter_inline_links(raw):
        i = bisect.bisect_right(claimed_starts, link.start()) - 1
        if i < 0 or link.start() >= claimed[i][1]:
            start, text, target = link.start("text"), link["text"], link["target"]
            found.append({"index": start, "kind": "link", "text": text, "target": target})
    found.sort(key=lambda ref: ref["index"])  # type: ignore[arg-type,return-value]
    return found


# =========================================================================== linear time
# Every pattern above that reads page text, by name: how it is applied, and inputs that make
# a backtracking version of it slow, as (head, repeated part, tail) to build at any length
# (tests/test_regex_linear.py and benchmarks/regex_adversarial.py time each at 10,000 and
# 100,000 characters). A payload that one pattern loops on is a near miss for the others,
# so the lists mix: long runs of blanks, of the characters a pattern repeats, of the words
# it looks for, unclosed brackets, quotes and markup.

_SECTION_ATTACKS: Final = (
    ("who ", "is ", "x"),
    ("who fits ", " ", "x"),
    ("why is ", "rated ", "x"),
    ("what are the key ", " ", "x"),
    ("related ", "tools ", "x"),
    ("why are ", " ", "x"),
    ("", "\t", "x"),
)
_RATING_ATTACKS: Final = (
    ("rates ", " ", "x"),
    ("rates ", "\u00a0", "!"),
    ("rates ", "a ", "x"),
    ("", "rates a as ", "x"),
    ("rates a", "\n", " as usually appropriate"),
    ("rated ", " ", "x"),
    ("rated ", "a", "ly"),
    ("is ", "also ", "x"),
    ("is Usually", " ", "x"),
    ("a", "'", "Usually"),
    ("a", "__", "!"),
    ("", "'Usually ", "x"),
    ("", "Usually appropriate ", ""),
)
_SUBJECT_ATTACKS: Final = (
    ("", "CT is rated Usually appropriate and ", ""),
    ("", "`CT` is rated Usually appropriate ", ""),
    ("", "the ", "CT is rated Usually appropriate"),
    ("CT", " is", " rated Usually appropriate"),
    ("CT", " ", "is rated Usually appropriate"),
    ("", ", [a is rated Usually appropriate", ""),
    ("", "(‘Usually appropriate’ ", ")"),
    ("", "and      not x is rated Usually appropriate ", ""),
    ("Why is ", "[", " rated Usually appropriate"),
    ("[CT](", "x", ") is rated Usually appropriate"),
    ("", "`a ", "is rated Usually appropriate"),
)
_LINK_ATTACKS: Final = (
    ("", "[", "x"),
    ("", "[a", "\n"),
    ("", "[a](", "x"),
    ("[a](b ", " ", "x"),
    ("", '[a](b "x', ""),
    ("", "[a]", "("),
    ("a", "_", "b"),
    ("a", "*_", "b"),
    ("", "**", "x"),
    ("", "`", "x"),
)
_RADIATION_ATTACKS: Final = (
    ("☢", " ", "x"),
    ("☢", "\t", "?"),
    ("", "☢ ", "x"),
    ("☢ (", " ", "x"),
    ("☢ 1", " ", "x"),
    ("☢ 1 -", " ", "x"),
    ("", "☢\ufe0f", "1"),
    ("", "☢ (1 mSv) ", ""),
    ("adult", " ", "x"),
)
_REFERENCE_ATTACKS: Final = (
    ("parent guide: a", " ", "x"),
    ("", "parent guide: a ", "x"),
    ("parent guide", " ", ":"),
    ("parent guide: a", ".", " x"),
    ("", "parent guide: [a](b) ", ""),
    ("", "[a](b) ", ""),
)
_REVIEWER_ATTACKS: Final = (
    ("Reviewed by ", " ", "x"),
    ("Reviewed by a", " ", ", MD, b"),
    ("Reviewed by a, MD, b", " ", "x"),
    ("Reviewed by a, MD, b", "\u00a0", "\n"),
    ("Reviewed by a", ", MD", " — x"),
    ("Reviewed by a, MD, b -", " ", "- May 1, 2026"),
    ("", "*", "Reviewed by"),
)


def _findall(finder: Callable[[str], Any]) -> Callable[[str], list[Any]]:
    return lambda text: list(finder(text))


CONTENT_PATTERNS: Final[tuple[tuple[str, Callable[[str], Any], tuple[tuple[str, ...], ...]]]] = (
    *(
        (f"section-kind/{i}-{kind}", pattern.search, _SECTION_ATTACKS)
        for i, (kind, pattern) in enumerate(SECTION_KINDS)
    ),
    ("section-kind", section_kind, _SECTION_ATTACKS + _LINK_ATTACKS),
    ("blank-line", BLANK_RE.match, (("", " \t\u00a0", "x"),)),
    ("horizontal-rule", HRULE_RE.match, (("", "- ", "x"), ("-", " ", "x"), ("", "*", "x"))),
    ("atx-heading", ATX_RE.match, (("# a", " ", "b"), ("# a", " #", "x"), ("# a", "\t", "!"))),
    ("bullet", BULLET_RE.match, (("- a", " ", "b"), ("", " ", "x"), ("- a", "\t ", "!"))),
    ("reviewed-by", REVIEWED_RE.match, (("", " ", "x"), ("", "*", "x"), ("", " *", "x"))),
    ("criteria-label", _CRITERIA_LABEL_RE.match, (("key", " ", "x"), ("inclusion", " ", "x"))),
    ("heading-like", is_heading_like, (("", "A ", "?"), ("", " ", "A"))),
    ("sentence-end", sentence_starts, ((".", " ", "x"), ("", ".)", " x"), ("", ". A", ""))),
    ("inline-link", _findall(iter_inline_links), _LINK_ATTACKS),
    ("inline-markup", strip_inline_markup, _LINK_ATTACKS),
    *((f"rating/{name}", _findall(finder), _RATING_ATTACKS) for name, finder in RATING_CONTEXTS),
    ("ratings", find_ratings, _RATING_ATTACKS + _SUBJECT_ATTACKS),
    ("ratings-in-bullet", lambda text: find_ratings(text, (0, 2)), _SUBJECT_ATTACKS),
    ("rating-normalize", normalize_rating, (("May be ", " ", "(disagreement)"),)),
    ("hypothetical", HYPOTHETICAL_BEFORE_RE.search, (("", "not ", "x"), ("not", " ", "x"))),
    ("inversion", INVERSION_RE.match, (("", "*", "why is "), ("why", " ", "x"))),
    (
        "clause-boundary",
        _findall(CLAUSE_BOUNDARY_RE.finditer),
        (("and", " ", "x"), ("", "and ", "")),
    ),
    (
        "subject-trailing",
        lambda t: _trailing_words_start(t, 0, len(t)),
        (("CT", " is", ""), ("", "is ", ""), ("x", " ", "is"), *_SUBJECT_ATTACKS),
    ),
    ("subject-leading", SUBJECT_LEADING_RE.match, (("", "the ", "x"), ("", "an", "x"))),
    ("code-span", lambda t: _CodeSpans(t).last(0, len(t)), (("", "`", "x"), ("`", "a", "\n`"))),
    ("subject", lambda t: _Subjects(t).clean(0, len(t)), _SUBJECT_ATTACKS + _LINK_ATTACKS),
    ("radiation", _findall(RRL_RE.finditer), _RADIATION_ATTACKS),
    ("radiation-population", _findall(RRL_POPULATION_RE.finditer), _RADIATION_ATTACKS),
    ("radiation-levels", find_radiation, _RADIATION_ATTACKS),
    ("guide-reference", _findall(iter_guide_refs), _REFERENCE_ATTACKS),
    ("references", find_references, _REFERENCE_ATTACKS + _LINK_ATTACKS),
    ("exclusion-lead", EXCLUSION_LEAD_RE.search, (("seek", " ", "x"), ("not", " ", "x"))),
    ("inclusion-lead", INCLUSION_LEAD_RE.search, (("criteria", " ", "x"),)),
    ("pediatric", PEDIATRIC_RE.search, (("neonat", "a", "!"), ("", "x", ""))),
    ("adult", ADULT_RE.search, (("", "adult", ""),)),
    ("radiation-word", _findall(RRL_WORD_RE.finditer), (*_RADIATION_ATTACKS, ("RRL", " ", "O"))),
    ("radiation-bare-o", _findall(RRL_BARE_O_RE.finditer), ((",", " ", "O"), ("", ", O", ""))),
    ("radiation-cell", RRL_CELL_RE.fullmatch, (("", " ", "O x"), ("O", " ", "x"))),
    ("age", _findall(AGE_RE.finditer), (("", "1 ", "x"), ("", "twenty-", "x"), ("age", " ", "x"))),
    ("population", population_of, (("", "a 9-year", ""), ("", "child adult ", ""))),
    ("scope", _findall(SCOPE_RE.finditer), (("in", " ", "x"), ("other", " ", "x"))),
    ("labelled-question", _RUN_IN_LABEL_RE.match, (("", "a ", "?"), ("", "a", ": x"))),
    ("reviewer", match_reviewer, _REVIEWER_ATTACKS),
    ("review-date", parse_review_date, (("May", " ", "1, 2026"), ("", "a", " 1, 2026"))),
)


Subjects = _Subjects  # for acr_statements
Statement = _Statement
