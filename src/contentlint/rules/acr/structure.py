"""ACR article structure: sections in order, headings on lines of their own, the reviewer line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from contentlint.formats import Document
from contentlint.formats.acr.model import Article, Position
from contentlint.formats.acr.sections import SECTION_ORDER
from contentlint.model import Edit
from contentlint.rules.acr.common import ARTICLE, article_of, position_of
from contentlint.rules.registry import Hit, Option, rule


@rule(
    code="AC001",
    name="acr-structure",
    summary="An ACR article's sections are missing, repeated or out of order, or it lacks parts.",
    explanation="""
An ACR article has these sections, in this order, recognised by meaning rather than exact
wording: scenario (`Who Fits This Clinical Scenario…`), assessment (`What Are You
Assessing…`), rationale (`Why Is … a Recommended Study?`, `Why Is MRI the Recommended
First Study?`), lower-rated (`Why are other studies rated lower?`), downstream (`What Is
the Downstream Workflow…`), pitfalls (`Common Pitfalls…`), related (`Related ACR Topics and
Tools`), faq (`Frequently Asked Questions`), then the reviewer line. A heading is a line of
its own that reads as one (a short question or a Title Case phrase); a paragraph that
opens with a label (`Key question: Is there a fracture?`) is not. The title must be a
question, the inclusion criteria must list at least one item, and the FAQ must have at
least `min-faq` question/answer pairs.
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
    why="""
Every ACR article follows one template, so that a reader who has used one finds the
rationale, the lower-rated studies, the pitfalls or the FAQ in the same place in any
other. A missing, repeated or misplaced section breaks that, and can mean an export lost
or doubled some text. An article without inclusion criteria does not say which
patients its ratings apply to.
""",
    limits="""
Headings are recognised by their wording and shape (a short question or a Title Case
phrase on a line of its own), so a heading worded unlike any known one is read as a
paragraph and its section reported missing, while a paragraph that reads like a heading
can be taken for one. Only the kinds in `required-sections` are checked for order and
repeats; other sections may stand anywhere.
""",
)
def acr_structure(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    article = article_of(doc)
    if article is None:
        return
    title = article.title
    if title is None:
        yield Hit(1, 1, "the article has no title")
    elif not title.text.rstrip().endswith("?"):
        yield Hit(*position_of(title), f"the title should be a question: {title.text!r}")
    yield from _section_order(article, options["required-sections"])
    if not article.inclusion_criteria:
        yield Hit(
            *position_of(article.section("scenario")), "the article lists no inclusion criteria"
        )
    faq_section, least = article.section("faq"), options["min-faq"]
    if faq_section and len(article.faq) < least:
        yield Hit(
            *position_of(faq_section),
            f"the FAQ has {len(article.faq)} question/answer pair(s); at least {least} expected",
        )


def _section_order(article: Article, required: list[str]) -> Iterator[Hit]:
    seen: dict[str, Position] = {}
    last_rank = -1
    for section in article.sections:
        if section.kind not in required:
            continue
        kind, rank = section.kind, required.index(section.kind)
        if kind in seen:
            yield Hit(
                *position_of(section),
                f"the {kind} section is repeated (first at line {seen[kind].line})",
            )
            continue
        seen[kind] = section
        if rank < last_rank:
            yield Hit(
                *position_of(section),
                f"the {kind} section is out of order: it must come before "
                f"the {required[last_rank]} section",
            )
        last_rank = max(last_rank, rank)
    for kind in required:
        if kind not in seen:
            yield Hit(*_missing_at(article, kind, required), f"the {kind} section is missing")


def _missing_at(article: Article, kind: str, required: list[str]) -> tuple[int, int]:
    """Where a missing section belongs: at the next section that is present."""
    later = required[required.index(kind) + 1 :]
    for section in article.sections:
        if section.kind in later:
            return position_of(section)
    return position_of(article.reviewer or article.reviewer_raw)


@rule(
    code="AC002",
    name="heading-run-in",
    summary="A section heading fused onto the end of the previous paragraph.",
    explanation="""
Headings stand on lines of their own. When an export loses the line break, a heading such
as `Why are more advanced studies rated lower…?` ends up as the last sentence of the
paragraph before it, and the section disappears from the page's outline. The fix puts the
heading back on its own line, after a blank line (safe: it only inserts line breaks).
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
    why="""
The fused heading is read as a sentence of the paragraph before it, so its section
vanishes from the page's outline and its text is read as part of the previous section; a
reader skimming for `Why are other studies rated lower?` does not find it, and
acr-structure may report the section missing or out of order.
""",
    fix_safety="""
`fix` replaces the spaces or tabs between the paragraph's last sentence and the heading
with two line breaks (CRLF if the file has any CRLF, else LF), so the heading starts a
paragraph of its own after a blank line. The heading's words, the paragraph's text and
everything else are left as they were, and no Markdown heading marks (`##`) are added. A
heading with no space or tab right before it is reported without a fix. Any frontmatter
must read back unchanged and the file must parse as it did, or the whole file is left as
it was; it is written atomically, and not if it changed on disk while `fix` ran.
""",
    limits="""
Only a fused question (ending in `?`, at most 200 characters) that reads as one of the
known section headings is found, at the end of a paragraph outside the FAQ and tables; a
heading that is not a question (`Related ACR Topics and Tools`) fused onto a paragraph is
not.
""",
)
def heading_run_in(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    article = article_of(doc)
    if article is None:
        return
    text = doc.source.text
    newline = "\r\n" if "\r\n" in text else "\n"
    for heading in article.run_in_headings:
        start = offset = heading.offset
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        edits = (Edit(start, offset, newline * 2),) if start < offset else ()
        yield Hit(
            *position_of(heading),
            f"the heading {heading.text!r} is fused onto the previous paragraph: "
            "put it on a line of its own",
            edits,
        )


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
    why="""
The reviewer line is the page's statement that a named physician checked it, and when.
Without it, or with a garbled one, a medical page loses that assurance; an impossible
date reads as a typo, and a future date claims a review that has not happened yet.
""",
    limits="""
Only the line's form and its date are checked: not that the reviewer exists or holds the
role named, nor that the review is recent (any past date passes). "Today" is the date of
the machine that runs the check, in its time zone.
""",
)
def reviewer_line(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    article = article_of(doc)
    if article is None:
        return
    reviewer, raw = article.reviewer, article.reviewer_raw
    if reviewer is None:
        if raw:
            yield Hit(
                *position_of(raw),
                "malformed reviewer line: expected 'Reviewed by NAME, MD, ROLE — Month D, YYYY'",
            )
        else:
            line = doc.source.position(len(doc.source.text.rstrip("\r\n")))[0]
            yield Hit(
                line, 1, "the article has no 'Reviewed by NAME, MD, ROLE — Month D, YYYY' line"
            )
        return
    if reviewer.date is None:
        yield Hit(
            *position_of(reviewer), f"the review date {reviewer.date_text!r} is not a real date"
        )
    elif dt.date.fromisoformat(reviewer.date) > dt.date.today():
        yield Hit(
            *position_of(reviewer), f"the review date {reviewer.date_text!r} is in the future"
        )
