"""ACR ratings: the category vocabulary and house style, and one rating per procedure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contentlint.formats import Document
from contentlint.formats.acr.model import Rating
from contentlint.formats.acr.vocabulary import SPELLINGS
from contentlint.model import Edit
from contentlint.rules.acr.common import ARTICLE, STYLES, article_of, position_of
from contentlint.rules.registry import Hit, Option, rule


def _case(written: str, category: str) -> str | None:
    """Which of the ACR's two spellings ``written`` is, if either."""
    return next((s for s in ("sentence", "title") if SPELLINGS[s][category] == written), None)


@rule(
    code="AC003",
    name="rating-vocabulary",
    summary="A rating that is not an ACR category, is misspelled, or breaks the house style.",
    explanation="""
Every rating statement must use one of the four ACR Appropriateness Criteria categories:
Usually appropriate, May be appropriate, May be appropriate (Disagreement), Usually not
appropriate. An unknown term (`Rarely appropriate`, `MRI is highly appropriate`) is an
error; so is a near miss (`Usually Appropiate`, `Usualy not appropriate`), whose message
names the category meant and whose fix writes it out.

The ACR prints the categories in two ways: sentence case in its evidence tables
("Usually appropriate") and Title Case in its narrative documents ("Usually
Appropriate"). Neither is "the ACR's only spelling"; the option `style` picks the house
style: `sentence` (the default), `title`, or `consistent` (either, but one per article:
the first rating outside a heading sets it). A rating spelled against the house style
outside a heading is a warning, fixed to the house spelling; an article that mixes the two
is flagged at each rating in the minority style. Headings follow heading style and are
not judged.

What is a rating: words after `rated`, `rates … as`, `considered`, a bullet's `Label:` or
in a row's cell (`CT head — Usually appropriate — ☢☢☢`, a Markdown table) always are;
words after `is` or in quotes are a rating only when a study is their subject. Plain English
(`it is usually appropriate to reverse anticoagulation first`, `a highly appropriate
choice`) is not. Fix safety: the fix only rewrites the rating words themselves.
""",
    bad="""
where `CT chest` is rated Usually Appropiate.
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
            "style",
            "sentence",
            "how the categories are spelled: sentence, title or consistent",
            str,
            check=lambda style: None if style in STYLES else f"must be one of {', '.join(STYLES)}",
        ),
    ),
    why="""
The four categories are the ACR's own vocabulary, and readers choosing a study take a
rating as the ACR's word: `Rarely appropriate` or `highly appropriate` states a rating the
ACR never gave. Misspelled or mixed-case ratings make one category look like two within
an article.
""",
    fix_safety="""
For a near miss or a rating spelled against the house style, `fix` replaces exactly the
rating's characters with the house spelling (per `style`) of the category the message
names, and nothing before or after them. An unknown term is only reported: which category
was meant is a clinical judgement. A rating whose text in the file is not exactly the
words the rule read (broken over a line, or with markup or extra spaces inside) is
reported without a fix. Headings are not restyled, but a misspelled rating in a heading
is rewritten, in the house spelling. Any frontmatter must read back unchanged and the
file must parse as it did, or the whole file is left as it was; it is written
atomically, and not if it changed on disk while `fix` ran.
""",
    limits="""
It checks the words, not the judgement: whether the ACR really gives that study that
rating for this scenario is not checked. What counts as a rating is read from the
sentence's shape (see above), so a rating phrased another way is not checked. With
`consistent`, the first rating outside a heading spelled exactly in one of the two styles
sets the article's style, even when most ratings use the other.
""",
)
def rating_vocabulary(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    article = article_of(doc)
    if article is None:
        return
    style = options["style"]
    prose = [r for r in article.ratings if not r.in_heading and r.category is not None]
    if style == "consistent":
        cases = [c for r in prose if r.spelling == "exact" and (c := _case(r.rating, r.category))]
        style = cases[0] if cases else "sentence"
    house = SPELLINGS[style]
    known = ", ".join(SPELLINGS[style].values())
    text = doc.source.text
    for rating in article.ratings:
        written = rating.rating
        if rating.category is None:
            yield Hit(
                *position_of(rating),
                f"{written!r} is not an ACR rating category: use one of {known}",
                severity="error",
            )
            continue
        meant = house[rating.category]
        if rating.spelling == "misspelled":
            yield Hit(
                *position_of(rating),
                f"{written!r} is a misspelled ACR rating: write {meant!r}",
                _replace(text, rating, meant),
                severity="error",
            )
        elif written != meant and not rating.in_heading:
            found = _case(written, rating.category)
            why = "house style"
            if options["style"] == "consistent" and found:
                why = f"the article's first rating is in {style} case"
            yield Hit(
                *position_of(rating),
                f"rating {written!r} should be spelled {meant!r} ({why})",
                _replace(text, rating, meant),
                severity="warning",
            )


def _replace(text: str, rating: Rating, meant: str) -> tuple[Edit, ...]:
    start = rating.offset
    end = start + len(rating.rating)
    if " ".join(text[start:end].split()) == rating.rating and text[start:end] == rating.rating:
        return (Edit(start, end, meant),)
    return ()


def _compatible(a: str, b: str) -> bool:
    pair = {a, b}
    return a == b or pair == {"may be appropriate", "may be appropriate (disagreement)"}


@rule(
    code="AC004",
    name="rating-conflict",
    summary="One procedure is given two different ratings in one article.",
    explanation="""
An article rates each procedure once; the intro, headings, rationale, the lower-rated list,
tables and the FAQ must agree. A procedure is four parts read from its name (see
`contentlint parse`): modality (CT, CTA, MRI, US, radiography, FDG-PET/CT, …), region (a set
of body parts compared for equality: chest abdomen pelvis is not abdomen and pelvis),
contrast (without, with, without and with; `X with or without IV contrast` covers the first
two) and qualifiers the ACR lists as separate rows (multiphase, with MRCP, duplex Doppler,
transvaginal, screening, urography, …). Two names are the same procedure when all four
agree; case, punctuation, articles, `scan`/`study` and word order are ignored
(`CT Chest/Abdomen/Pelvis with IV Contrast` is `CT chest abdomen pelvis with IV contrast`).
So `CT chest without IV contrast` rated May be appropriate and `CT chest with IV contrast`
rated Usually not appropriate do not conflict: the ACR rates each contrast variant.

A short mention (`CT`, `MRI`, `the radiograph`) stands for a rated study only when exactly
one study the article rates fits every part it gives; it is left alone when several do,
when none does, and when it is negated, hypothetical or contrastive (`rather than CT`, `if
CT were used`) or about another population or scenario (`in adults, …` in a pediatric
article, an exclusion criterion). `May be appropriate` is compatible with `May be
appropriate (Disagreement)`.
""",
    bad="""
…`CT head without IV contrast` is rated Usually appropriate. … (FAQ) CT is rated ‘Usually not
appropriate’.
""",
    good="""
…`CT head without IV contrast` is rated Usually appropriate. … `CT head with IV contrast` is
rated Usually not appropriate.
""",
    formats=ARTICLE,
    why="""
An article that gives one procedure two ratings tells the reader both to order it and not
to: at most one of the two can be the ACR's, and a reader who stops at the FAQ or a table
takes away whichever one is written there.
""",
    limits="""
Ratings are compared only with each other within one article, never with the ACR's
published tables or with other articles on the same scenario. A short mention that
several rated studies (or none) fit is not compared at all. Words the procedure model
does not know (anatomy or a tracer it does not list) are ignored, so two studies that
differ only in them count as one procedure and their ratings can be reported as a
conflict; `contentlint parse` shows how each name was read.
""",
)
def rating_conflict(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    from contentlint.formats.acr.statements import rated_studies

    article = article_of(doc)
    if article is None:
        return
    reported: set[int] = set()
    for study in rated_studies(article.ratings):
        first, first_ref = study.statements[0]
        for other, ref in study.statements[1:]:
            if _compatible(first.category or "", other.category or "") or id(other) in reported:
                continue
            reported.add(id(other))
            yield Hit(
                *position_of(other),
                f"{ref.text!r} is rated {other.rating!r} here but {first.rating!r} at line "
                f"{first.line} ({first_ref.text!r}): the ACR gives one procedure one rating",
            )
