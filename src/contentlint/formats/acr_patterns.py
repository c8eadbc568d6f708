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
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Final

from contentlint.formats import acr_sections

# --------------------------------------------------------------------------- sections

#: Heading -> section kind. Order matters: the first match wins, so the more
#: specific "rated lower" row comes before the general "why is … rated" one.
SECTION_KINDS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("scenario", r"^who\b.*\b(?:fits?|belongs?|qualif\w*|is|are)\b.*\bscenario\b"),
        ("scenario", r"^(?:which|what)\s+patients?\b.*\bscenario\b"),
        ("assessment", r"^what\s+are\s+(?:you|we)\s+assessing\b"),
        ("assessment", r"^what\s+are\s+the\s+key\b.*\bquestions?\b"),
        ("lower-rated", r"^why\s+(?:are|is)\b.*\brated\s+lower\b"),
        ("lower-rated", r"^why\s+(?:are|is)\s+(?:the\s+)?(?:other|alternative)\s+studies\b"),
        ("rationale", r"^why\s+(?:is|are)\b.*\b(?:recommended|preferred)\s+(?:study|test|exam)"),
        ("rationale", r"^why\s+(?:is|are)\b.*\brated\b"),
        ("downstream", r"\bdownstream\b"),
        ("pitfalls", r"\bpitfalls?\b"),
        ("related", r"^related\b.*\b(?:topics?|tools|articles?|guides?)\b"),
        ("faq", r"^(?:frequently\s+asked\s+questions|faqs?)\b"),
    )
)

#: Every kind a section can have (``other`` when no row of ``SECTION_KINDS`` matches).
SECTION_KIND_NAMES = acr_sections.SECTION_KIND_NAMES


def section_kind(heading: str) -> str:
    """Return the section kind of a heading text (``"other"`` when unrecognised)."""
    cleaned = strip_inline_markup(heading).strip()
    for kind, pattern in SECTION_KINDS:
        if pattern.search(cleaned):
            return kind
    return "other"


# --------------------------------------------------------------------------- lines

BLANK_RE: Final = re.compile(r"^[ \t\u00a0\ufeff]*$")
HRULE_RE: Final = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
ATX_RE: Final = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
BULLET_RE: Final = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>[•‣◦▪\-*+]|\d{1,3}[.)])[ \t]+(?P<text>\S.*?)[ \t]*$"
)
REVIEWED_RE: Final = re.compile(r"^[ \t]*[*_>]*[ \t]*Reviewed\s+by\b", re.IGNORECASE)

_SMALL_WORDS: Final = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or"}
    | {"per", "the", "to", "vs", "via", "with", "without"}
)
_CRITERIA_LABEL_RE: Final = re.compile(r"^(?:key\s+)?(?:inclusion|exclusion)\s+criteria\b", re.I)


def is_heading_like(line: str) -> bool:
    """True for a stand-alone line that reads as a heading in the plain-text export.

    A heading is a short question, or a short title-cased phrase without closing
    punctuation. Criteria labels such as ``Inclusion Criteria`` are not headings.
    """
    text = line.strip()
    if not text or len(text) > 200 or BULLET_RE.match(line) or _CRITERIA_LABEL_RE.match(text):
        return False
    if text.endswith("?"):
        return _is_single_sentence(text)
    if len(text) > 120 or text[-1] in ".:;,!" or not text[0].isupper():
        return False
    words = re.findall(r"[A-Za-z][\w'’/-]*", text)
    if not 1 <= len(words) <= 14:
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


_SENTENCE_END_RE: Final = re.compile(r"[.!?…][\"'’”)*_]*\s+(?=[A-Z‘“\"'`*_\[])")


def _is_single_sentence(text: str) -> bool:
    return _SENTENCE_END_RE.search(text) is None


def sentence_starts(text: str) -> list[int]:
    """Indices where sentences start in ``text`` (always includes 0)."""
    return [0, *(m.end() for m in _SENTENCE_END_RE.finditer(text))]


INLINE_LINK_RE: Final = re.compile(
    r"\[(?P<text>[^\]\n]+)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)"
)


