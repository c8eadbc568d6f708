"""The ACR article built from its blocks: :class:`_Builder` walks the blocks of
:mod:`contentlint.formats.acr.blocks` once, building the sections, FAQ pairs, criteria and
the text units that :mod:`contentlint.formats.acr.statements` reads for ratings and radiation
levels, then the :class:`~contentlint.formats.acr.model.Article`.
"""

from __future__ import annotations

import re

import contentlint.formats.acr.model as M
from contentlint.formats.acr.blocks import (
    _Block,
    _criteria_lead,
    _flat,
    _is_category,
    _is_question,
    _Locator,
    _population,
    _Section,
    _trim,
    _Unit,
)
from contentlint.formats.acr.patterns_headings import (
    is_heading_like,
    is_section_heading,
    section_kind,
    sentence_starts,
    strict_section_kind,
)
from contentlint.formats.acr.patterns_markup import collapse_ws, strip_inline_markup
from contentlint.formats.acr.patterns_references import find_references
from contentlint.formats.acr.patterns_reviewer import match_reviewer, parse_review_date
from contentlint.formats.acr.statements import (
    procedure_ref,
    rated_procedures,
    read_unit,
    scoped_elsewhere,
)
from contentlint.formats.acr.statements_levels import Level
from contentlint.formats.acr.statements_ratings import Statement
from contentlint.formats.acr.statements_reader import Mention

_LABEL_RE = re.compile(r"^(?P<label>[^:\n]{1,100}?):\s")


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
        if standalone and (is_heading_like(raw) or is_section_heading(raw)):
            if in_faq and strip_inline_markup(raw).rstrip().endswith("?"):
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
        kind = section_kind(heading.text)
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
        tail_at = sentence_starts(raw)[-1]
        tail = strip_inline_markup(raw[tail_at:]).strip()
        if tail_at == 0 or not tail.endswith("?") or len(tail) > 200:
            return None
        return start + tail_at if strict_section_kind(tail) not in ("other", "faq") else None

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
            procedures=rated_procedures(ratings),
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
            found = read_unit(raw, label, row=unit.role in ("row", "bullet", "paragraph", "answer"))
            for statement in found.ratings:
                ratings.append(self._rating(unit, statement, population))
            for level in found.levels:
                levels.append(self._level(unit, level))
        return ratings, levels

    def _ref(self, unit: _Unit, mention: Mention) -> M.ProcedureRef:
        start, end, procedure = mention
        text = collapse_ws(strip_inline_markup(self.text[unit.start + start : unit.start + end]))
        return procedure_ref(procedure, text, self.loc.where(unit.start + start))

    def _rating(self, unit: _Unit, found: Statement, population: str) -> M.Rating:
        scoped = unit.scoped or scoped_elsewhere(found.scope, population)
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

    def _level(self, unit: _Unit, found: Level) -> M.RadiationLevel:
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
            for found in find_references(self.text[unit.start : unit.end]):
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
        return match_reviewer(self.text[self.reviewer.start : self.reviewer.end])

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
            date=parse_review_date(match["date"]),
        )

    def _reviewer_raw(self) -> M.Span | None:
        if self.reviewer is None or self._reviewer_match() is not None:
            return None
        raw = self.text[self.reviewer.start : self.reviewer.end]
        return M.Span(*self.loc.where(self.reviewer.start), raw)
