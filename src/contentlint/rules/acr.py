"""ACR article rules: structure, rating vocabulary and consistency, radiation levels, reviewer.

They read the structured document that :mod:`contentlint.formats.acr_parse` builds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from contentlint.formats import Document
from contentlint.formats.acr_sections import SECTION_ORDER, STRUCTURE_SCHEMA
from contentlint.model import Edit
from contentlint.rules.registry import Hit, Option, rule
from contentlint.schemas import errors

ARTICLE = ("acr_article",)
# The ACR's own spelling of its rating categories (its rating tables, and "ACR
# Appropriateness Criteria Methodology", J Am Coll Radiol 2021;18(11S):S240-S250):
# sentence case, with "(Disagreement)" capitalised.
ACR_SPELLINGS = [
    "Usually appropriate",
    "May be appropriate",
    "May be appropriate (Disagreement)",
    "Usually not appropriate",
]


def _spellings_problem(spellings: list[str]) -> str | None:
    """The house spellings must name each ACR category once, in any capitalisation."""
    wanted = sorted(s.casefold() for s in ACR_SPELLINGS)
    if sorted(s.casefold() for s in spellings) != wanted:
        return "must spell each of the four ACR categories once: " + ", ".join(ACR_SPELLINGS)
    return None


def _body(doc: Document) -> dict[str, Any]:
    return doc.body if isinstance(doc.body, dict) else {}


def _at(item: dict[str, Any]) -> tuple[int, int]:
    return item.get("line") or 1, item.get("column") or 1


@rule(
    code="AC001",
    name="acr-structure",
    summary="An ACR article's sections are missing, repeated or out of order, or it lacks parts.",
    explanation="""
An ACR article has these sections, in this order, recognised by meaning rather than exact
wording: scenario (`Who Fits This Clinical Scenario…`), assessment (`What Are You
Assessing…`), rationale (`Why Is … a Recommended Study?`), lower-rated (`Why are other
studies rated lower?`), downstream (`What Is the Downstream Workflow…`), pitfalls (`Common
Pitfalls…`), related (`Related ACR Topics and Tools`), faq (`Frequently Asked Questions`),
then the reviewer line. The title must be a question, the inclusion criteria must list at
least one item, and the FAQ must have at least `min-faq` question/answer pairs. The parsed
article must also match `schemas/acr-article.schema.json`.
""",
    bad="""
Why Is CT Rated Usually appropriate?        (before the scenario section)
Who Fits This Clinical Scenario…?
""",
    good="""
Who Fits This Clinical Scenario…?
…
Why Is CT Rated Usually appropriate?
""",
    formats=ARTICLE,
    options=(
        Option(
            "min-faq",
            3,
            "the fewest question/answer pairs the FAQ may have",
            int,
            check=lambda n: None if 0 <= n <= 1000 else "must be between 0 and 1000",
        ),
        Option(
            "required-sections",
            list(SECTION_ORDER),
            "the section kinds every article must have, in order",
            list,
            check=lambda kinds: next(
                (
                    f"names an unknown section kind {kind!r} (known: {', '.join(SECTION_ORDER)})"
                    for kind in kinds
                    if kind not in SECTION_ORDER
                ),
                None,
            ),
        ),
    ),
)
def acr_structure(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    body = _body(doc)
    if not body:
        return
    for error in errors(STRUCTURE_SCHEMA, body):
        path = "/".join(str(p) for p in error.absolute_path) or "article"
        yield Hit(1, 1, f"the parsed article does not match its schema at {path}: {error.message}")
    title = body.get("title")
    if not title:
        yield Hit(1, 1, "the article has no title")
    elif not title["text"].rstrip().endswith("?"):
        yield Hit(*_at(title), f"the title should be a question: {title['text']!r}")
    yield from _section_order(body, options["required-sections"])
    if not body.get("inclusion_criteria"):
        section = _section(body, "scenario")
        where = _at(section) if section else (1, 1)
        yield Hit(*where, "the article lists no inclusion criteria")
    faq, faq_section, least = body.get("faq") or [], _section(body, "faq"), options["min-faq"]
    if faq_section and len(faq) < least:
        yield Hit(
            *_at(faq_section),
            f"the FAQ has {len(faq)} question/answer pair(s); at least {least} expected",
        )


def _section(body: dict[str, Any], kind: str) -> dict[str, Any] | None:
    return next((s for s in body.get("sections", []) if s.get("kind") == kind), None)


def _section_order(body: dict[str, Any], required: list[str]) -> Iterator[Hit]:
    sections = [s for s in body.get("sections", []) if s.get("kind") in required]
    seen: dict[str, dict[str, Any]] = {}
    last_rank = -1
    for section in sections:
        kind = section["kind"]
        rank = required.index(kind)
        if kind in seen:
            yield Hit(
                *_at(section),
                f"the {kind} section is repeated (first at line {seen[kind]['line']})",
            )
            continue
        seen[kind] = section
        if rank < last_rank:
            yield Hit(
                *_at(section),
                f"the {kind} section is out of order: it must come before "
                f"the {required[last_rank]} section",
            )
        last_rank = max(last_rank, rank)
    for kind in required:
        if kind not in seen:
            yield Hit(*_missing_at(body, kind, required), f"the {kind} section is missing")


def _missing_at(body: dict[str, Any], kind: str, required: list[str]) -> tuple[int, int]:
    """Where a missing section belongs: at the next section that is present."""
    later = required[required.index(kind) + 1 :]
    for section in body.get("sections", []):
        if section.get("kind") in later:
            return _at(section)
    reviewer = body.get("reviewer") or body.get("reviewer_raw")
    return _at(reviewer) if isinstance(reviewer, dict) else (1, 1)


@rule(
    code="AC002",
    name="heading-run-in",
    summary="A section heading fused onto the end of the previous paragraph.",
    explanation="""
