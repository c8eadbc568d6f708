"""ACR article rules: structure, rating vocabulary and consistency, radiation levels, reviewer.

They read the :class:`~contentlint.formats.acr.model.Article` that
:mod:`contentlint.formats.acr.parse` builds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from contentlint.formats import Document
from contentlint.formats.acr.model import Article, Position, Rating
from contentlint.formats.acr.sections import SECTION_ORDER
from contentlint.formats.acr.vocabulary import SPELLINGS
from contentlint.model import Edit
from contentlint.rules.registry import Hit, Option, rule

ARTICLE = ("acr_article",)
STYLES = ("sentence", "title", "consistent")


def _article(doc: Document) -> Article | None:
    return doc.body if isinstance(doc.body, Article) else None


def _at(item: Position | None) -> tuple[int, int]:
    return (item.line, item.column) if item is not None else (1, 1)


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
    article = _article(doc)
    if article is None:
        return
    title = article.title
    if title is None:
        yield Hit(1, 1, "the article has no title")
    elif not title.text.rstrip().endswith("?"):
        yield Hit(*_at(title), f"the title should be a question: {title.text!r}")
    yield from _section_order(article, options["required-sections"])
    if not article.inclusion_criteria:
        yield Hit(*_at(article.section("scenario")), "the article lists no inclusion criteria")
    faq_section, least = article.section("faq"), options["min-faq"]
    if faq_section and len(article.faq) < least:
        yield Hit(
            *_at(faq_section),
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
                *_at(section), f"the {kind} section is repeated (first at line {seen[kind].line})"
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
            yield Hit(*_missing_at(article, kind, required), f"the {kind} section is missing")


def _missing_at(article: Article, kind: str, required: list[str]) -> tuple[int, int]:
    """Where a missing section belongs: at the next section that is present."""
    later = required[required.index(kind) + 1 :]
    for section in article.sections:
        if section.kind in later:
            return _at(section)
    return _at(article.reviewer or article.reviewer_raw)


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
    article = _article(doc)
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
            *_at(heading),
            f"the heading {heading.text!r} is fused onto the previous paragraph: "
            "put it on a line of its own",
            edits,
        )


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
    article = _article(doc)
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
                *_at(rating),
                f"{written!r} is not an ACR rating category: use one of {known}",
                severity="error",
            )
            continue
        meant = house[rating.category]
        if rating.spelling == "misspelled":
            yield Hit(
                *_at(rating),
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
                *_at(rating),
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

    article = _article(doc)
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
                *_at(other),
                f"{ref.text!r} is rated {other.rating!r} here but {first.rating!r} at line "
                f"{first.line} ({first_ref.text!r}): the ACR gives one procedure one rating",
            )


# The ACR relative radiation level (RRL) scale, from the ACR Appropriateness Criteria
# "Radiation Dose Assessment Introduction": effective dose estimate ranges in mSv.
RRL_SCALE = {
    "adult": {0: (0.0, 0.0), 1: (0.0, 0.1), 2: (0.1, 1.0), 3: (1.0, 10.0), 4: (10.0, 30.0)}
    | {5: (30.0, 100.0)},
    "pediatric": {0: (0.0, 0.0), 1: (0.0, 0.03), 2: (0.03, 0.3), 3: (0.3, 3.0), 4: (3.0, 10.0)}
    | {5: (10.0, 30.0)},
}


def _fits(low: float | None, high: float | None, scale: tuple[float, float]) -> bool:
    lo, hi = scale
    low = lo if low is None else low
    high = hi if high is None else high
    eps = 1e-9
    return lo - eps <= low and high <= hi + eps and low <= high


def _range_text(scale: tuple[float, float]) -> str:
    lo, hi = scale
    if hi == 0:
        return "0 mSv"
    return f"<{hi:g} mSv" if lo == 0 else f"{lo:g}-{hi:g} mSv"


@rule(
    code="AC005",
    name="radiation-level",
    summary="A relative radiation level that contradicts its study or its dose on the ACR scale.",
    explanation="""
