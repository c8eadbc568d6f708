"""The frontmatter block exists, parses, has no repeated keys and names a known schema."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from contentlint.formats import Document
from contentlint.rules.registry import Hit, rule

if TYPE_CHECKING:
    pass


@rule(
    code="FM001",
    name="frontmatter-missing",
    summary="A frontmatter block that never closes, or a page that must have frontmatter has none.",
    explanation="""
A page's metadata lives in a YAML block between two `---` lines at the very top of the file.
A block that is opened but never closed swallows the whole page. Files matched by the
`require-frontmatter` globs in the config must start with such a block; other files without
frontmatter that no format recognises are skipped (see `--verbose`).
""",
    bad="""
---
_schema: default
id: 1
(no closing ---)
""",
    good="""
---
_schema: default
id: 1
---
""",
    unclaimed=True,
    why="""
An unclosed block makes everything after the opening `---`, the page's text included,
part of the frontmatter: whatever reads the file (the site, the CMS, contentlint) fails
on it or takes the body for metadata. A page that must have
frontmatter but has none has no id, url or title to be published or linked under, and
none of the schema, identity or related rules can check it.
""",
    limits="""
A file without frontmatter is reported only if it matches a `require-frontmatter` glob
(there are none by default); otherwise it is skipped (`--verbose` lists it), so a page
that lost its whole block goes unnoticed unless the globs cover it.
""",
)
def frontmatter_missing(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    if doc.unclosed is not None:
        yield Hit(
            doc.unclosed.line,
            doc.unclosed.column,
            "the frontmatter block opened here is never closed: add a line '---' after it",
        )
    elif doc.frontmatter is None and doc.format is None and doc.extra.get("require_frontmatter"):
        yield Hit(1, 1, "this page must start with a YAML frontmatter block between '---' lines")


def _problems(doc: Document, kind: str) -> Iterator[Hit]:
    if doc.frontmatter is not None:
        for problem in doc.frontmatter.problems:
            if problem.kind == kind:
                yield Hit(problem.line, problem.column, problem.message)


@rule(
    code="FM002",
    name="yaml-syntax",
    summary="The frontmatter is not valid YAML, or is not a mapping of keys to values.",
    explanation="""
The frontmatter must parse as YAML and be a mapping (`key: value` lines). The position is the
parser's: the problem is at or just before it. Common causes: a colon followed by a space
inside an unquoted value (quote the value or use `>-`), a tab used for indentation, or an
indentation that does not line up with the sibling keys.

Frontmatter beyond what any page needs is reported here too and not checked further: aliases
that expand to more than 100,000 values (an "alias bomb" of a few lines can expand to
billions), an alias inside the mapping or list it names, nesting deeper than 100 levels, or
an integer of more than 1,000 digits. Merge keys (`<<: *base`) are merged as PyYAML does.
""",
    bad="""
title: Imaging: what it shows
""",
    good="""
title: >-
    Imaging: what it shows
""",
    why="""
Frontmatter that is not valid YAML, or not a mapping of keys to values, gives the site
no fields to read the page's id, url or title from (a YAML reader rejects it, or reads
something else). contentlint cannot read its fields either: the schema, identity and
related rules are silent for that page, and it has no index entry, so links to it are
reported as unresolved. An alias bomb or absurd nesting would make any reader that
expands it run out of memory or time.
""",
    limits="""
The YAML parser stops at the first error, so only that one is reported; the next appears
once it is fixed.
""",
)
def yaml_syntax(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    for kind in ("syntax", "not-a-mapping"):
        for hit in _problems(doc, kind):
            yield Hit(hit.line, hit.column, f"invalid YAML: {hit.message}")
    for hit in _problems(doc, "limit"):
        yield Hit(hit.line, hit.column, f"frontmatter not checked: {hit.message}")


@rule(
    code="FM003",
    name="duplicate-key",
    summary="A mapping in the frontmatter repeats a key; YAML silently keeps the last value.",
    explanation="""
PyYAML and most site generators keep only the last of two equal keys, so the first value is
lost without a word. Remove or rename one of them.
""",
    bad="""
title: Old title
title: New title
""",
    good="""
title: New title
""",
    why="""
PyYAML and most site generators keep only the last value, so an edit made to the first
`title:` never shows up and nobody is told; two editors can each believe their own value
is the live one.
""",
    limits="""
A key brought in by a merge key (`<<: *base`) and then set again in the mapping itself is
not reported: overriding merged keys is what merge keys are for.
""",
)
def duplicate_key(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    yield from _problems(doc, "duplicate-key")


@rule(
    code="FM004",
    name="unknown-schema",
    summary="`_schema` is missing or names no known schema.",
    explanation="""
The `_schema` key tells the CMS (and contentlint) which fields a page has: it names the
page's content type. The shipped types are `default` (Q&A pages), `acr_article` and
`acr_guide` (ACR articles and their guides); a site adds its own under `content-types` in
the configuration (`contentlint types` lists those in force). A page with another value
cannot be checked against a schema.
""",
    bad="""
_schema: defualt
""",
    good="""
_schema: default
""",
    why="""
`_schema` decides which fields the CMS offers for the page and which schema contentlint
checks it against. With a typo or no `_schema`, none of the page's fields is checked
(missing-field, invalid-field and unknown-field stay silent) and the page is not in the
index, so its errors reach the site unseen and links to it are reported as unresolved.
""",
    limits="""
It does not guess the value meant. A page whose `_schema` names a known but wrong schema
(a Q&A page marked `acr_guide`) is not reported here: it is checked against that schema,
and the findings are that schema's.
""",
)
def unknown_schema(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    fm = doc.frontmatter
    if fm is None or fm.data is None or doc.format is not None:
        return
    types = doc.extra.get("known_types", ())
    known = ", ".join(types)
    if "_schema" not in fm.data:
        yield Hit(*fm.where(()), f"the frontmatter has no '_schema' key: add one of {known}")
    else:
        node = fm.nodes[("_schema",)]
        message = f"unknown _schema {doc.schema!r}: expected one of {known}"
        if isinstance(doc.schema, str) and len(doc.schema) <= 100:
            meant = difflib.get_close_matches(doc.schema, types, n=1, cutoff=0.75)
            if meant:
                message += f" (did you mean '{meant[0]}'?)"
        yield Hit(node.line, node.column, message)