Headings stand on lines of their own. When an export loses the line break, a heading such
as `Why are more advanced studies rated lower…?` ends up as the last sentence of the
paragraph before it, and the section disappears from the page's outline. The fix puts the
heading back on its own line, after a blank line.
""",
    bad="""
…over their lifetime. Why are more advanced studies rated lower for this specific scenario?
""",
    good="""
…over their lifetime.

Why are more advanced studies rated lower for this specific scenario?
""",
    fixable=True,
    formats=ARTICLE,
)
def heading_run_in(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    text = doc.source.text
    newline = "\r\n" if "\r\n" in text else "\n"
    for heading in _body(doc).get("run_in_headings", []):
        offset = heading["offset"]
        start = offset
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        edits = (Edit(start, offset, newline * 2),) if start < offset else ()
        yield Hit(
            *_at(heading),
            f"the heading {heading['text']!r} is fused onto the previous paragraph: "
            "put it on a line of its own",
            edits,
        )


_RATING_KEY = re.compile(r"\s++")


def _norm(rating: str) -> str:
    return _RATING_KEY.sub(" ", rating).strip().casefold()


@rule(
    code="AC003",
    name="rating-vocabulary",
    summary="A rating that is not an ACR category, or an ACR category spelled against house style.",
    explanation="""
Every rating statement must use one of the ACR Appropriateness Criteria categories: Usually
appropriate, May be appropriate, May be appropriate (Disagreement), Usually not appropriate.
An unknown term (`Rarely appropriate`, `Highly appropriate`, `Usually inappropriate`) is an
error. The spelling follows the house style, by default the ACR's own: sentence case, as
in the ACR's rating tables and its methodology ("ACR Appropriateness Criteria Methodology",
J Am Coll Radiol 2021;18(11S):S240-S250: "Usually appropriate", "May be appropriate",
"Usually not appropriate"; a panel without consensus gives "May be appropriate
(Disagreement)"). A case variant outside a heading is a warning and is fixed to the house
spelling. Headings follow heading style and are not judged. Plain English uses of the word
(`the appropriate next step`) are never rating statements.
""",
    bad="""
where `CT chest` is rated Usually Appropriate.
MRI is rated Rarely appropriate.
""",
    good="""
