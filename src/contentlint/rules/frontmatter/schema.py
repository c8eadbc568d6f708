"""The frontmatter matches its format's JSON Schema: required, valid and known fields."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from contentlint.formats import Document, by_name
from contentlint.formats.frontmatter import Frontmatter
from contentlint.rules.registry import Hit, rule
from contentlint.schemas import errors, load_schema, schema_dir

if TYPE_CHECKING:
    from jsonschema import ValidationError


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
        if error.validator not in UNKNOWN or fm is None or not isinstance(error.instance, dict):
            continue
        path = tuple(error.absolute_path)
        for key in _extra_keys(error):
            node = fm.nodes.get((*path, key))
            line, column = (node.key_line, node.key_column) if node else fm.where(path)
            where = f" in '{_label(path)}'" if path else ""
            message = f"unknown field '{key}'{where}: the schema does not define it"
            meant = _nearest(key, error)
            yield Hit(line, column, f"{message} (did you mean '{meant}'?)" if meant else message)


def _nearest(key: str, error: ValidationError) -> str | None:
    """The known field ``key`` most likely misspells: among those the mapping lacks first
    (the one meant is usually missing), then among all."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = [name for name in schema.get("properties", {}) if isinstance(name, str)]
    if not known or not isinstance(key, str) or len(key) > 100:  # a long key misspells nothing
        return None
    present = set(error.instance)
    for pool in ([name for name in known if name not in present], known):
        found = difflib.get_close_matches(key, pool, n=1, cutoff=0.75)
        if found:
            return found[0]
    return None


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
