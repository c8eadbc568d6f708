"""Formats: how a file becomes a :class:`Document`.

Every page with YAML frontmatter is first split and loaded (``frontmatter.py``); its
``_schema`` key then picks the format. A file without frontmatter may still be claimed by a
format that recognises plain text (the ACR article export). Each format is one module that
exposes a :class:`Format`; adding a format means one module, one schema and one line in
:func:`formats`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from contentlint.formats import frontmatter as fm
from contentlint.index import Entry
from contentlint.source import Source


@dataclass(slots=True)
class Document:
    source: Source
    format: str | None = None  # the claiming format's name; None: no format claims the file
    frontmatter: fm.Frontmatter | None = None
    unclosed: fm.Problem | None = None  # a frontmatter block that never closes
    schema: Any = None  # the value of ``_schema`` when there is frontmatter
    body: Any = None  # what the format parsed from the rest of the file
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def data(self) -> dict[str, Any] | None:
        return self.frontmatter.data if self.frontmatter else None


class FrontmatterFormat:
    """Defaults for a format that lives wholly in its frontmatter (Q&A pages, guides)."""

    def claims_plain(self, source: Source, options: dict[str, Any]) -> bool:
        return False

    def parse_body(self, doc: Document, options: dict[str, Any]) -> None:
        doc.body = None


class Format(Protocol):
    name: str  # short name used by rules' ``formats=`` and in messages
    schema_key: str | None  # the ``_schema`` value it claims, None for plain-text formats
    schema_file: str | None  # its JSON Schema in ``schemas/``

    def claims_plain(self, source: Source, options: dict[str, Any]) -> bool:
        """Whether a file *without* frontmatter is of this format."""
        ...

    def parse_body(self, doc: Document, options: dict[str, Any]) -> None:
        """Fill ``doc.body`` from the text (after the frontmatter, if any)."""
        ...

    def entry(self, doc: Document) -> Entry | None:
        """What the corpus index should know about this document."""
        ...


@cache
def formats() -> tuple[Format, ...]:
    """Every format, imported on first use (a run that only reads the cache parses nothing)."""
    from contentlint.formats import acr, qa

    return (qa.FORMAT, acr.ARTICLE_FORMAT, acr.GUIDE_FORMAT)


@cache
def by_schema_key() -> dict[str, Format]:
    return {f.schema_key: f for f in formats() if f.schema_key}


@cache
def by_name() -> dict[str, Format]:
    return {f.name: f for f in formats()}


def parse_document(source: Source, options: dict[str, Any] | None = None) -> Document:
    """Split, load and parse one file into a Document (never raises for bad content)."""
    options = options or {}
    doc = Document(source=source)
    loaded = fm.load(source.text)
    if isinstance(loaded, fm.Problem):
        doc.unclosed = loaded
        return doc
    if loaded is None:
        for fmt in formats():
            if fmt.claims_plain(source, options):
                doc.format = fmt.name
                fmt.parse_body(doc, options)
                break
        return doc
    doc.frontmatter = loaded
    if loaded.data is not None:
        doc.schema = loaded.data.get("_schema")
        fmt = by_schema_key().get(doc.schema) if isinstance(doc.schema, str) else None
        if fmt is not None:
            doc.format = fmt.name
            fmt.parse_body(doc, options)
    return doc
