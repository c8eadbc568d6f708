"""Frontmatter rules: the block exists, parses, has no repeated keys and matches its schema."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from contentlint.formats import Document, by_name, by_schema_key
from contentlint.formats.frontmatter import Frontmatter
from contentlint.rules.registry import Hit, rule
from contentlint.schemas import errors, load_schema, schema_dir

if TYPE_CHECKING:
    from jsonschema import ValidationError


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
The `_schema` key tells the CMS (and contentlint) which fields a page has. Known values:
`default` (Q&A pages), `acr_article` and `acr_guide` (ACR articles and their guides). A page
with another value cannot be checked against a schema.
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
    known = ", ".join(sorted(by_schema_key()))
    if "_schema" not in fm.data:
        yield Hit(*fm.where(()), f"the frontmatter has no '_schema' key: add one of {known}")
    else:
        node = fm.nodes[("_schema",)]
        yield Hit(
            node.line, node.column, f"unknown _schema {doc.schema!r}: expected one of {known}"
        )


def schema_errors(doc: Document) -> list[ValidationError]:
    """The schema's validation errors for this document, computed once and shared by rules."""
    cached = doc.extra.get("schema_errors")
    if cached is None:
        fmt = by_name().get(doc.format or "")
        fm = doc.frontmatter
        cached = []
        if fmt is not None and fmt.schema_file and fm is not None and fm.data is not None:
            cached = errors(fmt.schema_file, fm.data)
        doc.extra["schema_errors"] = cached
    return cached


def _leaves(errors: list[ValidationError]) -> Iterator[ValidationError]:
    for error in errors:
        if error.context:  # anyOf/oneOf: report the branches' own errors
            yield from _leaves(list(error.context))
        else:
            yield error


def _label(path: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in path) or "frontmatter"


UNKNOWN = ("additionalProperties", "unevaluatedProperties")


