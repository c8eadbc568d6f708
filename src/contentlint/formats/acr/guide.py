"""ACR guide pages (``_schema: acr_guide``): topic and protocol guides that articles refer to.

They are documents so that references resolve; their body is free Markdown.
"""

from __future__ import annotations

from contentlint.formats.base import Document, FrontmatterFormat, frontmatter_entry
from contentlint.index import Entry


class ACRGuideFormat(FrontmatterFormat):
    name = "acr_guide"
    schema_key = "acr_guide"
    schema_file = "acr-guide.schema.json"

    def entry(self, doc: Document) -> Entry | None:
        fm = doc.frontmatter
        if fm is None or fm.data is None:
            return None
        aliases = fm.data.get("aliases")
        names = tuple(a for a in aliases if isinstance(a, str)) if isinstance(aliases, list) else ()
        return frontmatter_entry(doc, self.name, aliases=names)


FORMAT = ACRGuideFormat()
