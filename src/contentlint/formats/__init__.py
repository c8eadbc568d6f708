"""Formats: how a file becomes a :class:`Document`.

Every page with YAML frontmatter is first split and loaded (``frontmatter.py``); its
``_schema`` key then names the content type (``content_types.py``), and the type names its
format. A file without frontmatter may still be claimed by a format that recognises plain
text (the ACR article export). Each format is one module that exposes a :class:`Format`
(``base.py``: the document, the format's protocol, and the helpers formats share); adding a
format means one module and one line in :func:`formats`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from contentlint.content_types import DEFAULT_TYPES, ContentTypes
from contentlint.formats import frontmatter as fm
from contentlint.formats.base import Document, Format, FrontmatterFormat
from contentlint.source import Source

__all__ = ["Document", "Format", "FrontmatterFormat", "by_name", "formats"]


@cache
def formats() -> tuple[Format, ...]:
    """Every format, imported on first use (a run that only reads the cache parses nothing)."""
    from contentlint.formats import acr, page

    return (page.FORMAT, acr.ARTICLE_FORMAT)


@cache
def by_name() -> dict[str, Format]:
    return {f.name: f for f in formats()}


def parse_document(
    source: Source, options: dict[str, Any] | None = None, types: ContentTypes = DEFAULT_TYPES
) -> Document:
    """Split, load and parse one file into a Document (never raises for bad content)."""
    options = options or {}
    doc = Document(source=source)
    loaded = fm.load(source.text)
    if isinstance(loaded, fm.Problem):
        doc.unclosed = loaded
        return doc
    if loaded is None:
        for fmt in formats():
            if fmt.name in types and fmt.claims_plain(source, options):
                doc.format, doc.type = fmt.name, types[fmt.name]
                fmt.parse_body(doc, options)
                break
        return doc
    doc.frontmatter = loaded
    if loaded.data is not None:
        doc.schema = loaded.data.get("_schema")
        kind = types.get(doc.schema) if isinstance(doc.schema, str) else None
        if kind is not None:
            doc.format, doc.type = kind.format, kind
            by_name()[kind.format].parse_body(doc, options)
        else:  # for unknown-schema to name them
            doc.extra["known_types"] = tuple(sorted(types))
    return doc