@rule(
    code="FM005",
    name="missing-field",
    summary="A field that the page's schema requires is missing.",
    explanation="""
Each `_schema` has a JSON Schema in `schemas/` that lists its required fields. The finding
points at the mapping that lacks the field.
""",
    bad="""
_schema: default
id: 12
(no title, no url, ...)
""",
    good="""
_schema: default
id: 12
title: >-
    What is anemia?
...
""",
    why="""
The site builds the page, its listings and the links to it from these fields: without
`url` the page has no address, without `id` no related article can point at it, without
`title` it has no heading. The identity and related rules
also skip a field that is not there, so the gap is reported only here.
""",
    limits="""
Only what the schema marks as required is checked; a field that is present but empty is
for invalid-field, where the schema sets a form for it. Where a schema offers
alternatives (`anyOf`/`oneOf`, in the ACR article schema), the fields missing from each
alternative are reported, which can name fields of one the page did not mean.
""",
)
def missing_field(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    fm = doc.frontmatter
    if fm is None:
        return
    reported: set[tuple[tuple[Any, ...], str]] = set()
    for error in _leaves(schema_errors(doc)):
        if error.validator != "required":
            continue
        path = tuple(error.absolute_path)
        present = error.instance if isinstance(error.instance, dict) else {}
        for name in error.validator_value:  # jsonschema raises one error per missing name
            if name in present or (path, name) in reported:
                continue
            reported.add((path, name))
            where = f" in '{_label(path)}'" if path else ""
            yield Hit(*fm.where(path), f"missing required field '{name}'{where}")


@rule(
    code="FM006",
    name="invalid-field",
    summary="A field's value has the wrong type, format or form for the page's schema.",
    explanation="""
The schema says what each field holds: `id` is a whole number, `date` a real date
(YYYY-MM-DD), `url` a site path, `file_name` a lower-case slug ending in `.md`, and so on.
The finding points at the value and quotes the schema's hint.
""",
    bad="""
id: "166294"
date: 2025-02-30
""",
    good="""
id: 166294
date: 2025-01-30
""",
    why="""
The site and the other rules rely on these forms. An `id` in quotes is a string, so no
`related_articleN.id` number matches it and duplicate-id skips it; an impossible date such
as `2025-02-30` cannot be shown or sorted as a date; a `url` not of the shape
`/learn/<subject>/questions/<page>` (a capital letter, a space, no `questions` segment)
puts the page outside the site's address scheme.
""",
    limits="""
It checks forms, not facts: a real date that is not the page's, or a well-formed url with
a typo in its slug, passes (url-file-name-mismatch compares the slugs).
""",
)
def invalid_field(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    fm = doc.frontmatter
    for error in _leaves(schema_errors(doc)):
        if error.validator in ("required", *UNKNOWN) or fm is None:
            continue
        path = tuple(error.absolute_path)
        yield Hit(*_value_position(fm, path), _invalid_message(error, path))


def _value_position(fm: Frontmatter, path: tuple[Any, ...]) -> tuple[int, int]:
    node = fm.nodes.get(path)
    if node is None:
        return fm.where(path)
    return node.line, node.column


def _invalid_message(error: ValidationError, path: tuple[Any, ...]) -> str:
    label = _label(path)
    hint = error.schema.get("x-hint") if isinstance(error.schema, dict) else None
    value = error.instance
    shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if error.validator == "type":
        expected = error.validator_value
        message = f"'{label}' must be of type {expected}, not {_json_type(value)} {shown}"
    elif error.validator == "format":
        message = f"'{label}' is not a valid {error.validator_value}: {shown}"
    elif error.validator == "const":
        message = f"'{label}' must be {error.validator_value!r}, not {shown}"
    elif error.validator == "enum":
        message = f"'{label}' must be one of {error.validator_value!r}, not {shown}"
    else:
        message = f"'{label}' is invalid: {error.message}"
    return f"{message} (expected {hint})" if hint else message


def _json_type(value: Any) -> str:
    names = {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null"}
    return names.get(type(value), "object" if isinstance(value, dict) else "array")


@rule(
    code="FM007",
    name="unknown-field",
    severity="warning",
    summary="A field that the page's schema does not define (often a typo of a known field).",
    explanation="""
The schema lists every field a page may have. An unknown field is usually a misspelling
(`artcle_title`) whose value the site silently ignores.
""",
    bad="""
artcle_title: >-
    What is anemia?
""",
    good="""
article_title: >-
    What is anemia?
""",
    why="""
The site ignores fields it does not know, so a misspelt `artcle_title` means the field
meant is missing or keeps an old value, and nothing fails to tell anyone. It is a warning
because the extra field does not break the page by itself (a required field it should
have been is also reported as missing).
""",
    limits="""
It does not say which known field was meant. Keys that a schema allows by pattern
(`related_article` and any number) are accepted here whatever the number; related-numbering
judges the numbers.
""",
)
def unknown_field(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    fm = doc.frontmatter
    for error in _leaves(schema_errors(doc)):
        if error.validator not in UNKNOWN or fm is None or not isinstance(error.instance, dict):
            continue
        path = tuple(error.absolute_path)
        for key in _extra_keys(error):
            node = fm.nodes.get((*path, key))
            line, column = (node.key_line, node.key_column) if node else fm.where(path)
            where = f" in '{_label(path)}'" if path else ""
            yield Hit(line, column, f"unknown field '{key}'{where}: the schema does not define it")


def _extra_keys(error: ValidationError) -> list[str]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return [
        key
        for key in error.instance
        if key not in known and not any(p.search(key) for p in patterns)
    ]


@functools.cache
def _schema_patterns() -> tuple[re.Pattern[str], ...]:
    """Every ``pattern`` and ``patternProperties`` regex of the bundled schemas: they run on
    page values and keys (in the schema checks and in :func:`_extra_keys`)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found.append(value)
                elif key == "patternProperties" and isinstance(value, dict):
                    found.extend(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted(schema_dir().glob("*.json")):
        walk(load_schema(path.name))
    return tuple(re.compile(pattern) for pattern in dict.fromkeys(found))


#: The patterns this module applies to page text, with inputs that would make a backtracking
#: version slow (see ``contentlint.formats.acr.patterns.CONTENT_PATTERNS``).
CONTENT_PATTERNS = (
    (
        "schema-pattern",
        lambda text: [pattern.search(text) for pattern in _schema_patterns()],
        (
            ("", "a-", "!"),
            ("/", "a-", "!"),
            ("/", "a/", "!"),
            ("/learn/", "a-", "/questions/!"),
            ("", "a", ".m"),
            ("related_article", "1", "x"),
            ("", " ", ""),
        ),
    ),
)