where `CT chest` is rated Usually appropriate.
MRI is rated Usually not appropriate.
""",
    fixable=True,
    formats=ARTICLE,
    options=(
        Option(
            "spellings",
            ACR_SPELLINGS,
            "the four categories spelled in the house style",
            list,
            check=_spellings_problem,
        ),
    ),
)
def rating_vocabulary(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    house = {_norm(s): s for s in options["spellings"]}
    known = ", ".join(options["spellings"])
    text = doc.source.text
    for rating in _body(doc).get("ratings", []):
        written = rating["rating"]
        canonical = house.get(_norm(written))
        if canonical is None:
            yield Hit(
                *_at(rating),
                f"{written!r} is not an ACR rating category: use one of {known}",
                severity="error",
            )
        elif written != canonical and not rating.get("in_heading"):
            start = rating["offset"]
            edits = ()
            if text[start : start + len(written)] == written:
                edits = (Edit(start, start + len(written), canonical),)
            yield Hit(
                *_at(rating),
                f"rating {written!r} should be spelled {canonical!r} (house style)",
                edits,
                severity="warning",
            )


_PROCEDURE_SYNONYMS = {
    "radiograph": "radiography",
    "radiographs": "radiography",
    "xray": "radiography",
    "x-ray": "radiography",
    "cxr": "radiography",
    "mr": "mri",
    "pet": "pet",
    "abdominal": "abdomen",
    "pelvic": "pelvis",
}
_PROCEDURE_NOISE = {
    "a", "an", "the", "of", "and", "or", "with", "without", "iv", "contrast", "study",
    "scan", "exam", "imaging", "whole", "body", "only", "alone",
}  # fmt: skip


_PET_CT = re.compile(r"pet\s*+[/-]\s*+ct")
_WORD_BREAK = re.compile(r"[^a-z0-9-]++|/")


def procedure_key(name: str) -> frozenset[str]:
    """Loose identity of a procedure name: case, punctuation, word order and ``/`` ignored,
    ``PET/CT`` kept as one word, synonyms folded (``Chest Radiograph`` = ``Radiography chest``)."""
    name = _PET_CT.sub("petct", name.casefold())
    words = _WORD_BREAK.split(name)
    tokens = set()
    for word in words:
        word = word.strip("-")
        if not word:
            continue
        if word.startswith("fdg-") or word == "fdg":
            word = word.removeprefix("fdg-").removeprefix("fdg") or "fdg"
        word = _PROCEDURE_SYNONYMS.get(word, word)
        if word not in _PROCEDURE_NOISE:
            tokens.add(word)
    return frozenset(tokens)


#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``contentlint.formats.acr_patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (
    ("rating-key", _norm, (("", " \t", "x"),)),
    ("procedure-key", procedure_key, (("pet", " ", "x"), ("", "pet/", "c"), ("", "-/", "x"))),
)


def _compatible(a: str, b: str) -> bool:
    pair = {a, b}
    return a == b or pair == {"may be appropriate", "may be appropriate (disagreement)"}


@rule(
    code="AC004",
    name="rating-conflict",
    summary="One procedure is given two different ratings in one article.",
    explanation="""
An article rates each procedure once; the intro, headings, rationale, the lower-rated list
and the FAQ must agree. Procedure names are matched loosely (case, punctuation, word order
and `/` are ignored, so `Chest Radiograph` is `Radiography chest`), and a short name such as
`CT` stands for the one CT study the article rates. A bare `May be appropriate` is
compatible with `May be appropriate (Disagreement)`.
""",
    bad="""
…`MRI abdomen` is rated Usually not appropriate. … (FAQ) MRI is rated ‘Usually appropriate’.
""",
    good="""
…`MRI abdomen` is rated Usually not appropriate. … (FAQ) MRI is ‘Usually not appropriate’.
""",
    formats=ARTICLE,
)
def rating_conflict(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    statements = [
        r
        for r in _body(doc).get("ratings", [])
        if r.get("procedure") and r.get("recognized") and not r.get("hypothetical")
    ]
    keyed = [(procedure_key(r["procedure"]), r) for r in statements]
    keyed = [(key, r) for key, r in keyed if key]
    for members in _clusters(keyed):
        members.sort(key=lambda r: r["offset"])
        first = members[0]
        for other in members[1:]:
            a, b = _norm(first["rating"]), _norm(other["rating"])
            if not _compatible(a, b):
                yield Hit(
                    *_at(other),
                    f"{other['procedure']!r} is rated {other['rating']!r} here but "
                    f"{first['rating']!r} at line {first['line']} ({first['procedure']!r})",
                )


def _clusters(keyed: list[tuple[frozenset[str], dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Statements grouped by procedure. Clusters are led by the most specific names; a
    shorter name joins the one cluster it fits (whose name has all its words), and is left
    out when it fits several (ambiguous) or none.

    A name is compared only with the clusters that have its rarest word (an article of
    thousands of statements would otherwise compare each with every cluster), and once:
    the same name always goes the same way, as the clusters that could take it are all
    there when it is first met (they are led by names at least as long)."""
    clusters: list[tuple[frozenset[str], list[dict[str, Any]]]] = []
    having: dict[str, list[int]] = defaultdict(list)  # word -> clusters whose name has it
    placed: dict[frozenset[str], int | None] = {}  # name -> its cluster (None: ambiguous)
    for key, statement in sorted(keyed, key=lambda item: -len(item[0])):
        if key not in placed:
            rarest = min((having.get(word, ()) for word in key), key=len)
            fits = []
            for index in rarest:
                if key <= clusters[index][0]:
                    fits.append(index)
                    if len(fits) == 2:
                        break
            if not fits:
                fits = [len(clusters)]
                clusters.append((key, []))
                for word in key:
                    having[word].append(fits[0])
            placed[key] = fits[0] if len(fits) == 1 else None
        where = placed[key]
        if where is not None:
            clusters[where][1].append(statement)
    return [members for _, members in clusters]


