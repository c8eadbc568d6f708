"""The Q&A page: Markdown with YAML frontmatter ``_schema: default``.

All of its content lives in the frontmatter; the body is only ``&nbsp;``.
"""

from __future__ import annotations

import re
import sys

from contentlint.formats.base import Document, FrontmatterFormat, field_at, frontmatter_entry
from contentlint.formats.frontmatter import Frontmatter
from contentlint.index import Entry, RelatedRef

RELATED_KEY = re.compile(r"^related_article(\d+)$")

#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``contentlint.formats.acr.patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (("related-key", RELATED_KEY.match, (("related_article", "1", "x"),)),)


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
        if doc.frontmatter is None or doc.frontmatter.data is None:
            return None
        return frontmatter_entry(doc, self.name, related=tuple(related_of(doc)))


FORMAT = QAFormat()
