"""The Q&A page: Markdown with YAML frontmatter ``_schema: default``.

All of its content lives in the frontmatter; the body is only ``&nbsp;``.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from contentlint.formats import Document, FrontmatterFormat
from contentlint.formats.frontmatter import Frontmatter
from contentlint.index import Entry, Field, RelatedRef, field

RELATED_KEY = re.compile(r"^related_article(\d+)$")

#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``contentlint.formats.acr.patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (("related-key", RELATED_KEY.match, (("related_article", "1", "x"),)),)


def field_at(fm: Frontmatter, *path: str | int) -> Field | None:
    position = fm.nodes.value_position(path)
    if position is None:
        return None
    value: Any = fm.data
    for part in path:
        value = value[part]
    return field(value, *position)


def related_refs(fm: Frontmatter) -> list[RelatedRef]:
    refs = []
    for key in fm.data or {}:
        match = RELATED_KEY.match(key)
        if match is None:
            continue
        block = fm.data[key] if fm.data else None
        fields = {}
        if isinstance(block, dict):
            for name in ("id", "title", "subject", "url"):
                fields[name] = field_at(fm, key, name) if name in block else None
        node = fm.nodes[(key,)]
        number = int(match.group(1))
        line, column = node.key_line, node.key_column
        refs.append(RelatedRef.make(sys.intern(key), number, line, column, **fields))
    return refs


def related_of(doc: Document) -> list[RelatedRef]:
    """The document's ``related_articleN`` blocks, extracted once."""
    refs = doc.extra.get("related")
    if refs is None:
        fm = doc.frontmatter
        refs = doc.extra["related"] = related_refs(fm) if fm is not None else []
    return refs


def frontmatter_entry(doc: Document, fmt: str, **extra: Any) -> Entry:
    """An index entry with the identity fields (id, url, title, subject) the frontmatter has;
    ``extra`` fills or overrides the others."""
    fm = doc.frontmatter
    data = fm.data if fm is not None and fm.data is not None else {}
    fields = {
        name: field_at(fm, name)
        for name in ("id", "url", "title", "subject")
        if fm is not None and name in data
    }
    return Entry(
        path=doc.source.display,
        file=doc.source.path.as_posix(),
        format=fmt,
        **{**fields, **{k: v for k, v in extra.items() if v is not None}},
    )


class QAFormat(FrontmatterFormat):
    name = "qa"
    schema_key = "default"
    schema_file = "qa.schema.json"

    def entry(self, doc: Document) -> Entry | None:
        if doc.frontmatter is None or doc.frontmatter.data is None:
            return None
        return frontmatter_entry(doc, self.name, related=tuple(related_of(doc)))


FORMAT = QAFormat()