# The ACR relative radiation level (RRL) scale, from the ACR Appropriateness Criteria
# "Radiation Dose Assessment Introduction": effective dose estimate ranges in mSv.
RRL_SCALE = {
    "adult": {1: (0.0, 0.1), 2: (0.1, 1.0), 3: (1.0, 10.0), 4: (10.0, 30.0), 5: (30.0, 100.0)},
    "pediatric": {1: (0.0, 0.03), 2: (0.03, 0.3), 3: (0.3, 3.0), 4: (3.0, 10.0), 5: (10.0, 30.0)},
}


def _fits(low: float | None, high: float | None, scale: tuple[float, float]) -> bool:
    lo, hi = scale
    low = lo if low is None else low
    high = hi if high is None else high
    eps = 1e-9
    return lo - eps <= low and high <= hi + eps and low <= high


def _range_text(scale: tuple[float, float]) -> str:
    lo, hi = scale
    return f"<{hi:g} mSv" if lo == 0 else f"{lo:g}-{hi:g} mSv"


@rule(
    code="AC005",
    name="radiation-level",
    summary="A ☢ relative radiation level that contradicts its dose on the ACR scale.",
    explanation="""
The ACR relative radiation level (RRL) scale (ACR Appropriateness Criteria, "Radiation Dose
Assessment Introduction") maps each ☢ count to an effective dose range, with separate
scales for adults and children:

| RRL | adult | pediatric |
| --- | --- | --- |
| ☢ | <0.1 mSv | <0.03 mSv |
| ☢☢ | 0.1-1 mSv | 0.03-0.3 mSv |
| ☢☢☢ | 1-10 mSv | 0.3-3 mSv |
| ☢☢☢☢ | 10-30 mSv | 3-10 mSv |
| ☢☢☢☢☢ | 30-100 mSv | 10-30 mSv |

The population is the one named at the statement (`pediatric RRL`), else the article's
(from its title and inclusion criteria). An adult range in a pediatric article is a finding.
""",
    bad="""
(pediatric article) a relative radiation level of ☢☢☢☢ (10-30 mSv)
""",
    good="""
(pediatric article) a pediatric relative radiation level of ☢☢☢☢ (3-10 mSv)
""",
    formats=ARTICLE,
)
def radiation_level(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    body = _body(doc)
    article_population = body.get("population") or "adult"
    for level in body.get("radiation", []):
        low, high, count = level.get("dose_low"), level.get("dose_high"), level.get("count")
        if (low is None and high is None) or count not in RRL_SCALE["adult"]:
            continue
        population = level.get("population") or article_population
        scale = RRL_SCALE[population][count]
        if _fits(low, high, scale):
            continue
        message = (
            f"{level['symbols']} is {_range_text(scale)} on the ACR {population} scale, "
            f"not {level['dose_text']}"
        )
        other = "adult" if population == "pediatric" else "pediatric"
        if _fits(low, high, RRL_SCALE[other][count]):
            message += f" ({level['dose_text']} is the {other} range)"
        yield Hit(*_at(level), message)


@rule(
    code="AC006",
    name="reviewer-line",
    summary="Reviewer line missing or malformed, or its date is impossible or in the future.",
    explanation="""
Every article closes with `Reviewed by NAME, MD, ROLE — Month D, YYYY`. The date must be a
real date (`May 32, 2026` is not) and not after today.
""",
    bad="""
Reviewed by Pouyan Golshani — May 32, 2026
""",
    good="""
Reviewed by Pouyan Golshani, MD, Interventional Radiologist — May 30, 2026
""",
    formats=ARTICLE,
)
def reviewer_line(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    body = _body(doc)
    if not body:
        return
    reviewer, raw = body.get("reviewer"), body.get("reviewer_raw")
    if reviewer is None:
        if raw:
            yield Hit(
                *_at(raw),
                "malformed reviewer line: expected 'Reviewed by NAME, MD, ROLE — Month D, YYYY'",
            )
        else:
            line = doc.source.text.rstrip("\r\n").count("\n") + 1
            yield Hit(
                line, 1, "the article has no 'Reviewed by NAME, MD, ROLE — Month D, YYYY' line"
            )
        return
    if reviewer.get("date") is None:
        yield Hit(
            *_at(reviewer), f"the review date {reviewer.get('date_text')!r} is not a real date"
        )
    elif dt.date.fromisoformat(reviewer["date"]) > dt.date.today():
        yield Hit(*_at(reviewer), f"the review date {reviewer['date_text']!r} is in the future")
