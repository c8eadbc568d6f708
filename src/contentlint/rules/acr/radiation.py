"""ACR relative radiation levels: the level a study is given, against its modality and dose."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contentlint.formats import Document
from contentlint.formats.acr.model import Article
from contentlint.rules.acr.common import ARTICLE, article_of, position_of
from contentlint.rules.registry import Hit, rule

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

    article = article_of(doc)
    if article is None:
        return
    for level in article.radiation:
        ref = level.procedure
        study = S.procedure_of(ref) if ref is not None else None
        if study is not None and study.modality is not None and level.count is not None:
            if level.count > 0 and study.radiation_free:
                yield Hit(
                    *position_of(level),
                    f"{ref.text!r} uses no ionizing radiation: its relative radiation level "  # type: ignore[union-attr]
                    f"is O (0 mSv), not {level.symbols}",
                )
                continue
            if level.count == 0 and not study.radiation_free and not study.image_guided:
                yield Hit(
                    *position_of(level),
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
        yield Hit(*position_of(level), message)


def _source(article: Article) -> str:
    return {
        "frontmatter": "by its frontmatter",
        "title": "by its title",
        "intro": "by its opening vignette",
        "criteria": "by its inclusion criteria",
    }.get(article.population_source, "by default")
