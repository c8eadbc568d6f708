"""Parse an ACR Appropriateness Criteria article into a structured, positioned document.

Two shapes of the same article are recognised:

``text``
    the site's plain-text export: a category line (``Interventional Radiology
    Imaging``), the title, headings as stand-alone lines (a question or a short
    title-cased phrase), ``  • `` bullets and a closing ``Reviewed by …`` line;
``markdown``
    ``#`` title, ``##`` section headings, ``-``/``*`` bullets and ``[text](url)``
    links, usually after a YAML frontmatter that the caller has already split off.

:func:`parse_article` returns an :class:`~contentlint.formats.acr.model.Article`
(``model.to_json`` gives the JSON that ``schemas/acr-article.schema.json`` describes,
printed by ``contentlint parse``). Every position is reported for the whole
file: ``line`` and ``column`` are 1-based (columns count characters), ``offset``
is the 0-based character offset in the file. Pass ``body_offset`` and
``first_line`` when ``text`` is the body that follows a frontmatter; ``text``
must then start at the beginning of a line.

The parser only describes the article; judging it (section order, missing
ratings, unknown rating terms, …) is left to the rules.

The work is done in :mod:`~contentlint.formats.acr.blocks` (the text cut into blocks, file
positions) and :mod:`~contentlint.formats.acr.structure` (the article built from the blocks);
what each stretch of text says is read by :mod:`~contentlint.formats.acr.statements`.
"""

from __future__ import annotations

import re

import contentlint.formats.acr.model as M
from contentlint.formats.acr.blocks import _is_category, _Locator, _split_blocks
from contentlint.formats.acr.structure import _LABEL_RE, _Builder

__all__ = ["DEFAULT_CATEGORIES", "looks_like_plain_article", "parse_article"]

DEFAULT_CATEGORIES: tuple[str, ...] = ("Interventional Radiology Imaging",)

_FIRST_LINE_RE = re.compile(r"\A[\s\ufeff]*([^\n]*)")
_ATX_LINE_RE = re.compile(r"^#{1,6}[ \t]++\S", re.MULTILINE)


def looks_like_plain_article(text: str, categories: tuple[str, ...] = DEFAULT_CATEGORIES) -> bool:
    """True when the first non-blank line of ``text`` is one of ``categories``."""
    match = _FIRST_LINE_RE.match(text)
    return bool(match) and _is_category(match[1], categories)


def parse_article(
    text: str,
    *,
    body_offset: int = 0,
    first_line: int = 1,
    categories: tuple[str, ...] = DEFAULT_CATEGORIES,
    population: str | None = None,
) -> M.Article:
    """Parse one ACR article (plain-text export or Markdown body) into a document.

    ``body_offset`` is the character offset of ``text`` in the whole file and
    ``first_line`` the file line number of its first line. The article is read as
    Markdown when a line is an ATX heading (``# …``), else as the plain-text export.
    ``population`` (``adult`` or ``pediatric``) is the one the
    frontmatter states; without it the title, the vignette and the inclusion criteria say.
    """
    shape = "markdown" if _ATX_LINE_RE.search(text) else "text"
    locator = _Locator(text, body_offset, first_line)
    builder = _Builder(text, locator, shape, categories)
    builder.walk(_split_blocks(text, shape))
    return builder.document(population)


#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (
    ("first-line", _FIRST_LINE_RE.match, (("", " \n", "x"), ("\ufeff", " ", "x"))),
    ("markdown-heading-line", _ATX_LINE_RE.search, (("#", " ", ""), ("", "# \n", ""))),
    ("bullet-label", _LABEL_RE.match, (("", "a", ":"), ("", " ", ": x"))),
)