def strip_inline_markup(text: str) -> str:
    """Drop Markdown emphasis, code ticks and link targets: ``[a](b)`` -> ``a``."""
    text = INLINE_LINK_RE.sub(lambda m: m["text"], text)
    return re.sub(r"(?<!\w)[*_`]+|[*_`]+(?!\w)", "", text)


def collapse_ws(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- ratings

_OPEN_Q: Final = r"[‘'\"“`*_]"
_CLOSE_Q: Final = r"[’'\"”`*_]"
_TAIL: Final = r"(?i:in)?(?i:appropriate)\b(?:\s*\((?i:disagreement)\))?"
# Qualifiers accepted wherever a rating is expected. Lower-case words other
# than the ACR's own (usually / may be / rarely / highly) are only accepted when
# capitalised, as the ACR terms are, so plain English ("is often appropriate")
# is not mistaken for a rating.
_QUAL_STRICT: Final = (
    r"(?:(?i:usually|may\s+be|rarely|highly)"
    r"|[A-Z][a-z]*ly|Always|Never|Sometimes|Often|(?:Might|Could|Can)\s+[Bb]e)"
)
# After "rated" / "rates X as" anything in the qualifier slot is a rating term.
_QUAL_ANY: Final = (
    r"(?i:usually|may\s+be|might\s+be|could\s+be|can\s+be|rarely|highly|always|never"
    r"|sometimes|often|[a-z]+ly)"
)
_TERM_STRICT: Final = rf"(?P<term>{_QUAL_STRICT}\s+(?:(?i:not)\s+)?{_TAIL})"
_TERM_ANY: Final = rf"(?P<term>(?:{_QUAL_ANY}\s+)?(?:(?i:not)\s+)?{_TAIL})"
_FILLERS: Final = r"(?:(?i:also|only|still|now|currently|generally|consistently)\s+)*"

#: (context name, pattern). Every pattern has a ``term`` group (the rating words);
#: ``rates-as`` also has ``proc``. Earlier rows win when two claim the same words.
RATING_CONTEXTS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    (
        "rates-as",
        re.compile(
            rf"\b(?i:rates?)\s+(?P<proc>[^.?!;:\n]{{1,120}}?)\s+(?i:as)\s+"
            rf"(?P<oq>{_OPEN_Q}*){_TERM_ANY}"
        ),
    ),
    ("rated", re.compile(rf"\b(?i:rated)\s+(?:(?i:as)\s+)?(?P<oq>{_OPEN_Q}*){_TERM_ANY}")),
    (
        "rated",
        re.compile(
            rf"\b(?i:considered|deemed|graded|classified)\s+(?:(?i:as)\s+)?"
            rf"(?P<oq>{_OPEN_Q}*){_TERM_STRICT}"
        ),
    ),
    (
        "is",
        re.compile(
            rf"\b(?i:is|are|was|were|remains?)\s+{_FILLERS}(?P<oq>{_OPEN_Q}*){_TERM_STRICT}"
        ),
    ),
    ("label", re.compile(rf"^(?P<label>[^:\n]{{2,100}}):\s*(?P<oq>{_OPEN_Q}*){_TERM_STRICT}")),
    ("quoted", re.compile(rf"(?P<oq>{_OPEN_Q}+){_TERM_STRICT}(?={_CLOSE_Q})")),
)

KNOWN_RATINGS: Final[tuple[str, ...]] = (
    "usually appropriate",
    "may be appropriate",
    "may be appropriate (disagreement)",
    "usually not appropriate",
)


def normalize_rating(term: str) -> str:
    """Lower-case a rating term and collapse its spacing: ``May Be  Appropriate`` ->
    ``may be appropriate``. Unknown terms are returned in the same normalised form."""
    text = collapse_ws(term).lower()
    return re.sub(r"\s*\(\s*disagreement\s*\)", " (disagreement)", text)


