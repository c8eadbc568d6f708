"""``contentlint.fastschema`` must answer exactly what jsonschema's ``is_valid`` answers.

Differential tests: near-valid pages mutated at random for every schema in ``schemas/``, random
schemas of the supported subset against random JSON values, and hand-written edge cases for
each keyword (each also checked against jsonschema, so the expectations cannot drift)."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import json
import re
import sys
from collections import OrderedDict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

from contentlint.fastschema import Unsupported, compile_schema

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
MUST_COMPILE = {
    "qa.schema.json",
    "acr-guide.schema.json",
    "acr-article-frontmatter.schema.json",
    "acr-article.schema.json",
}
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
        "related_article2": dict(RELATED, id=5003, url="/learn/m/questions/x-y"),
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
NAN = float("nan")
INTERESTING: list[Any] = [
    *(None, True, False, 0, 1, -1, 5, 5.0, 5.5, 0.0, -0.0, 1e300, float("inf"), NAN),
    *("", " ", "\t\n", "\u00a0", "\u3000", "\u200b", "x", "X", "é", "😀", "default"),
    *("acr_guide", "acr_article", "topic", "protocol", "adult", "pediatric", "Adult"),
    *("2025-02-12", "2025-02-30", "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31"),
    *("2025-1-01", "20250212", "2025-02-12\n", " 2025-02-12", "２０２５-02-12", "2025-W07-3"),
    *("/learn/a/questions/b", "/learn/a/questions/b\n", "/learn/A/questions/b", "/acr/x-y/z"),
    *("/learn/a--b/questions/c", "/learn/a/questions/", "/acr", "/acr/", "a-b.md", "a-b.md\n"),
    *("A.md", "a_b.md", ".md", dt.date(2025, 2, 12), Decimal("2"), (1, 2)),
    *([], [1], [1, 1], [1, 1.0], [1, True], [True, 1], [0, False], [1, "1"], [2, 3]),
    *(["a", "a"], ["a"], [[1], [True]], [NAN, NAN], {}, {"id": 1}, dict(RELATED)),
]
POOL = [  # every random schema meets all of these
    *INTERESTING,
    *("a", "b", "ab", "ba", "1", "12", "a\n", " a", [[1, 2], [1, 2.0]], [{}, {}]),
    *({"a": 1}, {"b": "x"}, {"ab": None, "1": [1]}, {"": 1}, {"a": "2025-02-28", "ba": 0}),
]


def _parsed_article() -> dict[str, Any]:
    """A real article's parsed structure, as `contentlint parse` prints it."""
    from contentlint.formats.acr.model import to_json
    from contentlint.formats.acr.parse import parse_article

    text = (SCHEMAS.parent / "fixtures/acr/clean/suspected-appendicitis-child.txt").read_text()
    return to_json(parse_article(text))


EXAMPLES["acr-article.schema.json"] = _parsed_article()
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


def validator(schema: Any) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=FormatChecker())


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
    if isinstance(value, float) and not value.is_integer():  # 5.5, inf, nan
        return [round(value) if value == value and abs(value) < 1e300 else 0, 1.0, True]
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
        value = copy.deepcopy(draw(pool))  # INTERESTING's lists must not be edited
        if op == "add" and isinstance(target, list):
            target.append(value)
        else:
            target[key] = value
    return doc


