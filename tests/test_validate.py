"""``contentlint.validate`` (jsonschema-rs) must judge as jsonschema, the reference
implementation, does: the same pages valid, the same errors at the same places.

Differential tests: near-valid pages mutated at random for every schema in ``schemas/``,
and random schemas using every kind of keyword (``maxLength``, ``minItems``, ``allOf``,
``if``/``then``, ``exclusiveMinimum``...) against random JSON values. Then what the
mapping to findings relies on: the violation's path, keyword and schema object, and the
values YAML holds that JSON has no word for."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from contentlint.content_types import builtin_schema
from contentlint.validate import Schema, SchemaError, jsonable, problem

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
RELATED = {"id": 5002, "title": "What is it?", "subject": "Medicine", "url": "/learn/m/questions/w"}
EXAMPLES: dict[str, dict[str, Any]] = {
    "qa.schema.json": {
        "_schema": "default",
        "id": 5008,
        "date": "2025-02-12",
        "title": "How are carrier screening programs organized?",
        "article_title": "How are carrier screening programs organized?",
        "date_format": "MMM DD, YYYY",
        "post_on_text": "Posted on",
        "seo": {"title": "QuickTakes", "page_description": "Carrier…", "page_keywords": "a, b"},
        "author": "QuickTakes",
        "question": "How are carrier screening programs organized?",
        "answer": "Carrier screening programs look for healthy carriers.\n\nMost test early.",
        "subject": "Health Studies",
        "file_name": "how-are-carrier-screening-programs-organized.md",
        "url": "/learn/health-studies/questions/how-are-carrier-screening-programs-organized",
        "score": -1.0,
        "related_article1": dict(RELATED),
        "related_article2": dict(RELATED, id=5003, url="/learn/m/glossary/x-y"),
    },
    "acr-guide.schema.json": {
        "_schema": "acr_guide",
        "id": 3,
        "title": "Staging and Follow-Up of Leukemia",
        "url": "/acr/guides/staging-of-leukemia",
        "kind": "topic",
        "file_name": "staging-of-leukemia.md",
        "date": "2024-02-29",
        "aliases": ["Leukemia staging", "Leukemia"],
    },
    "acr-article-frontmatter.schema.json": {
        "_schema": "acr_article",
        "id": 12,
        "title": "Which imaging for initial staging?",
        "url": "/acr/leukemia/initial-staging-childhood-all",
        "file_name": "initial-staging-childhood-all.md",
        "date": "2025-03-01",
        "topic": "Staging and Follow-Up of Leukemia",
        "variant": 2,
        "population": "pediatric",
        "related": [3, 4],
    },
}


def _parsed_article() -> dict[str, Any]:
    """A real article's parsed structure, as `contentlint parse` prints it."""
    from contentlint.formats.acr.model import to_json
    from contentlint.formats.acr.parse import parse_article

    text = (SCHEMAS.parent / "fixtures/acr/clean/suspected-appendicitis-child.txt").read_text()
    return to_json(parse_article(text))