#: Words before a rating that make it a contrast, not a rating of a procedure:
#: "only ‘May be appropriate’ and not ‘Usually appropriate’".
HYPOTHETICAL_BEFORE_RE: Final = re.compile(
    r"(?:\bnot|\brather\s+than|\binstead\s+of|\bnor)\s+(?:as\s+)?[‘'\"“`*_]*$", re.IGNORECASE
)
#: Question inversion at the start of a sentence: "Why Is a Chest Radiograph Rated …".
INVERSION_RE: Final = re.compile(
    r"^\W*(?:why|how|when|where)\s+(?:is|are|was|were)\s+", re.IGNORECASE
)
#: Clause boundaries that end the subject of a rating, searched in a masked text.
CLAUSE_BOUNDARY_RE: Final = re.compile(
    r"[,;:—–]|\s-\s|\b(?:where|while|whereas|but|because|since|although|though|that"
    r"|which|when|if|so|whether|and\s+not)\b",
    re.IGNORECASE,
)
SUBJECT_TRAILING_RE: Final = re.compile(
    r"(?:\s+(?:is|are|was|were|be|been|being|remains?|only|also|still|now|currently|"
    r"generally|consistently|rated|itself))+\s*$",
    re.IGNORECASE,
)
SUBJECT_LEADING_RE: Final = re.compile(  # used with .match(), so no "^"
    r"(?:(?:a|an|the|both|also|then|and|or|so|thus|here|overall)\b\s*)+", re.IGNORECASE
)
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

