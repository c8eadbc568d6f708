"""The frontmatter matches its format's JSON Schema: required, valid and known fields."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from contentlint.formats import Document
from contentlint.formats.frontmatter import Frontmatter
from contentlint.rules.registry import Hit, rule
from contentlint.validate import Violation


def schema_errors(doc: Document) -> list[Violation]:
    """The schema's violations for this document, computed once and shared by rules."""
    cached = doc.extra.get("schema_errors")
    if cached is None:
        fm, kind = doc.frontmatter, doc.type
        cached = []
        if kind is not None and fm is not None and fm.data is not None:
            cached = kind.schema.violations(fm.data)
        doc.extra["schema_errors"] = cached
    return cached


def _leaves(errors: list[Violation]) -> Iterator[Violation]:
    for error in errors:
        if error.branches:  # anyOf/oneOf: report the branches' own errors
            for branch in error.branches:
                yield from _leaves(list(branch))
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
Each `_schema` names a content type whose JSON Schema lists its required fields (the shipped
ones in `schemas/`, a site's own in its configuration: `contentlint types`). The finding
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
        if error.keyword != "required":
            continue
        path, name = error.path, error.detail.get("property")
        if not isinstance(name, str) or (path, name) in reported:
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
        if error.keyword in ("required", *UNKNOWN) or fm is None:
            continue
        yield Hit(*_value_position(fm, error.path), invalid_message(error))


def _value_position(fm: Frontmatter, path: tuple[Any, ...]) -> tuple[int, int]:
    node = fm.nodes.get(path)
    if node is None:
        return fm.where(path)
    return node.line, node.column


TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "empty (null)",
}


SIZES = {"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}
SIZES |= {"uniqueItems"}


def invalid_message(error: Violation) -> str:
    """What is wrong with the value, and what the schema expects, in words."""
    label, detail, value = _label(error.path), error.detail, error.instance
    hint = error.schema.get("x-hint")
    shown = repr(value) if not isinstance(value, dict | list) else _json_type(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    expected = _expected(error.keyword, detail, value)
    if error.keyword == "type":
        message = f"'{label}' must be {expected}, not {_described(value)}"
    elif error.keyword == "pattern" and hint:
        message = f"'{label}' is not of the expected form: {shown}"
    elif expected is not None and error.keyword in SIZES:  # "(it has 70)" says what it is
        message = f"'{label}' must be {expected}"
    elif expected is not None:
        message = f"'{label}' must be {expected}, not {shown}"
    elif error.keyword == "format":
        message = f"'{label}' is not a valid {detail.get('format')}: {shown}"
    else:
        message = f"'{label}' is invalid: {error.message}"
    return f"{message} (expected {hint})" if hint else message


def _expected(keyword: str, detail: dict[str, Any], value: Any) -> str | None:
    """The schema's demand, in words (None where the keyword's own message says it)."""
    limit = detail.get("limit")
    plural = "" if limit == 1 else "s"
    size = len(value) if isinstance(value, str | list | dict) else None
    has = f" (it has {size})" if size is not None else ""
    words: dict[str, Any] = {
        "type": lambda: " or ".join(TYPE_WORDS.get(t, t) for t in detail.get("types", [])),
        "const": lambda: repr(detail.get("expected_value")),
        "enum": lambda: f"one of {detail.get('options')!r}",
        "pattern": lambda: f"text matching the pattern {detail.get('pattern')!r}",
        "minLength": lambda: f"at least {limit} character{plural} long{has}",
        "maxLength": lambda: f"at most {limit} character{plural} long{has}",
        "minItems": lambda: f"a list of at least {limit} item{plural}{has}",
        "maxItems": lambda: f"a list of at most {limit} item{plural}{has}",
        "minProperties": lambda: f"a mapping of at least {limit} field{plural}{has}",
        "maxProperties": lambda: f"a mapping of at most {limit} field{plural}{has}",
        "minimum": lambda: f"at least {limit}",
        "maximum": lambda: f"at most {limit}",
        "exclusiveMinimum": lambda: f"greater than {limit}",
        "exclusiveMaximum": lambda: f"less than {limit}",
        "multipleOf": lambda: f"a multiple of {detail.get('multiple_of')}",
        "uniqueItems": lambda: "a list without repeated items",
        "falseSchema": lambda: "absent (the schema allows no value here)",
    }
    say = words.get(keyword)
    return say() if say is not None else None


def _described(value: Any) -> str:
    """A value as a writer would name it: text '12', the number 12, true, null, a list."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null (an empty value)"}[value]
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = repr(value)
        return "text " + (shown if len(shown) <= 60 else shown[:57] + "...")
    return "a mapping" if isinstance(value, dict) else "a list"


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
(`artcle_title`) whose value the site silently ignores; the message names the known field it
most resembles, when one is close (`did you mean 'article_title'?`).
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
The suggestion is the closest known field by spelling (most of the letters in order), not
by meaning: a field named for something the schema calls otherwise gets none. Keys that a
schema allows by pattern
(`related_article` and any number) are accepted here whatever the number; related-numbering
judges the numbers.
""",
)
def unknown_field(doc: Document, options: dict[str, Any]) -> Iterator[Hit]:
    fm = doc.frontmatter
    for error in _leaves(schema_errors(doc)):
        if error.keyword not in UNKNOWN or fm is None or not isinstance(error.instance, dict):
            continue
        path = error.path
        for key in error.detail.get("unexpected", ()):
            node = fm.nodes.get((*path, key))
            line, column = (node.key_line, node.key_column) if node else fm.where(path)
            where = f" in '{_label(path)}'" if path else ""
            message = f"unknown field '{key}'{where}: the schema does not define it"
            meant = _nearest(key, error)
            yield Hit(line, column, f"{message} (did you mean '{meant}'?)" if meant else message)


def _nearest(key: str, error: Violation) -> str | None:
    """The known field ``key`` most likely misspells: among those the mapping lacks first
    (the one meant is usually missing), then among all."""
    known = [name for name in error.schema.get("properties", {}) if isinstance(name, str)]
    if not known or not isinstance(key, str) or len(key) > 100:  # a long key misspells nothing
        return None
    present = set(error.instance)
    for pool in ([name for name in known if name not in present], known):
        found = difflib.get_close_matches(key, pool, n=1, cutoff=0.75)
        if found:
            return found[0]
    return None
