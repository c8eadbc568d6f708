"""Headings and lines of an ACR article.

* ``SECTION_KINDS``: the table that maps a heading to a section kind, by meaning (first
  matching regex wins; add a row to recognise a new wording), read by :func:`section_kind`,
  :func:`strict_section_kind` and :func:`is_section_heading` (the kinds themselves, in their
  required order, are :data:`contentlint.formats.acr.sections.SECTION_KIND_NAMES`);
* the patterns of a line: blank, horizontal rule, ATX heading, bullet, the start of the
  reviewer line;
* :func:`is_heading_like` (a stand-alone line that reads as a heading in the plain-text
  export) and :func:`sentence_starts`.
"""

from __future__ import annotations

import re
from typing import Final

from contentlint.formats.acr.patterns_markup import strip_inline_markup

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