RRL_RE: Final = re.compile(
    r"(?P<symbols>☢\ufe0f?(?:[ \t]?☢\ufe0f?)*)"
    r"(?:[ \t]*\(?[ \t]*(?P<dose>(?P<cmp>[<>≤≥]|&lt;|&gt;)?[ \t]*(?P<low>\d+(?:\.\d+)?)"
    r"(?:[ \t]*[-–—][ \t]*(?P<high>\d+(?:\.\d+)?))?[ \t]*mSv)\)?)?"
)
RRL_POPULATION_RE: Final = re.compile(
    r"\b(?P<pop>pediatric|paediatric|peds|adult)\s+(?:RRL|relative\s+radiation\s+levels?)\b",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- references

#: "… our parent guide: Title." / "… our protocol guide covers …: Title."
GUIDE_REF_RE: Final = re.compile(
    r"\b(?P<guide>parent|topic|overview|protocol|technique)\s+guides?\b[^:]{0,160}?:\s+"
    r"(?P<title>\S[\s\S]*?)(?=\.?\s*\Z|\.\s+(?-i:[A-Z]))",
    re.IGNORECASE,
)
GUIDE_KINDS: Final = {
    "parent": "topic-guide",
    "topic": "topic-guide",
    "overview": "topic-guide",
    "protocol": "protocol-guide",
    "technique": "protocol-guide",
}

# --------------------------------------------------------------------------- criteria

EXCLUSION_LEAD_RE: Final = re.compile(
    r"\bexclu(?:sion|ded|des?)\b|\bseek\s+(?:different|other|separate)\s+guidance\b"
    r"|\bnot\s+(?:intended|applicable|meant)\s+for\b|\bdoes\s+not\s+apply\b"
    r"|\bdifferent\s+(?:workflow|guidance)\b",
    re.IGNORECASE,
)
INCLUSION_LEAD_RE: Final = re.compile(
    r"\binclusion\b|\bincluded\b|\bcriteria\s+are\b|\bapplies\s+to\b|\bwho\s+fits\b|\beligib",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- population

PEDIATRIC_RE: Final = re.compile(
    r"\b(?:child|children|childhood|pediatric|paediatric|infants?|adolescents?|neonat\w*"
    r"|newborns?|toddlers?|teens?|teenagers?|boys?|girls?)\b",
    re.IGNORECASE,
)
ADULT_RE: Final = re.compile(r"\badults?\b", re.IGNORECASE)

# --------------------------------------------------------------------------- reviewer

_CREDENTIAL: Final = (
    r"(?:M\.?D\.?|D\.?O\.?|Ph\.?D\.?|MBBS|MBChB|FACR|FSIR|FRCR|MPH|MSc?|RN|NP|PA-C|DNP"
    r"|PharmD|RT|RRA)"
)
REVIEWER_RE: Final = re.compile(
    rf"^Reviewed\s+by\s+(?P<name>[^,\n]+?)\s*,\s*"
    rf"(?P<credentials>{_CREDENTIAL}(?:\s*,\s*{_CREDENTIAL})*)\s*,\s*"
    r"(?P<role>[^,\n—–|]+?)\s*(?:—|–|\s-\s|\|)\s*"
    r"(?P<date>(?:[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4})|\d{4}-\d{2}-\d{2})\s*\.?$"
)
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


def parse_review_date(text: str) -> str | None:
    """``"May 30, 2026"`` or ``"2026-05-30"`` -> ``"2026-05-30"``; None when impossible."""
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        m = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text.strip())
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
    claimed: dict[int, tuple[str, re.Match[str]]] = {}
    for context, pattern in RATING_CONTEXTS:
        if context == "label" and label is None:
            continue
        for match in pattern.finditer(raw):
            claimed.setdefault(match.start("term"), (context, match))
    return [_rating_hit(raw, ctx, m, label) for _, (ctx, m) in sorted(claimed.items())]


def _rating_hit(
    raw: str, context: str, match: re.Match[str], label: tuple[int, int] | None
) -> RatingHit:
    hypothetical = any(
        HYPOTHETICAL_BEFORE_RE.search(raw, max(0, at - 40), at)
        for at in (match.start(), match.start("oq"))
    )
    procedure = None
    if not hypothetical:
        if context == "rates-as":
            procedure = _clean_subject(raw, *match.span("proc"))
        elif context == "label":
            procedure = _clean_subject(raw, *match.span("label"))
        else:
            procedure = _clean_subject(raw, *_subject_span(raw, match.start()))
        if label and match.start() >= label[1]:
            if procedure is None or raw[slice(*procedure)].lower() in PRONOUN_SUBJECTS:
                procedure = _clean_subject(raw, *label)
        elif procedure and raw[slice(*procedure)].lower() in PRONOUN_SUBJECTS:
            procedure = None
    return RatingHit(
        context, match.span("term"), procedure, bool(match["oq"].strip("*_")), hypothetical
    )


def _subject_span(raw: str, context_start: int) -> tuple[int, int]:
    """The clause before a rating context: "…, where `CT …` is rated" -> "`CT …` is"."""
    sentence = max(s for s in sentence_starts(raw) if s <= context_start)
    window = raw[sentence:context_start]
    inversion = INVERSION_RE.match(window)
    if inversion:
        return sentence + inversion.end(), context_start
    boundaries = list(CLAUSE_BOUNDARY_RE.finditer(_mask_nested(window)))
    return sentence + (boundaries[-1].end() if boundaries else 0), context_start


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


_SUBJECT_EDGE_CHARS: Final = " \t\r\n*_\"'‘’“”,"


def _clean_subject(raw: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim auxiliaries, articles, quotes and markup; prefer a `code` span or link text."""
    start, end = _trim_chars(raw, start, end)
    trailing = SUBJECT_TRAILING_RE.search(raw, start, end)
    if trailing:
        start, end = _trim_chars(raw, start, trailing.start())
    leading = SUBJECT_LEADING_RE.match(raw, start, end)
    if leading:
        start, end = _trim_chars(raw, leading.end(), end)
    spans = list(BACKTICK_SPAN_RE.finditer(raw, start, end))
    if spans:
        start, end = spans[-1].span(1)
    link = INLINE_LINK_RE.fullmatch(raw, start, end)
    if link:
        start, end = link.span("text")
    text = raw[start:end]
    if not text or len(text) > 120 or len(text.split()) > 14:
        return None
    return start, end


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
        symbols = re.sub(r"[^☢]", "", match["symbols"])
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
    claimed: list[tuple[int, int]] = []
    for match in GUIDE_REF_RE.finditer(raw):
        start, end = _trim_chars(raw, *match.span("title"))
        target = None
        link = INLINE_LINK_RE.fullmatch(raw, start, end)
        if link:
            claimed.append(link.span())
            (start, end), target = link.span("text"), link["target"]
        kind = GUIDE_KINDS[match["guide"].lower()]
        found.append({"index": start, "kind": kind, "text": raw[start:end], "target": target})
    for link in INLINE_LINK_RE.finditer(raw):
        if not any(s <= link.start() < e for s, e in claimed):
            start, text, target = link.start("text"), link["text"], link["target"]
            found.append({"index": start, "kind": "link", "text": text, "target": target})
    found.sort(key=lambda ref: ref["index"])  # type: ignore[arg-type,return-value]
    return found