@pytest.mark.parametrize("name", sorted(p.name for p in SCHEMAS.glob("*.json")))
def test_schema_files_agree_with_jsonschema(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    try:
        fast = compile_schema(schema)
    except Unsupported:
        assert name not in MUST_COMPILE
        pytest.skip(f"{name} uses keywords outside the subset")
    slow = validator(schema)
    assert fast(EXAMPLES[name]) and slow.is_valid(EXAMPLES[name])

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(near_valid(EXAMPLES[name]))
    def agree(doc: dict[str, Any]) -> None:
        assert fast(doc) == slow.is_valid(doc), doc

    agree()


def subset_schemas() -> st.SearchStrategy[Any]:
    types = st.sampled_from(["string", "integer", "number", "boolean", "null", "object", "array"])
    keywords = {
        "type": types | st.lists(types, min_size=1, max_size=3, unique=True),
        "minLength": st.integers(0, 3),
        "pattern": st.sampled_from(["\\S", "^a", "b$", "^[0-9]+$", "a|b", "^$", ""]),
        "minimum": st.integers(-1, 2) | st.sampled_from([0.5, -0.0, 1.0]),
        "maximum": st.integers(-1, 2) | st.sampled_from([0.5, -0.0, 1.0]),
        "const": JSON,
        "enum": st.lists(JSON, min_size=1, max_size=4),
        "format": st.sampled_from(["date", "email", "made-up"]),
        "uniqueItems": st.booleans(),
        "description": st.just("ignored"),
    }
    names = st.lists(st.sampled_from(sorted(keywords)), max_size=3, unique=True)
    leaf = names.flatmap(lambda ks: st.fixed_dictionaries({k: keywords[k] for k in ks}))

    def extend(inner: st.SearchStrategy[Any], refs: bool) -> st.SearchStrategy[Any]:
        keys = st.sampled_from(["a", "b", "ab", "1"])
        optional = {
            "type": st.sampled_from(["object", "array"]),
            "properties": st.dictionaries(keys, inner, max_size=3),
            "patternProperties": st.dictionaries(
                st.sampled_from(["^a", "b", "", "^[0-9]+$"]), inner, max_size=2
            ),
            "additionalProperties": inner,
            "required": st.lists(keys, unique=True, max_size=3),
            "items": inner,
            "uniqueItems": st.booleans(),
            "oneOf": st.lists(inner, min_size=1, max_size=3),
            "anyOf": st.lists(inner, min_size=1, max_size=3),
        }
        if refs:  # only outside $defs/d: a $ref loop makes jsonschema recurse until it fails
            optional["$ref"] = st.just("#/$defs/d")
        return st.fixed_dictionaries({}, optional=optional)

    def body(refs: bool) -> st.SearchStrategy[Any]:
        bigger = st.recursive(st.booleans() | leaf, lambda s: extend(s, refs), max_leaves=6)
        return leaf | bigger

    return st.tuples(body(True), body(False)).map(
        lambda t: dict(t[0], **{"$defs": {"d": t[1]}}) if isinstance(t[0], dict) else t[0]
    )


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(subset_schemas(), st.lists(VALUES, min_size=1, max_size=6))
def test_random_subset_schemas_agree_with_jsonschema(schema: Any, instances: list[Any]) -> None:
    try:
        fast = compile_schema(schema)
    except Unsupported:  # only a schema that is invalid (e.g. a regex that does not compile)
        with pytest.raises(SchemaError):
            Draft202012Validator.check_schema(schema)
        return
    slow = validator(schema)
    for instance in [*instances, *POOL]:
        assert fast(instance) == slow.is_valid(instance), instance


class Color(enum.IntEnum):
    RED = 1


class Text(str):
    pass


DEFS = {"pos": {"type": "integer", "minimum": 1}, "a/b": {"type": "null"}, "c~d": False, "~1": {}}
TREE = {"type": "object", "properties": {"kids": {"items": {"$ref": "#/$defs/tree"}}}}
EDGE_CASES: list[tuple[Any, Any, bool]] = [
    *[({"type": "integer"}, x, ok) for x, ok in [(1.0, True), (True, False), (1.5, False)]],
    *[({"type": "integer"}, x, ok) for x, ok in [(float("inf"), False), (NAN, False)]],
    *[({"type": "integer"}, x, ok) for x, ok in [(Color.RED, True), (Decimal(1), False)]],
    *[({"type": "number"}, x, ok) for x, ok in [(True, False), (1, True), (Decimal(1), True)]],
    *[({"type": ["integer", "string"]}, x, ok) for x, ok in [("x", True), (None, False)]],
    ({"type": ["integer", "null"]}, None, True),
    ({"type": ["integer", "null"]}, 2.0, True),
    ({"type": "object"}, [], False),
    ({"type": "object"}, OrderedDict(a=1), True),
    ({"type": "array"}, (1,), False),
    ({"type": "string"}, dt.date(2025, 1, 1), False),
    ({"type": "string"}, Text("x"), True),
    ({"type": "boolean"}, 0, False),
    ({"type": "null"}, False, False),
    ({"required": ["a"]}, {}, False),
    ({"required": ["a"]}, ["a"], True),
    ({"required": ["a"]}, {"a": None}, True),
    ({"properties": {"a": {"type": "string"}}}, {"a": 1}, False),
    ({"properties": {"a": {"type": "string"}}}, {"b": 1}, True),
    ({"properties": {"a": False}}, {"a": 1}, False),
    ({"patternProperties": {"^x[0-9]+$": {"type": "integer"}}}, {"x1": "s"}, False),
    ({"patternProperties": {"^x[0-9]+$": {"type": "integer"}}}, {"ax1": "s"}, True),
    ({"patternProperties": {"^x[0-9]+$": {"type": "integer"}}}, {"x1\n": "s"}, False),
    ({"patternProperties": {"[0-9]": False}}, {"a1": 0}, False),
    ({"properties": {"a1": {}}, "patternProperties": {"1": False}}, {"a1": 0}, False),
    ({"properties": {"a": {}}, "additionalProperties": False}, {"a": 1, "b": 2}, False),
    ({"additionalProperties": {"type": "integer"}}, {"a": "x"}, False),
    ({"additionalProperties": {"type": "integer"}}, {"a": 1}, True),
    ({"patternProperties": {"^a": {}, "b$": {}}, "additionalProperties": False}, {"xb": 1}, True),
    ({"patternProperties": {"^a": {}}, "additionalProperties": False}, {"ba": 1}, False),
    ({"patternProperties": {"": {}}, "additionalProperties": False}, {"a": 1}, False),
    *[({"const": 1}, x, ok) for x, ok in [(1.0, True), (True, False), ("1", False)]],
    *[({"const": True}, x, ok) for x, ok in [(1, False), (True, True), (1.0, False)]],
    ({"const": [1, {"a": 1.0}]}, [1.0, {"a": 1}], True),
    ({"const": [True]}, [1], False),
    ({"const": None}, None, True),
    ({"const": None}, False, False),
    ({"const": 0}, False, False),
    ({"const": {"a": 1}}, {"a": 1, "b": 2}, False),
    ({"const": "a"}, Text("a"), True),
    *[({"enum": ["a", 1, None]}, x, ok) for x, ok in [(1.0, True), ("b", False), (True, False)]],
    ({"enum": ["a", 1, None]}, None, True),
    ({"enum": [False]}, 0, False),
    ({"enum": [[1, 2]]}, [1, 2.0], True),
    ({"enum": [1]}, Decimal(1), True),
    ({"pattern": "b"}, "abc", True),
    ({"pattern": "^b"}, "abc", False),
    ({"pattern": "^a$"}, "a\n", True),
    ({"pattern": "^a$"}, 5, True),
    *[
        ({"pattern": "\\S"}, s, ok)
        for s, ok in [("\u3000\t", False), ("\u200b", True), ("", False)]
    ],
    ({"minLength": 2}, "é", False),
    ({"minLength": 2}, "e\u0301", True),
    ({"minLength": 2}, "😀", False),
    ({"minLength": 1}, [], True),
    *[({"minimum": 1}, x, ok) for x, ok in [(0, False), (1, True), (0.5, False), (True, True)]],
    *[({"minimum": 1}, x, ok) for x, ok in [("0", True), (NAN, True), (Decimal("0.5"), False)]],
    ({"minimum": 0.5}, 0, False),
    *[({"format": "date"}, s, False) for s in ["2025-02-30", "2023-02-29", "0000-01-01"]],
    *[({"format": "date"}, s, False) for s in ["2025-2-3", "20250203", "2025-02-03\n"]],
    *[({"format": "date"}, s, False) for s in ["２０２５-02-03", "2025-W05-1", "2025-02-03T00"]],
    *[({"format": "date"}, x, True) for x in ["2024-02-29", "0001-01-01", 20250203, None]],
    ({"format": "email"}, "nobody", False),
    ({"format": "no-such-format"}, "x", True),
    ({"items": {"type": "integer"}}, [1, "a"], False),
    ({"items": {"type": "integer"}}, [1, 2.0], True),
    ({"items": {"type": "integer"}}, {"a": "x"}, True),
    ({"items": False}, [], True),
    ({"items": False}, [1], False),
    *[({"uniqueItems": True}, x, False) for x in [[1, 1.0], [{"a": 1}, {"a": 1.0}], ["a", "a"]]],
    *[({"uniqueItems": True}, x, True) for x in [[1, True], [0, False], [[1], [True]], [1, "1"]]],
    ({"uniqueItems": True}, [NAN, NAN], False),  # the same object: `is` makes it equal
    ({"uniqueItems": True}, [float("nan"), float("nan")], True),
    ({"uniqueItems": True}, [], True),
    ({"uniqueItems": False}, [1, 1], True),
    ({"$defs": DEFS, "properties": {"a": {"$ref": "#/$defs/pos"}}}, {"a": 0}, False),
    ({"$defs": DEFS, "properties": {"a": {"$ref": "#/$defs/pos"}}}, {"a": 2}, True),
    ({"$defs": DEFS, "$ref": "#/$defs/pos", "type": "integer", "minimum": 3}, 2, False),
    ({"$defs": DEFS, "$ref": "#/$defs/a~1b"}, None, True),
    ({"$defs": DEFS, "$ref": "#/$defs/c~0d"}, None, False),
    ({"$defs": DEFS, "$ref": "#/$defs/~01"}, None, True),
    ({"$defs": DEFS, "$ref": "#/$defs/c%7E0d"}, None, False),
    ({"$defs": {"tree": TREE}, "$ref": "#/$defs/tree"}, {"kids": [{"kids": []}]}, True),
    ({"$defs": {"tree": TREE}, "$ref": "#/$defs/tree"}, {"kids": [{"kids": [1]}]}, False),
    ({"type": ["array", "integer"], "items": {"$ref": "#"}}, [[1, [2]]], True),
    ({"type": ["array", "integer"], "items": {"$ref": "#"}}, [[1, ["x"]]], False),
    (True, {"anything": 1}, True),
    (False, None, False),
    ({"x-hint": "a", "title": "t", "examples": [1], "$comment": "c"}, 1, True),
]


@pytest.mark.parametrize(("schema", "instance", "expected"), EDGE_CASES)
def test_edge_cases(schema: Any, instance: Any, expected: bool) -> None:
    assert validator(schema).is_valid(instance) is expected
    assert compile_schema(schema)(instance) is expected


def test_a_check_that_raises_answers_false() -> None:
    schema = {"patternProperties": {"^a": {}}}
    with pytest.raises(TypeError):
        validator(schema).is_valid({1: "x"})
    assert compile_schema(schema)({1: "x"}) is False


@pytest.mark.parametrize(
    "schema",
    [
        {"if": {"type": "string"}, "then": {"minLength": 1}},
        {"not": {}},
        {"unevaluatedProperties": False, "oneOf": [{"properties": {"a": {}}}]},
        {"unevaluatedProperties": False, "patternProperties": {"a": {}}},
        {
            "unevaluatedProperties": False,
            "$ref": "#/$defs/a",
            "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {}},
        },
        {"properties": {"a": {"prefixItems": [{}]}}},
        {"made-up-keyword": 1},
        {"$ref": "other.json#/$defs/a"},
        {"$ref": "#anchor", "$defs": {"a": {"$anchor": "anchor"}}},
        {"$ref": "#/$defs/missing"},
        {"$ref": "#/$defs/a%2Fb", "$defs": {"a/b": {}}},  # unquoted before the split: unresolvable
        {"$defs": {"a": {"$id": "https://x.test/a", "type": "string"}}, "$ref": "#/$defs/a"},
        {"$schema": "http://json-schema.org/draft-07/schema#"},
        {"type": "strin"},
        {"minLength": -1},
        {"patternProperties": {"b": {}, "(?i)a": {}}},  # joined, "b|(?i)a" is not a regex
    ],
)
def test_unsupported(schema: dict[str, Any]) -> None:
    with pytest.raises(Unsupported):
        compile_schema(schema)


def test_non_space_pattern_shortcut_matches_re() -> None:
    search = re.compile(r"\S").search
    fast = compile_schema({"pattern": r"\S"})
    for code in [*range(0x3100), *range(0xFEF0, 0x10000), sys.maxunicode]:
        assert fast(chr(code)) is (search(chr(code)) is not None), hex(code)


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
    | st.text(alphabet="0123-9W T:\n٣", max_size=12)
)
def test_date_format_matches_jsonschema(text: str) -> None:
    assert compile_schema({"format": "date"})(text) is FormatChecker().conforms(text, "date")


def test_every_bundled_schema_is_a_valid_draft_2020_12_schema():
    """``schemas.fast_check`` compiles them without checking them again: this test does."""
    from contentlint.schemas import schema_dir

    names = sorted(schema_dir().glob("*.schema.json"))
    assert len(names) >= 4
    for path in names:
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


POSITION = {"type": "object", "properties": {"line": {"type": "integer"}}, "required": ["line"]}


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from([False, True, {"type": "string"}, {"minimum": 1}]),
    st.booleans(),
    st.dictionaries(st.sampled_from(["line", "text", "x", "1"]), JSON, max_size=4),
)
def test_unevaluated_properties_beside_a_ref_agree_with_jsonschema(
    rest: Any, with_ref: bool, instance: dict[str, Any]
) -> None:
    """The form the ACR structure schema uses: ``properties``, a ``$ref`` to a schema with
    ``properties`` only, and ``unevaluatedProperties``."""
    schema: dict[str, Any] = {
        "$defs": {"position": POSITION},
        "type": "object",
        "properties": {"text": {"type": "string"}},
        "unevaluatedProperties": rest,
    }
    if with_ref:
        schema["$ref"] = "#/$defs/position"
    assert compile_schema(schema)(instance) == validator(schema).is_valid(instance)
