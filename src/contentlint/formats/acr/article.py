"""ACR Appropriateness Criteria articles, in either shape:

- the plain-text export (no frontmatter; the first line is a category line such as
  ``Interventional Radiology Imaging``), claimed by :meth:`ACRArticleFormat.claims_plain`;
- Markdown with optional frontmatter ``_schema: acr_article``.

The article itself is parsed by :mod:`contentlint.formats.acr.parse` into a structured
document (validated against ``schemas/acr-article.schema.json`` by the ``acr-structure``
rule); this module adapts it to the :class:`~contentlint.formats.Format` interface.
"""

from __future__ import annotations

from typing import Any

from contentlint.formats.base import Document, frontmatter_entry
from contentlint.index import Entry, Reference, field
from contentlint.model import Option
from contentlint.source import Source

# The parser (and its hundred regular expressions) is imported when an article is met, not
# when a run of Q&A pages lists the formats: a pre-commit run checks one page.


POPULATIONS = ("adult", "pediatric")


def categories(options: dict[str, Any]) -> tuple[str, ...]:
    from contentlint.formats.acr.parse import DEFAULT_CATEGORIES

    return tuple(options.get("acr-categories") or DEFAULT_CATEGORIES)


def _no_empty(value: list[str]) -> str | None:
    return "holds an empty string" if any(not v.strip() for v in value) else None


class ACRArticleFormat:
    name = "acr_article"
    options = (
        Option(
            "acr-categories",
            None,
            "the category lines that mark a plain-text ACR article (a list of strings;"
            " default: the ACR's own panels)",
            list,
            _no_empty,
        ),
    )

    def claims_plain(self, source: Source, options: dict[str, Any]) -> bool:
        from contentlint.formats.acr.parse import looks_like_plain_article

        return looks_like_plain_article(source.text, categories(options))

    def parse_body(self, doc: Document, options: dict[str, Any]) -> None:
        from contentlint.formats.acr.parse import parse_article

        text = doc.source.text
        start, first_line = 0, 1
        fm = doc.frontmatter
        population = None
        if fm is not None:
            newline = text.find("\n", fm.end)
            start = len(text) if newline == -1 else newline + 1
            first_line = doc.source.position(start)[0]
            if isinstance(fm.data, dict) and fm.data.get("population") in POPULATIONS:
                population = fm.data["population"]
        doc.body = parse_article(
            text[start:],
            body_offset=start,
            first_line=first_line,
            categories=categories(options),
            population=population,
        )

    def entry(self, doc: Document) -> Entry | None:
        article = doc.body
        fm = doc.frontmatter
        data = fm.data if fm is not None and isinstance(fm.data, dict) else {}
        title = None  # the frontmatter's title wins over the article's own
        title_key = doc.type.title if doc.type is not None else "title"
        if title_key not in data and article is not None and article.title:
            parsed = article.title
            title = field(parsed.text, parsed.line, parsed.column)
        references = [
            Reference(ref.kind, ref.line, ref.column, ref.target, ref.text)
            for ref in (article.references if article is not None else ())
        ]
        related = data.get("related")
        if isinstance(related, list):
            for index, value in enumerate(related):
                node = fm.nodes.get(("related", index)) if fm else None
                if isinstance(value, int) and node is not None:
                    references.append(Reference("id", node.line, node.column, str(value)))
        return frontmatter_entry(doc, title=title, references=tuple(references))


FORMAT = ACRArticleFormat()
