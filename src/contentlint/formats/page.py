"""A page whose content is its frontmatter: Q&A pages (``_schema: default``), ACR guides, and
every type a site defines. The body is not read (a Q&A page's is only ``&nbsp;``).

What the index learns of a page follows its content type's roles (``content_types.py``):
the identity fields, the aliases, and the related-article blocks.
"""

from __future__ import annotations

import sys

from contentlint.content_types import ContentType
from contentlint.formats.base import Document, FrontmatterFormat, field_at, frontmatter_entry
from contentlint.formats.frontmatter import Frontmatter
from contentlint.index import Entry, RelatedRef


def related_refs(fm: Frontmatter, kind: ContentType) -> list[RelatedRef]:
    related = kind.related
    if related is None:
        return []
    names = related.fields()
    refs = []
    for key in fm.data or {}:
        number = related.number(key)
        if number is None:
            continue
        block = fm.data[key] if fm.data else None
        fields = {}
        if isinstance(block, dict):
            for role, name in names.items():
                fields[role] = field_at(fm, key, name) if name in block else None
        node = fm.nodes[(key,)]
        refs.append(
            RelatedRef.make(sys.intern(key), number, node.key_line, node.key_column, **fields)
        )
    return refs


def related_of(doc: Document) -> list[RelatedRef]:
    """The document's related-article blocks, extracted once."""
    refs = doc.extra.get("related")
    if refs is None:
        fm, kind = doc.frontmatter, doc.type
        refs = doc.extra["related"] = related_refs(fm, kind) if fm and kind else []
    return refs


class PageFormat(FrontmatterFormat):
    name = "frontmatter"

    def entry(self, doc: Document) -> Entry | None:
        fm, kind = doc.frontmatter, doc.type
        if fm is None or fm.data is None or kind is None:
            return None
        aliases: tuple[str, ...] = ()
        if kind.aliases:
            value = fm.data.get(kind.aliases)
            if isinstance(value, list):
                aliases = tuple(a for a in value if isinstance(a, str))
        return frontmatter_entry(doc, related=tuple(related_of(doc)), aliases=aliases)


FORMAT = PageFormat()
