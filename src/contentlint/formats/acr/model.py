"""The parsed ACR article: plain dataclasses shared by the parser and the rules.

:func:`contentlint.formats.acr.parse.parse_article` builds an :class:`Article`; the ACR
rules read its attributes; ``contentlint parse`` prints :func:`to_json` of it, whose shape
``schemas/acr-article.schema.json`` documents (a test checks every parsed fixture against
it). Every position is in the whole file: ``line`` and ``column`` 1-based (columns count
characters), ``offset`` the 0-based character offset.

No regexes and no parsing here, so the rules can import the model for free.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Article",
    "Block",
    "FAQEntry",
    "Item",
    "Position",
    "ProcedureRef",
    "RadiationLevel",
    "RatedProcedure",
    "Rating",
    "Reference",
    "Related",
    "Reviewer",
    "RunIn",
    "Section",
    "Span",
    "Subheading",
    "to_json",
]


@dataclass
class Position:
    line: int
    column: int
    offset: int


@dataclass
class Span(Position):
    """A stretch of text; ``text`` is its lines joined by single spaces."""

    text: str


@dataclass
class Block(Span):
    """A paragraph (or other run of lines) that ends on ``end_line``."""

    end_line: int


@dataclass
class Item(Block):
    """A bullet: its marker (``•``, ``-``, ``1.``) and the ``Label:`` it opens with."""

    marker: str
    label: str | None


@dataclass
class Subheading(Span):
    level: int | None  # the Markdown level; None for a plain-text FAQ question


@dataclass
class RunIn(Span):
    """A section heading fused onto the end of the paragraph before it."""

    kind: str


@dataclass
class Section(Position):
    kind: str  # one of sections.SECTION_KIND_NAMES
    heading: str
    end_line: int
    level: int | None  # Markdown heading level; None in the plain-text export
    run_in: bool
    paragraphs: list[Block] = field(default_factory=list)
    bullets: list[Item] = field(default_factory=list)
    subheadings: list[Subheading] = field(default_factory=list)


@dataclass
class FAQEntry:
    question: Span
    answer: Block | None


@dataclass
class ProcedureRef(Span):
    """A study named in the text, read as the procedure model reads it (modality, region,
    contrast, qualifiers; see :mod:`contentlint.formats.acr.procedure`)."""

    modality: str | None  # None: a name the model does not understand
    region: list[str]
    contrast: str  # without | with | without-and-with | with-or-without | unspecified
    qualifiers: list[str]
    fully_named: bool  # all the parts of one ACR row; False for a short mention (`CT`)
    unread: list[str]  # words of a name of its own the model does not read; compared too


@dataclass
class Rating(Position):
    """One rating statement: the rating words at ``line``/``column``, and what they rate."""

    rating: str  # the words as written, spacing collapsed
    category: str | None  # the ACR category meant (lower case); None when unknown
    spelling: str  # exact | misspelled | unknown
    procedures: list[ProcedureRef]  # several for "CT and MRI are rated …"
    role: str  # title | heading | subheading | paragraph | bullet | row | question | answer
    section: str
    context: str  # rates-as | rated | is | label | row | quoted
    quoted: bool
    hypothetical: bool  # "rather than ‘Usually appropriate’", "if CT were …": no rating
    scoped: bool  # said of another population or scenario ("in adults, …")

    @property
    def in_heading(self) -> bool:
        return self.role in ("title", "heading", "subheading")


@dataclass
class RadiationLevel(Position):
    """A relative radiation level: ``O``, ``☢`` to ``☢☢☢☢☢`` or ``Varies``."""

    symbols: str  # "O", "☢☢☢", "Varies"
    count: int | None  # 0 for O, 1-5 for ☢ runs, None for Varies
    pediatric_marker: bool  # `[ped]` after the level
    dose_text: str | None
    dose_low: float | None
    dose_high: float | None
    population: str | None  # said at the level ("pediatric RRL", "[ped]"), else None
    procedure: ProcedureRef | None  # the study the level is written for, when named
    section: str


@dataclass
class RatedProcedure:
    """One study the article rates (the statements that name it in full, merged)."""

    name: str
    modality: str | None
    region: list[str]
    contrast: str
    qualifiers: list[str]
    ratings: list[str]  # the categories given to it, in order, without repeats
    lines: list[int]  # the lines of its statements


@dataclass
class Reference(Position):
    kind: str  # topic-guide | protocol-guide | link
    text: str
    target: str | None
    section: str


@dataclass
class Related(Position):
    heading: str
    end_line: int
    references: list[Reference]


@dataclass
class Reviewer(Position):
    name: str
    credentials: str
    role: str
    date_text: str
    date: str | None  # ISO date; None when the written date is impossible


@dataclass
class Article:
    shape: str  # text | markdown
    category: str | None
    category_position: Position | None
    title: Span | None
    intro: list[Block]
    sections: list[Section]
    run_in_headings: list[RunIn]
    inclusion_criteria: list[Item]
    exclusion_criteria: list[Item]
    ratings: list[Rating]
    procedures: list[RatedProcedure]
    radiation: list[RadiationLevel]
    population: str  # adult | pediatric
    population_source: str  # frontmatter | title | intro | criteria | default
    faq: list[FAQEntry]
    related: Related | None
    references: list[Reference]
    reviewer: Reviewer | None
    reviewer_raw: Span | None

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)


def to_json(value: Any) -> Any:
    """The article (or any part of it) as JSON values, fields in declaration order."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value
