"""The text of an ACR article cut into blocks, and the positions of things in the file.

:func:`_split_blocks` makes one pass over the lines: consecutive text lines form a paragraph;
a bullet, a table row, a Markdown heading and the reviewer line are blocks of their own.
:class:`_Locator` maps an index in the text to a file position (line, column, offset). The
records :class:`_Unit` and :class:`_Section` are what the builder keeps of them, and the
small helpers at the end read a block: a FAQ question, the lead-in of a criteria list, the
article's population. :mod:`contentlint.formats.acr.structure` builds the article from the
blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import contentlint.formats.acr.model as M
from contentlint.formats.acr.patterns_headings import (
    ATX_RE,
    BLANK_RE,
    BULLET_RE,
    HRULE_RE,
    REVIEWED_RE,
    sentence_starts,
)
from contentlint.formats.acr.patterns_markup import collapse_ws, strip_inline_markup
from contentlint.formats.acr.patterns_population import (
    EXCLUSION_LEAD_RE,
    INCLUSION_LEAD_RE,
    population_of,
)
from contentlint.source import LineMap

_MARKUP_CHARS = " \t\r\n*_>#"

# ---------------------------------------------------------------------------- positions


class _Locator:
    """Maps an index in ``text`` to a file position."""

    def __init__(self, text: str, body_offset: int, first_line: int) -> None:
        self.text = text
        self.body_offset = body_offset
        self.first_line = first_line
        self.lines = LineMap(text, first_line=first_line)

    def row(self, index: int) -> int:
        """0-based line index of ``index`` within ``text``."""
        return self.line(index) - self.first_line

    def line(self, index: int) -> int:
        return self.lines.position(index)[0]

    def where(self, index: int) -> tuple[int, int, int]:
        """(line, column, offset) of ``index``."""
        line, column = self.lines.position(index)
        return line, column, self.body_offset + index

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
    cleaned = collapse_ws(strip_inline_markup(line.lstrip("\ufeff"))).casefold()
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
        if BLANK_RE.match(line) or HRULE_RE.match(line):
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
    if shape == "markdown" and (m := ATX_RE.match(line)):
        start, end = line_start + m.start("text"), line_start + m.end("text")
        return _Block("heading", start, end, index, index, level=len(m["hashes"]))
    if REVIEWED_RE.match(line):
        start, end = _trim(line, 0, len(line))
        return _Block("reviewer", line_start + start, line_start + end, index, index)
    if m := BULLET_RE.match(line):
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


# ---------------------------------------------------------------------------- small helpers


def _is_question(raw: str) -> bool:
    text = strip_inline_markup(raw).strip()
    return text.endswith("?") and len(text) <= 200 and sentence_starts(text) == [0]


def _criteria_lead(text: str, *, subheading: bool = False) -> str | None:
    """Which criteria list (``inclusion``/``exclusion``) ``text`` introduces, if any.

    A lead-in is a paragraph ending with ``:`` ("The key inclusion criteria are:") or a
    Markdown subheading ("### Exclusion criteria")."""
    cleaned = strip_inline_markup(text).strip()
    if not (subheading or cleaned.endswith(":")):
        return None
    last_sentence = cleaned[sentence_starts(cleaned)[-1] :]
    for candidate in (last_sentence, cleaned):
        if EXCLUSION_LEAD_RE.search(candidate):
            return "exclusion"
        if INCLUSION_LEAD_RE.search(candidate):
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
        found = population_of(text)
        if found:
            return found, name
    return "adult", "default"
