"""A page whose content is its frontmatter: Q&A pages (``_schema: default``), ACR guides, and
every type a site defines. The body is not read (a Q&A page's is only ``&nbsp;``).

What the index learns of a page follows its content type's roles (``content_types.py``):
the identity fields, the aliases, and the related-article blocks.
"""

from __future__ import annotations

import sys
from typing import Any

from contentlint.content_types import ContentType
from contentlint.formats.base import Document, FrontmatterFormat, frontmatter_entry
from contentlint.formats.frontmatter import Frontmatter
from contentlint.index import Entry, RelatedRef


def related_refs(fm: Frontmatter, kind: ContentType) -> list[RelatedRef]:
    related = kind.related
    data = fm.data
    if related is None or not data:
        return []
    names = tuple(related.fields().values())  # in RelatedRef.FIELDS order
    nodes = fm.nodes
    intern = sys.intern
    prefix, match = related.prefix, related.pattern.match
    refs = []
    for key, block in data.items():  # a page has some 25 keys, and 4 or more blocks
        if not key.startswith(prefix):  # keys are text (see frontmatter.py)
            continue
        found = match(key)
        if found is None:
            continue
        number = int(found.group(1))
        # One pass over the block's fields, straight into RelatedRef's flat tuple: this
        # runs for four or more blocks on every page of the corpus.
        values: list[Any] = [None, None, None, None]
        lines = [0, 0, 0, 0]
        columns = [0, 0, 0, 0]
        if isinstance(block, dict):
            for index, name in enumerate(names):
                if name in block:
                    position = nodes.value_position((key, name))
                    if position is not None:
                        value = block[name]
                        values[index] = intern(value) if type(value) is str else value
                        lines[index], columns[index] = position
        line, column = nodes.key_position((key,))
        refs.append(RelatedRef((intern(key), number, line, column, *values, *lines, *columns)))
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