The ACR relative radiation level (RRL) scale (ACR Appropriateness Criteria, "Radiation Dose
Assessment Introduction") maps each level to an effective dose range, with separate scales
for adults and children; image-guided procedures are rated `Varies`:

| RRL | adult | pediatric |
| --- | --- | --- |
| O | 0 mSv | 0 mSv |
| ☢ | <0.1 mSv | <0.03 mSv |
| ☢☢ | 0.1-1 mSv | 0.03-0.3 mSv |
| ☢☢☢ | 1-10 mSv | 0.3-3 mSv |
| ☢☢☢☢ | 10-30 mSv | 3-10 mSv |
| ☢☢☢☢☢ | 30-100 mSv | 10-30 mSv |

A level belongs to the study it is written for (the one named before it in its sentence,
a row's first cell or a bullet's label). Ultrasound and MRI have no ionizing radiation,
so their level is O: any ☢ for them is an error, as is O for CT, radiography, fluoroscopy
or nuclear medicine. The scale is the one named at the level (`pediatric RRL`, `[ped]`),
else the article's population: the frontmatter's `population`, else the title, the
vignette (`a 9-year-old`) and the inclusion criteria, else adult. A dose that falls outside
its level's range on that scale is an error. Doses may be written `10-30 mSv`, `10–30 mSv`,
`10 to 30 mSv`, `<0.1 mSv` or `approximately 1-10 mSv`.
""",
    bad="""
(pediatric article) a relative radiation level of ☢☢☢☢ (10-30 mSv)
US abdomen (☢☢)
""",
    good="""
(pediatric article) a pediatric relative radiation level of ☢☢☢☢ (3-10 mSv)
US abdomen (relative radiation level O)
""",
    formats=ARTICLE,
    why="""
The ☢ level tells the reader how much radiation a study involves, which weighs on the
choice of study, above all for children. A ☢ for ultrasound or MRI, an O for CT, or a
level that contradicts its own dose misinforms exactly that choice. The pediatric scale's
ranges are lower than the adult scale's, so an adult dose range copied into a pediatric
article is wrong for its level.
""",
    limits="""
Without a written dose, a level is checked only for O against ☢ (ionizing or not): the
typical level of each study is not known, so ☢ for a CT abdomen passes. A level is tied
to the study named before it; one written elsewhere is checked against its dose only. An
article has one population: one that covers adults and children uses its one scale for
every level not marked with its own (`pediatric RRL`, `[ped]`).
""",
)
def radiation_level(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    import contentlint.formats.acr.statements as S

    article = _article(doc)
    if article is None:
        return
    for level in article.radiation:
        ref = level.procedure
        study = S.procedure_of(ref) if ref is not None else None
        if study is not None and study.modality is not None and level.count is not None:
            if level.count > 0 and study.radiation_free:
                yield Hit(
                    *_at(level),
                    f"{ref.text!r} uses no ionizing radiation: its relative radiation level "  # type: ignore[union-attr]
                    f"is O (0 mSv), not {level.symbols}",
                )
                continue
            if level.count == 0 and not study.radiation_free and not study.image_guided:
                yield Hit(
                    *_at(level),
                    f"{ref.text!r} uses ionizing radiation: its relative radiation level "  # type: ignore[union-attr]
                    "cannot be O (0 mSv)",
                )
                continue
        low, high = level.dose_low, level.dose_high
        if level.count is None or (low is None and high is None):
            continue
        population = level.population or article.population
        scale = RRL_SCALE[population][level.count]
        if _fits(low, high, scale):
            continue
        message = (
            f"{level.symbols} is {_range_text(scale)} on the ACR {population} scale, "
            f"not {level.dose_text}"
        )
        other = "adult" if population == "pediatric" else "pediatric"
        if _fits(low, high, RRL_SCALE[other][level.count]):
            message += f" ({level.dose_text} is the {other} range"
            if level.population is None:
                message += f"; the article is {population} {_source(article)}"
            message += ")"
        yield Hit(*_at(level), message)


def _source(article: Article) -> str:
    return {
        "frontmatter": "by its frontmatter",
        "title": "by its title",
        "intro": "by its opening vignette",
        "criteria": "by its inclusion criteria",
    }.get(article.population_source, "by default")


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
    article = _article(doc)
    if article is None:
        return
    reviewer, raw = article.reviewer, article.reviewer_raw
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
    if reviewer.date is None:
        yield Hit(*_at(reviewer), f"the review date {reviewer.date_text!r} is not a real date")
    elif dt.date.fromisoformat(reviewer.date) > dt.date.today():
        yield Hit(*_at(reviewer), f"the review date {reviewer.date_text!r} is in the future")