EXAMPLES["acr-article.schema.json"] = _parsed_article()
# values a page may hold (what the frontmatter loader makes: no NaN, no dates, no tuples)
INTERESTING: list[Any] = [
    *(None, True, False, 0, 1, -1, 5, 5.0, 5.5, 0.0, -0.0, 1e300),
    *("", " ", "\t\n", "\u00a0", "\u3000", "\u200b", "x", "X", "é", "😀", "default"),
    *("acr_guide", "acr_article", "topic", "protocol", "adult", "pediatric", "Adult"),
    # not "0000-01-01": RFC 3339 (JSON Schema's "date") has a year 0000, Python's date none,
    # so jsonschema refuses it and jsonschema-rs does not (see the test at the end)
    *("2025-02-12", "2025-02-30", "2024-02-29", "2023-02-29", "0001-01-01", "9999-12-31"),
    *("2025-1-01", "20250212", "2025-02-12\n", " 2025-02-12", "２０２５-02-12", "2025-W07-3"),
    *("/learn/a/questions/b", "/learn/a/questions/b\n", "/learn/A/questions/b", "/acr/x-y/z"),
    *("/learn/a--b/questions/c", "/learn/a/questions/", "/acr", "/acr/", "a-b.md", "a-b.md\n"),
    *("A.md", "a_b.md", ".md", "٣", "x" * 70),
    *([], [1], [1, 1], [1, 1.0], [1, True], [True, 1], [0, False], [1, "1"], [2, 3]),
    *(["a", "a"], ["a"], [[1], [True]], {}, {"id": 1}, dict(RELATED)),
]
POOL = [  # every random schema meets all of these
    *INTERESTING,
    *("a", "b", "ab", "ba", "1", "12", "a\n", " a", [[1, 2], [1, 2.0]], [{}, {}]),
    *({"a": 1}, {"b": "x"}, {"ab": None, "1": [1]}, {"": 1}, {"a": "2025-02-28", "ba": 0}),
]
KEYS = sorted(
    {k for s in EXAMPLES.values() for k in s}
    | {"seo", "related_article0", "related_article12", "related_article", "related_articleX"}
    | {"xrelated_article1", "related_article1\n", "related_article١", "unknown", "", "Title"}
)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.sampled_from([1.0, 0.5, -0.0, 2.0])
    | st.sampled_from(["", "a", "b", "ab", " ", "1", "2025-02-28", "2025-02-30"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "b", "ab", "1", "ba"]), inner, max_size=3)
    ),
    max_leaves=8,
)
VALUES = st.one_of(st.sampled_from(INTERESTING), JSON, st.text(max_size=5))


