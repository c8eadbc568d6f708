"""What the ACR rules share: the article a rule reads, and where an item of it is."""

from __future__ import annotations

from contentlint.formats import Document
from contentlint.formats.acr.model import Article, Position

ARTICLE = ("acr_article",)


STYLES = ("sentence", "title", "consistent")


def article_of(doc: Document) -> Article | None:
    return doc.body if isinstance(doc.body, Article) else None


def position_of(item: Position | None) -> tuple[int, int]:
    return (item.line, item.column) if item is not None else (1, 1)
