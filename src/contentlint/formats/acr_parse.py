"""Parse an ACR Appropriateness Criteria article into a structured, positioned document.

Two shapes of the same article are recognised:

``text``
    the site's plain-text export: a category line (``Interventional Radiology
    Imaging``), the title, headings as stand-alone lines (a question or a short
    title-cased phrase), ``  • `` bullets and a closing ``Reviewed by …`` line;
``markdown``
    ``#`` title, ``##`` section headings, ``-``/``*`` bullets and ``[text](url)``
    links, usually after a YAML frontmatter that the caller has already split off.

:func:`parse_article` returns a JSON-serialisable ``dict`` (described by
``schemas/acr-article.schema.json``). Every position is reported for the whole
file: ``line`` and ``column`` are 1-based (columns count characters), ``offset``
is the 0-based character offset in the file. Pass ``body_offset`` and
``first_line`` when ``text`` is the body that follows a frontmatter; ``text``
must then start at the beginning of a line.

The parser only describes the article; judging it (section order, missing
ratings, unknown rating terms, …) is left to the rules.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from contentlint.formats import acr_model as M
from contentlint.formats import acr_patterns as P
from contentlint.formats import acr_statements as S

__all__ = ["DEFAULT_CATEGORIES", "looks_like_plain_article", "parse_article"]

DEFAULT_CATEGORIES: tuple[str, ...] = ("Interventional Radiology Imaging",)

_FIRST_LINE_RE = re.compile(r"\A[\s\ufeff]*([^\n]*)")
_ATX_LINE_RE = re.compile(r"^#{1,6}[ \t]++\S", re.MULTILINE)
_LABEL_RE = re.compile(r"^(?P<label>[^:\n]{1,100}?):\s")
_MARKUP_CHARS = " \t\r\n*_>#"


def looks_like_plain_article(text: str, categories: tuple[str, ...] = DEFAULT_CATEGORIES) -> bool:
    """True when the first non-blank line of ``text`` is one of ``categories``."""
    match = _FIRST_LINE_RE.match(text)
    return bool(match) and _is_category(match[1], categories)


def parse_article(
    text: str,
    *,
    body_offset: int = 0,
    first_line: int = 1,
    categories: tuple[str, ...] = DEFAULT_CATEGORIES,
    shape: str | None = None,
    population: str | None = None,
) -> M.Article:
    """Parse one ACR article (plain-text export or Markdown body) into a document.

    ``body_offset`` is the character offset of ``text`` in the whole file and
    ``first_line`` the file line number of its first line. ``shape`` forces
    ``"text"`` or ``"markdown"``; by default Markdown is assumed when a line is an
    ATX heading (``# …``). ``population`` (``adult`` or ``pediatric``) is the one the
    frontmatter states; without it the title, the vignette and the inclusion criteria say.
    """
    if shape is None:
        shape = "markdown" if _ATX_LINE_RE.search(text) else "text"
    if shape not in ("text", "markdown"):
        raise ValueError(f"unknown article shape: {shape!r}")
    locator = _Locator(text, body_offset, first_line)
    builder = _Builder(text, locator, shape, categories)
    builder.walk(_split_blocks(text, shape))
    return builder.document(population)


# ---------------------------------------------------------------------------- positions


class _Locator:
    """Maps an index in ``text`` to a file position."""

    def __init__(self, text: str, body_offset: int, first_line: int) -> None:
        self.text = text
        self.body_offset = body_offset
        self.first_line = first_line
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def row(self, index: int) -> int:
        """0-based line index of ``index`` within ``text``."""
        return bisect.bisect_right(self.starts, index) - 1

    def line(self, index: int) -> int:
        return self.first_line + self.row(index)

    def where(self, index: int) -> tuple[int, int, int]:
        """(line, column, offset) of ``index``."""
        row = self.row(index)
        return self.first_line + row, index - self.starts[row] + 1, self.body_offset + index

    def pos(self, index: int) -> M.Position:
        return M.Position(*self.where(index))

    def span(self, start: int, end: int) -> M.Span:
        return M.Span(*self.where(start), _flat(self.text[start:end]))

    def block(self, start: int, end: int) -> M.Block:
        return M.Block(*self.where(start), _flat(self.text[start:end]), self.end_line(start, end))

    def end_line(self, start: int, end: int) -> int:
        return self.line(max(start, end - 1))


def _flat(raw: str) -> str:
    """Join the lines of a wrapped paragraph with single spaces."""
    return " ".join(part.strip() for part in raw.split("\n") if part.strip())


def _trim(text: str, start: int, end: int, chars: str = _MARKUP_CHARS) -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _is_category(line: str, categories: tuple[str, ...]) -> bool:
    cleaned = P.collapse_ws(P.strip_inline_markup(line.lstrip("\ufeff"))).casefold()
    return bool(cleaned) and cleaned in {c.casefold() for c in categories}


# ---------------------------------------------------------------------------- blocks


@dataclass
class _Block:
    """A run of lines: a paragraph, a bullet item, a table row, a Markdown heading or the
    reviewer line."""

    kind: str  # "para" | "bullet" | "row" | "heading" | "reviewer"
    start: int  # index of the first content character
    end: int  # index after the last content character
    first: int  # 0-based index of the first line
    last: int  # 0-based index of the last line
    level: int = 0  # Markdown heading level
    marker: str = ""  # bullet marker
    standalone: bool = False  # one line with blank lines (or the file edges) around it


def _split_blocks(text: str, shape: str) -> list[_Block]:
    """One pass over the lines; consecutive text lines form one paragraph."""
    blocks: list[_Block] = []
    current: _Block | None = None
    blank_before = True
    lines = text.split("\n")
    start = 0
    for index, raw in enumerate(lines):
        line = raw.rstrip("\r")
        line_start, start = start, start + len(raw) + 1
        if P.BLANK_RE.match(line) or P.HRULE_RE.match(line):
            current, blank_before = None, True
            continue
        block = _classify_line(line, line_start, index, shape)
        if block is None and current is not None:  # continuation line
            current.end, current.last = line_start + len(line.rstrip()), index
            continue
        if current and current.kind == "para" and current.first == current.last:
            current.standalone = False
        if block is None:
            lead = len(line) - len(line.lstrip())
            block = _Block("para", line_start + lead, line_start + len(line.rstrip()), index, index)
            block.standalone = blank_before
        blocks.append(block)
        current = block if block.kind in ("para", "bullet") else None
        blank_before = block.kind == "heading"
    return blocks


def _classify_line(line: str, line_start: int, index: int, shape: str) -> _Block | None:
    """A heading, bullet, row or reviewer block starting on this line; None for plain text."""
    if shape == "markdown" and (m := P.ATX_RE.match(line)):
        start, end = line_start + m.start("text"), line_start + m.end("text")
        return _Block("heading", start, end, index, index, level=len(m["hashes"]))
    if P.REVIEWED_RE.match(line):
        start, end = _trim(line, 0, len(line))
        return _Block("reviewer", line_start + start, line_start + end, index, index)
    if m := P.BULLET_RE.match(line):
        start, end = line_start + m.start("text"), line_start + m.end("text")
        return _Block("bullet", start, end, index, index, marker=m["marker"])
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        lead = len(line) - len(line.lstrip())
        return _Block("row", line_start + lead, line_start + lead + len(stripped), index, index)
    return None


# ---------------------------------------------------------------------------- structure


@dataclass
class _Unit:
    """A stretch of text scanned for ratings, radiation levels and references."""

    role: str  # title | heading | subheading | paragraph | bullet | row | question | answer
    start: int
    end: int
    section: str  # section kind, "intro" or "title"
    section_index: int  # -1 before the first section
    label: tuple[int, int] | None = None  # a bullet's "Label:" span
    scoped: bool = False  # an exclusion criterion: about patients this article is not for


@dataclass
class _Section:
    kind: str
    heading: M.Span
    level: int | None
    run_in: bool
    last_line: int
    paragraphs: list[M.Block] = field(default_factory=list)
    bullets: list[M.Item] = field(default_factory=list)
    subheadings: list[M.Subheading] = field(default_factory=list)


class _Builder:
    """Walks the blocks once, building sections, FAQ pairs, criteria and text units."""

    def __init__(self, text: str, loc: _Locator, shape: str, categories: tuple[str, ...]):
        self.text, self.loc, self.shape, self.categories = text, loc, shape, categories
        self.category: tuple[int, int] | None = None
        self.title: tuple[int, int] | None = None
        self.header_done = False
        self.section_level = 2
        self.intro: list[M.Block] = []
        self.sections: list[_Section] = []
        self.units: list[_Unit] = []
        self.faq: list[M.Span] = []
        self.answer_parts: list[list[tuple[int, int]]] = []  # per FAQ entry
        self.open_question = False  # inside a FAQ section, after a question
        self.criteria: dict[str, list[M.Item]] = {"inclusion": [], "exclusion": []}
        self.pending_list: str | None = None
        self.run_ins: list[M.RunIn] = []
        self.reviewer: _Block | None = None

    # -- walking -----------------------------------------------------------------

    def walk(self, blocks: list[_Block]) -> None:
        levels = [b.level for b in blocks if b.kind == "heading"]
        if levels and levels[0] == 1:
            levels = levels[1:]
        self.section_level = min(levels, default=2)
        for block in blocks:
            if block.kind == "reviewer":
                self.reviewer = block
            elif not self._take_header(block):
                handler = {"heading": self._on_heading, "bullet": self._on_bullet}
                handler.get(block.kind, self._on_para)(block)

    def _take_header(self, block: _Block) -> bool:
        """Consume the category line and the title; False once the body has started."""
        if self.header_done:
            return False
        single = block.first == block.last
        first = self.category is None and self.title is None
        if first and single and block.kind == "para" and self._is_category(block):
            self.category = (block.start, block.end)
            return True
        self.header_done = True
        if self.shape == "markdown":
            is_title = block.kind == "heading" and block.level == 1
        else:
            is_title = block.kind == "para" and single and block.end - block.start <= 200
        if is_title:
            self.title = (block.start, block.end)
            self.units.append(_Unit("title", block.start, block.end, "title", -1))
        return is_title

    def _is_category(self, block: _Block) -> bool:
        return _is_category(self.text[block.start : block.end], self.categories)

    def _on_heading(self, block: _Block) -> None:
        if block.level <= self.section_level:
            self._start_section(block.start, block.end, block.first, block.level)
            return
        section = self._current()
        if section and section.kind == "faq":
            self._faq_question(block.start, block.end)
            return
        span = self.loc.span(block.start, block.end)
        self._add_unit("subheading", block.start, block.end)
        if section:
            section.subheadings.append(M.Subheading(**vars(span), level=block.level))
            section.last_line = block.last
        self.pending_list = _criteria_lead(span.text, subheading=True)

    def _on_para(self, block: _Block) -> None:
        raw = self.text[block.start : block.end]
        section = self._current()
        in_faq = bool(section and section.kind == "faq")
        standalone = block.kind == "para" and self.shape == "text" and block.standalone
        if standalone and (P.is_heading_like(raw) or P.is_section_heading(raw)):
            if in_faq and P.strip_inline_markup(raw).rstrip().endswith("?"):
                self._faq_question(block.start, block.end)
            else:
                self._start_section(block.start, block.end, block.first, None)
            return
        if in_faq and block.first == block.last and _is_question(raw):
            start, end = _trim(self.text, block.start, block.end)
            self._faq_question(start, end)
            return
        run_in = (
            None if in_faq or block.kind == "row" else self._run_in_start(block.start, block.end)
        )
        if run_in is not None:
            end = len(self.text[block.start : run_in].rstrip()) + block.start
            self._add_paragraph(block.start, end, self.loc.row(end - 1))
            self._start_section(run_in, block.end, block.last, None, run_in=True)
            return
        self._add_paragraph(
            block.start, block.end, block.last, "row" if block.kind == "row" else "paragraph"
        )

    def _on_bullet(self, block: _Block) -> None:
        raw = self.text[block.start : block.end]
        label = _LABEL_RE.match(raw)
        label_span = (block.start, block.start + label.end("label")) if label else None
        base = self.loc.block(block.start, block.end)
        item = M.Item(
            **vars(base), marker=block.marker, label=label["label"].strip() if label else None
        )
        section = self._current()
        self._add_unit("bullet", block.start, block.end, label_span)
        if self.pending_list:
            self.criteria[self.pending_list].append(item)
            self.units[-1].scoped = self.pending_list == "exclusion"
        if section is None:
            self.intro.append(base)
            return
        section.bullets.append(item)
        section.last_line = block.last
        if self.open_question:
            self.answer_parts[-1].append((block.start, block.end))

    # -- helpers -------------------------------------------------------------------

    def _current(self) -> _Section | None:
        return self.sections[-1] if self.sections else None

    def _add_unit(self, role: str, start: int, end: int, label: tuple[int, int] | None = None):
        section = self._current()
        kind = section.kind if section else "intro"
        if role == "paragraph" and self.open_question:
            role = "answer"
        self.units.append(_Unit(role, start, end, kind, len(self.sections) - 1, label))

    def _add_paragraph(self, start: int, end: int, last_line: int, role: str = "paragraph"):
        paragraph = self.loc.block(start, end)
        label = (
            _LABEL_RE.match(self.text[start : min(end, start + 102)])
            if role == "paragraph"
            else None
        )
        self._add_unit(role, start, end, (start, start + label.end("label")) if label else None)
        if role == "paragraph":
            self.pending_list = _criteria_lead(paragraph.text)
        section = self._current()
        if section is None:
            self.intro.append(paragraph)
            return
        section.paragraphs.append(paragraph)
        section.last_line = last_line
        if self.open_question:
            self.answer_parts[-1].append((start, end))

    def _start_section(
        self, start: int, end: int, line_index: int, level: int | None, *, run_in: bool = False
    ) -> None:
        heading = self.loc.span(start, end)
        kind = P.section_kind(heading.text)
        self.sections.append(_Section(kind, heading, level, run_in, line_index))
        self._add_unit("heading", start, end)
        self.pending_list, self.open_question = None, False
        if run_in:
            self.run_ins.append(M.RunIn(**vars(heading), kind=kind))

    def _faq_question(self, start: int, end: int) -> None:
        question = self.loc.span(start, end)
        section = self._current()
        assert section is not None
        section.subheadings.append(M.Subheading(**vars(question), level=None))
        section.last_line = self.loc.row(start)
        self.faq.append(question)
        self.answer_parts.append([])
        self._add_unit("question", start, end)
        self.pending_list, self.open_question = None, True

    def _run_in_start(self, start: int, end: int) -> int | None:
        """Index of a section heading fused onto the end of a paragraph, if any."""
        raw = self.text[start:end]
        tail_at = P.sentence_starts(raw)[-1]
        tail = P.strip_inline_markup(raw[tail_at:]).strip()
        if tail_at == 0 or not tail.endswith("?") or len(tail) > 200:
            return None
        return start + tail_at if P.strict_section_kind(tail) not in ("other", "faq") else None

    # -- output ----------------------------------------------------------------------

    def document(self, stated_population: str | None) -> M.Article:
        title = self.loc.span(*self.title) if self.title else None
        references = self._references()
        population, source = _population(
            stated_population, title, self.intro, self.criteria["inclusion"]
        )
        ratings, levels = self._statements(population)
        return M.Article(
            shape=self.shape,
            category=_flat(self.text[slice(*self.category)]) if self.category else None,
            category_position=self.loc.pos(self.category[0]) if self.category else None,
            title=title,
            intro=self.intro,
            sections=[self._section_doc(s) for s in self.sections],
            run_in_headings=self.run_ins,
            inclusion_criteria=self.criteria["inclusion"],
            exclusion_criteria=self.criteria["exclusion"],
            ratings=ratings,
            procedures=S.rated_procedures(ratings),
            radiation=levels,
            population=population,
            population_source=source,
            faq=[self._faq_doc(i) for i in range(len(self.faq))],
            related=self._related_doc(references),
            references=[ref for ref, _ in references],
            reviewer=self._reviewer_doc(),
            reviewer_raw=self._reviewer_raw(),
        )

    def _section_doc(self, section: _Section) -> M.Section:
        heading = section.heading
        return M.Section(
            heading.line,
            heading.column,
            heading.offset,
            kind=section.kind,
            heading=heading.text,
            end_line=self.loc.first_line + section.last_line,
            level=section.level,
            run_in=section.run_in,
            paragraphs=section.paragraphs,
            bullets=section.bullets,
            subheadings=section.subheadings,
        )

    def _faq_doc(self, index: int) -> M.FAQEntry:
        question, parts = self.faq[index], self.answer_parts[index]
        answer = None
        if parts:
            answer = self.loc.block(parts[0][0], parts[-1][1])
            answer.text = "\n\n".join(_flat(self.text[s:e]) for s, e in parts)
        return M.FAQEntry(question, answer)

    def _statements(self, population: str) -> tuple[list[M.Rating], list[M.RadiationLevel]]:
        """The rating statements and radiation levels of every unit, in reading order."""
        ratings: list[M.Rating] = []
        levels: list[M.RadiationLevel] = []
        for unit in self.units:
            raw = self.text[unit.start : unit.end]
            label = (unit.label[0] - unit.start, unit.label[1] - unit.start) if unit.label else None
            found = S.read_unit(
                raw, label, row=unit.role in ("row", "bullet", "paragraph", "answer")
            )
            for statement in found.ratings:
                ratings.append(self._rating(unit, statement, population))
            for level in found.levels:
                levels.append(self._level(unit, level))
        return ratings, levels

    def _ref(self, unit: _Unit, mention: S.Mention) -> M.ProcedureRef:
        start, end, procedure = mention
        text = P.collapse_ws(
            P.strip_inline_markup(self.text[unit.start + start : unit.start + end])
        )
        return S.procedure_ref(procedure, text, self.loc.where(unit.start + start))

    def _rating(self, unit: _Unit, found: S.Statement, population: str) -> M.Rating:
        scoped = unit.scoped or S.scoped_elsewhere(found.scope, population)
        return M.Rating(
            *self.loc.where(unit.start + found.term[0]),
            rating=found.rating,
            category=found.category,
            spelling=found.spelling,
            procedures=[self._ref(unit, m) for m in found.procedures],
            role=unit.role,
            section=unit.section,
            context=found.context,
            quoted=found.quoted,
            hypothetical=found.hypothetical,
            scoped=scoped,
        )

    def _level(self, unit: _Unit, found: S.Level) -> M.RadiationLevel:
        return M.RadiationLevel(
            *self.loc.where(unit.start + found.index),
            symbols=found.symbols,
            count=found.count,
            pediatric_marker=found.pediatric_marker,
            dose_text=found.dose_text,
            dose_low=found.dose_low,
            dose_high=found.dose_high,
            population=found.population,
            procedure=self._ref(unit, found.procedure) if found.procedure else None,
            section=unit.section,
        )

    def _references(self) -> list[tuple[M.Reference, int]]:
        """Every reference, with the index of the section it is in."""
        references = []
        for unit in self.units:
            for found in P.find_references(self.text[unit.start : unit.end]):
                where = self.loc.where(unit.start + found["index"])  # type: ignore[operator]
                reference = M.Reference(
                    *where,
                    kind=str(found["kind"]),
                    text=str(found["text"]),
                    target=found["target"],  # type: ignore[arg-type]
                    section=unit.section,
                )
                references.append((reference, unit.section_index))
        return references

    def _related_doc(self, references: list[tuple[M.Reference, int]]) -> M.Related | None:
        for index, section in enumerate(self.sections):
            if section.kind == "related":
                heading = section.heading
                return M.Related(
                    heading.line,
                    heading.column,
                    heading.offset,
                    heading=heading.text,
                    end_line=self.loc.first_line + section.last_line,
                    references=[ref for ref, at in references if at == index],
                )
        return None

    def _reviewer_match(self) -> dict[str, str] | None:
        if self.reviewer is None:
            return None
        return P.match_reviewer(self.text[self.reviewer.start : self.reviewer.end])

    def _reviewer_doc(self) -> M.Reviewer | None:
        match = self._reviewer_match()
        if match is None or self.reviewer is None:
            return None
        return M.Reviewer(
            *self.loc.where(self.reviewer.start),
            name=match["name"],
            credentials=match["credentials"],
            role=match["role"],
            date_text=match["date"],
            date=P.parse_review_date(match["date"]),
        )

    def _reviewer_raw(self) -> M.Span | None:
        if self.reviewer is None or self._reviewer_match() is not None:
            return None
        raw = self.text[self.reviewer.start : self.reviewer.end]
        return M.Span(*self.loc.where(self.reviewer.start), raw)


# ---------------------------------------------------------------------------- small helpers


def _is_question(raw: str) -> bool:
    text = P.strip_inline_markup(raw).strip()
    return text.endswith("?") and len(text) <= 200 and P.sentence_starts(text) == [0]


def _criteria_lead(text: str, *, subheading: bool = False) -> str | None:
    """Which criteria list (``inclusion``/``exclusion``) ``text`` introduces, if any.

    A lead-in is a paragraph ending with ``:`` ("The key inclusion criteria are:") or a
    Markdown subheading ("### Exclusion criteria")."""
    cleaned = P.strip_inline_markup(text).strip()
    if not (subheading or cleaned.endswith(":")):
        return None
    last_sentence = cleaned[P.sentence_starts(cleaned)[-1] :]
    for candidate in (last_sentence, cleaned):
        if P.EXCLUSION_LEAD_RE.search(candidate):
            return "exclusion"
        if P.INCLUSION_LEAD_RE.search(candidate):
            return "inclusion"
    return None


def _population(
    stated: str | None, title: M.Span | None, intro: list[M.Block], inclusion: list[M.Item]
) -> tuple[str, str]:
    """The article's population and where it was read: the frontmatter's ``population``,
    else the title, the vignette before the first section, the inclusion criteria (words
    such as `child` or `adults`, or an age: `a 9-year-old`), else adult."""
    if stated in ("adult", "pediatric"):
        return stated, "frontmatter"
    sources = (
        ("title", title.text if title else ""),
        ("intro", " ".join(block.text for block in intro)),
        ("criteria", " ".join(item.text for item in inclusion)),
    )
    for name, text in sources:
        found = P.population_of(text)
        if found:
            return found, name
    return "adult", "default"


#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``acr_patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (
    ("first-line", _FIRST_LINE_RE.match, (("", " \n", "x"), ("\ufeff", " ", "x"))),
    ("markdown-heading-line", _ATX_LINE_RE.search, (("#", " ", ""), ("", "# \n", ""))),
    ("bullet-label", _LABEL_RE.match, (("", "a", ":"), ("", " ", ": x"))),
)