def ecma(schema: Any) -> Any:
    """``schema`` with its patterns rewritten so that Python's ``re`` reads them as ECMA-262
    does, as JSON Schema specifies: ``$`` is the end of the text (in Python it also matches
    before a final newline, which would accept ``"a.md\n"`` for ``^[a-z]+\\.md$``), and
    ``\\d`` is 0-9 (in Python any script's digits)."""
    if isinstance(schema, list):
        return [ecma(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "pattern" and isinstance(value, str):
            out[key] = _to_python(value)
        elif key == "patternProperties" and isinstance(value, dict):
            out[key] = {_to_python(k): ecma(v) for k, v in value.items()}
        elif key in ("const", "enum", "examples", "default"):
            out[key] = value
        else:
            out[key] = ecma(value)
    return out


def _to_python(pattern: str) -> str:
    r"""ECMA's ``$`` (the end) and ``\d`` (ASCII digits only) in Python's terms."""
    pattern = re.sub(r"(?<!\\)\$", r"\\Z", pattern)
    return re.sub(r"(?<!\\)\\d", "[0-9]", pattern)


def reference(schema: Any) -> Draft202012Validator:
    return Draft202012Validator(ecma(schema), format_checker=FormatChecker())


def compiled(schema: Any) -> Schema:
    return Schema(schema, "file:///schemas/random.json", "random.json", ())


def places(errors: Any) -> set[tuple[tuple[Any, ...], str]]:
    """(instance path, keyword) of each error, one per missing or unexpected field."""
    found = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "required":
            for name in error.validator_value:
                if not isinstance(error.instance, dict) or name not in error.instance:
                    found.add(((*path, name), "required"))
        elif error.validator in ("additionalProperties", "unevaluatedProperties"):
            found.add((path, error.validator))
        else:
            found.add((path, error.validator))
    return found


def our_places(violations: Any) -> set[tuple[tuple[Any, ...], str]]:
    found = set()
    for v in violations:
        if v.keyword == "required":
            found.add(((*v.path, v.detail["property"]), "required"))
        else:
            found.add((v.path, v.keyword))
    return found


def containers(value: Any) -> list[Any]:
    """``value`` and every dict and list inside it."""
    if not isinstance(value, dict | list):
        return []
    found = [value]
    for child in value.values() if isinstance(value, dict) else value:
        found += containers(child)
    return found


def nearby(value: Any) -> list[Any]:
    """Values a writer might put instead of ``value``: the same thing, slightly off."""
    if isinstance(value, bool):
        return [not value, int(value), str(value).lower()]
    if isinstance(value, float) and not value.is_integer():
        return [round(value), 1.0, True]
    if isinstance(value, int | float):
        return [float(value), int(value), value + 0.5, -value, 0, True, str(value), [value]]
    if isinstance(value, str):
        edits = [value + "\n", " " + value, value.upper(), value[:-1], value + "-", value + " "]
        return [*edits, value.replace("-", "_"), value.replace("-", "--"), value[:8] + "30", 1]
    return [None, {}, []]


@st.composite
def near_valid(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with a few random edits anywhere in it: drop, add, tweak or retype a key or
    an item."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(0, 4))):
        target = draw(st.sampled_from(containers(doc)))
        if isinstance(target, dict):
            op = draw(
                st.sampled_from(["drop", "tweak", "tweak", "set", "add"] if target else ["add"])
            )
            key = draw(st.sampled_from(sorted(target) if op != "add" else KEYS))
        else:
            op = draw(st.sampled_from(["tweak", "set", "add"] if target else ["add"]))
            key = draw(st.integers(0, len(target) - 1)) if target else 0
        if op == "drop":
            del target[key]
            continue
        pool = st.sampled_from(nearby(target[key])) if op == "tweak" else VALUES
        value = copy.deepcopy(draw(pool))
        if op == "add" and isinstance(target, list):
            target.append(value)
        else:
            target[key] = value
    return doc


@pytest.mark.parametrize("name", sorted(p.name for p in SCHEMAS.glob("*.json")))
def test_shipped_schemas_agree_with_jsonschema(name: str) -> None:
    document = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    reference_validator = reference(document)
    ours = builtin_schema(name)
    assert ours.violations(EXAMPLES[name]) == [] and reference_validator.is_valid(EXAMPLES[name])

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(near_valid(EXAMPLES[name]))
    def agree(doc: dict[str, Any]) -> None:
        violations = ours.violations(doc)
        assert (violations == []) == reference_validator.is_valid(doc), doc
        assert our_places(violations) == places(reference_validator.iter_errors(doc)), doc

    agree()


def random_schemas() -> st.SearchStrategy[Any]:
    types = st.sampled_from(["string", "integer", "number", "boolean", "null", "object", "array"])
    small = st.integers(0, 3)
    number = st.integers(-1, 2) | st.sampled_from([0.5, -0.0, 1.0])
    keywords = {
        "type": types | st.lists(types, min_size=1, max_size=3, unique=True),
        "minLength": small,
        "maxLength": small,
        "pattern": st.sampled_from(["\\S", "^a", "b$", "^[0-9]+$", "a|b", "^$", "", "^\\d$"]),
        "minimum": number,
        "maximum": number,
        "exclusiveMinimum": number,
        "exclusiveMaximum": number,
        "multipleOf": st.sampled_from([1, 2, 0.5]),
        "const": JSON,
        "enum": st.lists(JSON, min_size=1, max_size=4),
        "format": st.sampled_from(["date"]),
        "uniqueItems": st.booleans(),
        "minItems": small,
        "maxItems": small,
        "minProperties": small,
        "maxProperties": small,
        "description": st.just("ignored"),
        "x-hint": st.just("ignored too"),
    }
    names = st.lists(st.sampled_from(sorted(keywords)), max_size=3, unique=True)
    leaf = names.flatmap(lambda ks: st.fixed_dictionaries({k: keywords[k] for k in ks}))

    def extend(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        keys = st.sampled_from(["a", "b", "ab", "1"])
        optional = {
            "type": st.sampled_from(["object", "array"]),
            "properties": st.dictionaries(keys, inner, max_size=3),
            "patternProperties": st.dictionaries(
                st.sampled_from(["^a", "b", "", "^[0-9]+$"]), inner, max_size=2
            ),
            "additionalProperties": inner,
            "required": st.lists(keys, unique=True, max_size=3),
            "dependentRequired": st.dictionaries(keys, st.lists(keys, unique=True), max_size=2),
            "items": inner,
            "prefixItems": st.lists(inner, min_size=1, max_size=2),
            "contains": inner,
            "propertyNames": inner,
            "oneOf": st.lists(inner, min_size=1, max_size=3),
            "anyOf": st.lists(inner, min_size=1, max_size=3),
            "allOf": st.lists(inner, min_size=1, max_size=3),
            "not": inner,
            "if": inner,
            "then": inner,
            "else": inner,
            "unevaluatedProperties": inner,
            "$ref": st.just("#/$defs/d"),
        }
        return st.fixed_dictionaries({}, optional=optional)

    body = st.recursive(st.booleans() | leaf, extend, max_leaves=6)
    definition = st.recursive(
        st.booleans() | leaf, lambda s: s.map(lambda x: {"items": x}), max_leaves=2
    )
    return st.tuples(leaf | body, definition).map(
        lambda t: dict(t[0], **{"$defs": {"d": t[1]}}) if isinstance(t[0], dict) else t[0]
    )


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(random_schemas(), st.lists(VALUES, min_size=1, max_size=6))
def test_random_schemas_agree_with_jsonschema(schema: Any, instances: list[Any]) -> None:
    ours = compiled(schema)
    try:
        ours.compile()
    except SchemaError:  # a pattern the linear engine refuses: none of those drawn here
        pytest.fail(f"refused {schema!r}")
    slow = reference(schema)
    for instance in [*instances, *POOL]:
        assert (ours.violations(instance) == []) == slow.is_valid(instance), (schema, instance)


def test_a_violation_names_its_place_keyword_and_schema_object() -> None:
    schema = compiled(
        {
            "type": "object",
            "properties": {"seo": {"$ref": "#/$defs/seo"}},
            "$defs": {
                "seo": {
                    "type": "object",
                    "properties": {"title": {"type": "string", "maxLength": 3, "x-hint": "short"}},
                    "additionalProperties": False,
                }
            },
        }
    )
    found = {v.keyword: v for v in schema.violations({"seo": {"title": "long", "x": 1}})}
    assert set(found) == {"maxLength", "additionalProperties"}
    assert found["maxLength"].path == ("seo", "title")
    assert found["maxLength"].detail == {"limit": 3}
    assert found["maxLength"].schema["x-hint"] == "short"  # the object holding the keyword
    assert found["additionalProperties"].detail == {"unexpected": ["x"]}
    assert set(found["additionalProperties"].schema["properties"]) == {"title"}


def test_alternatives_keep_each_branchs_own_violations() -> None:
    schema = compiled({"anyOf": [{"required": ["a"]}, {"properties": {"b": {"type": "string"}}}]})
    (violation,) = schema.violations({"b": 1})
    assert violation.keyword == "anyOf"
    keywords = [[v.keyword for v in branch] for branch in violation.branches]
    assert keywords == [["required"], ["type"]]


def test_values_json_cannot_hold_are_judged_not_refused() -> None:
    schema = compiled(
        {
            "type": "object",
            "properties": {"a": {"type": "string"}, "s": {"type": "object"}},
            "additionalProperties": False,
        }
    )
    found = schema.violations({"a": b"\x00", "s": {1, 2}, 3: "x"})
    assert {(v.path, v.keyword) for v in found} == {(("a",), "type"), ((), "additionalProperties")}
    assert jsonable({1: {2, 3}, "b": b"ab"}) == {"1": {"2": None, "3": None}, "b": [97, 98]}


def test_problem_reports_the_pointer_of_the_mistake() -> None:
    with pytest.raises(SchemaError) as caught:
        problem({"properties": {"a": {"minLength": -1}}}, "x.json")
    assert caught.value.pointer == "/properties/a/minLength"
    problem({"properties": {"a": {"minLength": 1}}}, "x.json")  # a valid one passes


def test_the_one_known_difference_from_jsonschema_is_rfc_3339s_year_0000() -> None:
    """JSON Schema's "date" is RFC 3339's full-date, whose year is any four digits;
    jsonschema checks it with Python's date, which starts at year 1."""
    schema = compiled({"format": "date"})
    assert schema.violations("0000-01-01") == []
    assert not reference({"format": "date"}).is_valid("0000-01-01")
    assert [v.keyword for v in schema.violations("2025-02-30")] == ["format"]
