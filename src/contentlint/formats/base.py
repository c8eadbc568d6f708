"""What every format shares: the parsed :class:`Document`, the :class:`Format` protocol, the
defaults of a format that lives in its frontmatter, and the frontmatter helpers the formats
use to build their index entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from contentlint.content_types import ContentType
from contentlint.formats import frontmatter as fm
from contentlint.formats.frontmatter import Frontmatter
from contentlint.index import Entry, Field
from contentlint.index import field as make_field
from contentlint.model import Option
from contentlint.source import Source


@dataclass(slots=True)
class Document:
    source: Source
    format: str | None = None  # the claiming format's name; None: no format claims the file
    frontmatter: fm.Frontmatter | None = None
    unclosed: fm.Problem | None = None  # a frontmatter block that never closes
    schema: Any = None  # the value of ``_schema`` when there is frontmatter
    type: ContentType | None = None  # the content type it names (or the plain format's)
    body: Any = None  # what the format parsed from the rest of the file
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def data(self) -> dict[str, Any] | None:
        return self.frontmatter.data if self.frontmatter else None


class FrontmatterFormat:
    """Defaults for a format that lives wholly in its frontmatter (Q&A pages, guides)."""

    options: tuple[Option, ...] = ()

    def claims_plain(self, source: Source, options: dict[str, Any]) -> bool:
        return False

    def parse_body(self, doc: Document, options: dict[str, Any]) -> None:
        doc.body = None


class Format(Protocol):
    """How a content type's files are parsed (a content type names its format)."""

    name: str  # short name used by rules' ``formats=``, and by content types
    # top-level configuration keys it reads; their values reach it as ``options``
    options: tuple[Option, ...]

    def claims_plain(self, source: Source, options: dict[str, Any]) -> bool:
        """Whether a file *without* frontmatter is of this format (and of the content type
        of the same name)."""
        ...

    def parse_body(self, doc: Document, options: dict[str, Any]) -> None:
        """Fill ``doc.body`` from the text (after the frontmatter, if any)."""
        ...

    def entry(self, doc: Document) -> Entry | None:
        """What the corpus index should know about this document."""
        ...


def field_at(fm: Frontmatter, *path: str | int) -> Field | None:
    position = fm.nodes.value_position(path)
    if position is None:
        return None
    value: Any = fm.data
    for part in path:
        value = value[part]
    return make_field(value, *position)


def frontmatter_entry(doc: Document, **extra: Any) -> Entry:
    """An index entry with the identity fields (id, url, title, subject) the frontmatter has,
    read from the fields the document's content type gives those roles; ``extra`` fills or
    overrides the others."""
    fm, kind = doc.frontmatter, doc.type
    data = fm.data if fm is not None and fm.data is not None else {}
    roles = kind.identity() if kind is not None else {}
    fields = {
        role: field_at(fm, name) for role, name in roles.items() if fm is not None and name in data
    }
    return Entry(
        path=doc.source.display,
        file=doc.source.path.as_posix(),
        type=kind.name if kind is not None else "",
        **{**fields, **{k: v for k, v in extra.items() if v is not None}},
    )
