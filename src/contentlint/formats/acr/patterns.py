"""Every pattern that the ACR article's pattern modules apply to page text, with inputs that
would make a naive version of it slow: ``CONTENT_PATTERNS``.

The pattern modules hold the regular expressions and small pure helpers of the ACR article:
``patterns_markup`` (links, emphasis, spacing), ``patterns_headings`` (section kinds, lines,
headings, sentences), ``patterns_subjects`` (the subject of a rating), ``patterns_ratings``
(rating words and their contexts), ``patterns_radiation``, ``patterns_references``,
``patterns_population`` and ``patterns_reviewer``. The finders there work on one paragraph,
bullet or heading and return indices relative to it. Everything is compiled once at import
time and has no state; positions in the file are the parser's business
(:mod:`contentlint.formats.acr.parse`).

**Linear time.** Articles come from strangers' pull requests, so every pattern there is
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

from collections.abc import Callable
from typing import Any, Final

from contentlint.formats.acr.patterns_headings import (
    _CRITERIA_LABEL_RE,
    _RUN_IN_LABEL_RE,
    ATX_RE,
    BLANK_RE,
    BULLET_RE,
    HRULE_RE,
    REVIEWED_RE,
    SECTION_KINDS,
    is_heading_like,
    section_kind,
    sentence_starts,
)
from contentlint.formats.acr.patterns_markup import iter_inline_links, strip_inline_markup
from contentlint.formats.acr.patterns_population import (
    ADULT_RE,
    AGE_RE,
    EXCLUSION_LEAD_RE,
    INCLUSION_LEAD_RE,
    PEDIATRIC_RE,
    SCOPE_RE,
    population_of,
)
from contentlint.formats.acr.patterns_radiation import (
    RRL_BARE_O_RE,
    RRL_CELL_RE,
    RRL_POPULATION_RE,
    RRL_RE,
    RRL_WORD_RE,
    find_radiation,
)
from contentlint.formats.acr.patterns_ratings import (
    HYPOTHETICAL_BEFORE_RE,
    RATING_CONTEXTS,
    find_ratings,
    normalize_rating,
)
from contentlint.formats.acr.patterns_references import find_references, iter_guide_refs
from contentlint.formats.acr.patterns_reviewer import match_reviewer, parse_review_date
from contentlint.formats.acr.patterns_subjects import (
    CLAUSE_BOUNDARY_RE,
    INVERSION_RE,
    SUBJECT_LEADING_RE,
    _CodeSpans,
    _Subjects,
    _trailing_words_start,
)

# Every pattern of the pattern modules that reads page text, by name: how it is applied, and
# inputs that make a backtracking version of it slow, as (head, repeated part, tail) to build
# at any length (tests/test_regex_linear.py and benchmarks/regex_adversarial.py time each at
# 10,000 and 100,000 characters). A payload that one pattern loops on is a near miss for the
# others, so the lists mix: long runs of blanks, of the characters a pattern repeats, of the
# words it looks for, unclosed brackets, quotes and markup.

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
