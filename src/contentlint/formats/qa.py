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


def field_at(fm: Frontmatter, *path: str | int) -> Field | None:
    node = fm.nodes.get(path)
    if node is None:
        return None
    value: Any = fm.data
    for part in path:
        value = value[part]
    return field(value, node.line, node.column)


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


class QAFormat(FrontmatterFormat):
    name = "qa"
    schema_key = "default"
    schema_file = "qa.schema.json"

    def entry(self, doc: Document) -> Entry | None:
        fm = doc.frontmatter
        if fm is None or fm.data is None:
            return None
        data = fm.data

        def get(name: str) -> Field | None:
            return field_at(fm, name) if name in data else None

        return Entry(
            path=doc.source.display,
            file=doc.source.path.as_posix(),
            format=self.name,
            id=get("id"),
            url=get("url"),
            title=get("title"),
            subject=get("subject"),
            related=related_of(doc),
        )


FORMAT = QAFormat()
