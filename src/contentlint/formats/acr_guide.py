"""ACR guide pages (``_schema: acr_guide``): topic and protocol guides that articles refer to.

They are documents so that references resolve; their body is free Markdown.
"""

from __future__ import annotations

from contentlint.formats import Document, FrontmatterFormat
from contentlint.formats.qa import field_at
from contentlint.index import Entry


class ACRGuideFormat(FrontmatterFormat):
    name = "acr_guide"
    schema_key = "acr_guide"
    schema_file = "acr-guide.schema.json"

    def entry(self, doc: Document) -> Entry | None:
        fm = doc.frontmatter
        if fm is None or fm.data is None:
            return None
        data = fm.data
        aliases = data.get("aliases")
        return Entry(
            path=doc.source.display,
            file=doc.source.path.as_posix(),
            format=self.name,
            id=field_at(fm, "id") if "id" in data else None,
            url=field_at(fm, "url") if "url" in data else None,
            title=field_at(fm, "title") if "title" in data else None,
            aliases=tuple(a for a in aliases if isinstance(a, str))
            if isinstance(aliases, list)
            else (),
        )


FORMAT = ACRGuideFormat()
