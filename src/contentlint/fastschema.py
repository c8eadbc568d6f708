"""Compile the subset of JSON Schema (draft 2020-12) that contentlint's schemas use into a fast
predicate.

Contract: for every JSON-like instance, ``compile_schema(schema)(instance)`` answers exactly what
``Draft202012Validator(schema, format_checker=FormatChecker()).is_valid(instance)`` answers. It is
a fast path: callers run jsonschema's ``iter_errors`` only when the predicate says False, so the
predicate never says True unless the instance is valid. Anything that raises while checking (a
non-string key meeting a ``patternProperties`` regex, on which jsonschema raises too) answers
False, leaving the verdict to jsonschema.

Supported: ``type``, ``required``, ``properties``, ``patternProperties``,
``additionalProperties``, ``const``, ``enum``, ``pattern``, ``minLength``, ``minimum``,
``maximum``, ``oneOf``, ``anyOf``, ``unevaluatedProperties`` (beside ``properties`` and a
``$ref`` to a schema with only ``properties``: the form the ACR structure schema uses),
``format`` (``date`` inline, others through jsonschema's own checker), ``items``,
``uniqueItems``, ``$ref`` to a JSON pointer in the same document, ``$defs``, boolean schemas,
and annotations (``title``, ``description``, ``examples``, ``x-…``…). Anything else, an invalid
schema, a nested ``$id`` or a root ``$schema`` other than 2020-12 raises :class:`Unsupported`
when compiling. The semantics mirror jsonschema 4.26: bool is neither integer nor number, 1.0 is
an integer, ``const``/``enum``/``uniqueItems`` use jsonschema's ``equal`` (1 == 1.0, True != 1),
``pattern`` uses ``re.search``, and ``additionalProperties`` tests keys against the
``patternProperties`` joined with ``|`` (an empty join matches nothing).
"""

from __future__ import annotations

import itertools
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from contentlint.jsonpointer import pointer_parts, resolve

Predicate = Callable[[Any], bool]


class Unsupported(Exception):
    """The schema uses a keyword, or a form of one, that this compiler does not implement."""


_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default"}
    | {"deprecated", "readOnly", "writeOnly"}
)
_KEYWORDS = frozenset(
    {"type", "required", "properties", "patternProperties", "additionalProperties", "const"}
    | {"enum", "pattern", "minLength", "minimum", "format", "items", "uniqueItems", "$ref"}
    | {"maximum", "oneOf", "anyOf", "unevaluatedProperties"}
)
# Keywords that make a schema evaluate properties in place (for unevaluatedProperties).
_IN_PLACE = frozenset(
    {"$ref", "$dynamicRef", "oneOf", "anyOf", "allOf", "not", "if", "then", "else"}
    | {"dependentSchemas", "unevaluatedProperties", "additionalProperties", "patternProperties"}
)
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_KINDS = ("str", "int", "float", "bool", "null", "dict", "list", "num", "other")
_TYPE_KINDS = {
    "string": ("str",),
    "integer": ("int",),  # an integral float is an integer too: see _Compiler.node
    "number": ("int", "float", "num"),
    "boolean": ("bool",),
    "null": ("null",),
    "object": ("dict",),
    "array": ("list",),
}
_EXACT = {str: "str", int: "int", float: "float", bool: "bool", type(None): "null"}
_EXACT |= {dict: "dict", list: "list"}
_SINGLE = {"string": str, "object": dict, "array": list, "boolean": bool}
_RE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)  # jsonschema._format._RE_DATE
_TRUE_, _FALSE_ = object(), object()


def _true(x: Any) -> bool:
    return True


def _false(x: Any) -> bool:
    return False


def _is_date(s: str) -> bool:  # jsonschema._format.is_date, for a str
    if _RE_DATE.fullmatch(s) is None:
        return False
    try:
        date.fromisoformat(s)
    except ValueError:
        return False
    return True


def _searcher(pattern: str) -> Predicate:
    """``re.search(pattern, s) is not None`` for a str ``s``."""
    if pattern == r"\S":  # \S is exactly "not str.isspace()" for str patterns: 3x faster
        return lambda s: s != "" and not s.isspace()
    search = re.compile(pattern).search
    return lambda s: search(s) is not None


def _unbool(x: Any) -> Any:
    return _TRUE_ if x is True else _FALSE_ if x is False else x


def _equal(one: Any, two: Any) -> bool:  # jsonschema._utils.equal
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(_equal(i, j) for i, j in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(k in two and _equal(v, two[k]) for k, v in one.items())
    return _unbool(one) == _unbool(two)


def _uniq(items: list[Any]) -> bool:  # jsonschema._utils.uniq, with a fast path
    if all(type(i) is int for i in items) or all(type(i) is str for i in items):
        return len(set(items)) == len(items)
    try:
        ordered = sorted(_unbool(i) for i in items)
        return not any(_equal(i, j) for i, j in itertools.pairwise(ordered))
    except (NotImplementedError, TypeError):
        seen: list[Any] = []
        for e in map(_unbool, items):
            if any(_equal(i, e) for i in seen):
                return False
            seen.append(e)
    return True


def _conj(checks: list[Predicate]) -> Predicate:
    """One predicate that is the ``and`` of ``checks``."""
    fs = [f for f in checks if f is not _true]
    if _false in fs:
        return _false
    if len(fs) <= 1:
        return fs[0] if fs else _true
    if len(fs) == 2:
        a, b = fs
        return lambda x: a(x) and b(x)
    fs_ = tuple(fs)

    def every(x: Any) -> bool:  # a loop: all() over a generator is slower
        for f in fs_:  # noqa: SIM110
            if not f(x):
                return False
        return True

    return every


def _kind(x: Any) -> str:
    """The ``_KINDS`` entry of a value whose exact type is not a plain JSON type."""
    for cls, kind in ((str, "str"), (bool, "bool"), (dict, "dict"), (list, "list")):
        if isinstance(x, cls):
            return kind
    if isinstance(x, int):
        return "int"
    if isinstance(x, float):
        return "float"
    return "num" if isinstance(x, numbers.Number) else "other"


class _Compiler:
    def __init__(self, root: Any) -> None:
        self.root = root
        self.refs: dict[str, Predicate] = {}

    def node(self, schema: Any) -> Predicate:
        if schema is True or schema is False:
            return _true if schema else _false
        known = _KEYWORDS | _ANNOTATIONS
        if unknown := [k for k in schema if k not in known and not k.startswith("x-")]:
            raise Unsupported(f"keyword(s) not supported: {', '.join(sorted(unknown))}")
        if schema is not self.root and ("$id" in schema or "$schema" in schema):
            raise Unsupported("$id or $schema below the root")
        kinds: dict[str, list[Predicate]] = {kind: [] for kind in _KINDS}
        every: list[Predicate] = []
        types = schema.get("type")
        if types is not None:
            names = [types] if isinstance(types, str) else types
            allowed = {kind for name in names for kind in _TYPE_KINDS[name]}
            if "integer" in names and "number" not in names:
                allowed.add("float")
                kinds["float"].append(float.is_integer)
            for kind in set(_KINDS) - allowed:
                kinds[kind].append(_false)
        n = schema.get("minLength", 0)
        if "pattern" in schema:  # fused with minLength: one call less per string
            found = _searcher(schema["pattern"])
            kinds["str"].append(found if n <= 0 else lambda s: len(s) >= n and found(s))
        elif n > 0:
            kinds["str"].append(lambda s: len(s) >= n)
        if "format" in schema:
            fmt = schema["format"]
            if fmt == "date":
                kinds["str"].append(_is_date)
            else:  # any other format: jsonschema's own checker (imported only then)
                from jsonschema import FormatChecker

                checker = FormatChecker()
                if fmt in checker.checkers:
                    every.append(lambda x: checker.conforms(x, fmt))
        if "minimum" in schema:
            low = schema["minimum"]
            for kind in ("int", "float", "num"):
                kinds[kind].append(lambda x: not x < low)
        if "maximum" in schema:
            high = schema["maximum"]
            for kind in ("int", "float", "num"):
                kinds[kind].append(lambda x: not x > high)
        if "oneOf" in schema:
            every.append(self.one_of(schema["oneOf"]))
        if "anyOf" in schema:
            alternatives = tuple(self.node(sub) for sub in schema["anyOf"])
            every.append(lambda x: any(check(x) for check in alternatives))
        if schema.get("unevaluatedProperties", True) is not True:
            kinds["dict"].append(self.unevaluated(schema))
        for members in ([schema["const"]] if "const" in schema else None), schema.get("enum"):
            if members is None:
                continue
            strs = frozenset(m for m in members if isinstance(m, str))  # a str equals only a str
            rest = [m for m in members if not isinstance(m, str)]
            kinds["str"].append(strs.__contains__)
            kinds["other"].append(lambda x, ms=members: any(_equal(m, x) for m in ms))
            others = (lambda x, ms=rest: any(_equal(m, x) for m in ms)) if rest else _false
            for kind in ("int", "float", "bool", "null", "dict", "list", "num"):
                kinds[kind].append(others)
        if any(k in schema for k in ("required", "properties", "patternProperties")) or (
            schema.get("additionalProperties", True) is not True
        ):
            kinds["dict"].append(self.object(schema))
        if schema.get("items", True) is not True:
            each = self.node(schema["items"])
            kinds["list"].append(lambda xs: all(map(each, xs)))
        if schema.get("uniqueItems") is True:
            kinds["list"].append(_uniq)
        if "$ref" in schema:
            every.append(self.ref(schema["$ref"]))
        if not any(kinds.values()):
            return _conj(every)
        table = {kind: _conj(kinds[kind] + every) for kind in _KINDS}
        if isinstance(types, str) and types in _SINGLE:
            cls, check = _SINGLE[types], table[_TYPE_KINDS[types][0]]
            return (
                (lambda x: isinstance(x, cls))
                if check is _true
                else (lambda x: isinstance(x, cls) and check(x))
            )
        get = {cls: table[kind] for cls, kind in _EXACT.items()}.get
        other = lambda x: table[_kind(x)](x)  # noqa: E731 - subclasses, Decimal, dates…
        return lambda x: get(type(x), other)(x)

    def object(self, schema: dict[str, Any]) -> Predicate:
        props = {key: self.node(sub) for key, sub in schema.get("properties", {}).items()}
        patterns = schema.get("patternProperties", {})
        pats = [(re.compile(p).search, self.node(sub)) for p, sub in patterns.items()]
        try:  # jsonschema's test for additional keys; "" joined matches nothing there
            joined = re.compile("|".join(patterns)).search if "|".join(patterns) else None
        except re.error as exc:  # "b|(?i)a": jsonschema would raise on an additional key
            raise Unsupported(f"patternProperties do not join into one regex: {exc}") from exc
        extra = self.node(schema.get("additionalProperties", True))
        required = frozenset(schema.get("required", ()))
        plans: dict[Any, Predicate] = {}  # key -> the checks its value must pass

        def plan(key: Any) -> Predicate:
            checks = [props[key]] if key in props else []
            checks += [sub for search, sub in pats if search(key)]
            if key not in props and not (joined and joined(key)):
                checks.append(extra)
            return _conj(checks)

        def check(x: dict[Any, Any]) -> bool:
            if not x.keys() >= required:
                return False
            for key, value in x.items():
                f = plans.get(key)
                if f is None:
                    f = plan(key)
                    if len(plans) < 4096:
                        plans[key] = f
                if not f(value):
                    return False
            return True

        return check

    def one_of(self, subschemas: list[Any]) -> Predicate:
        """Exactly one subschema holds. A check that raises inside is not caught here: the
        whole predicate answers False and jsonschema decides."""
        checks = tuple(self.node(sub) for sub in subschemas)

        def one(x: Any) -> bool:
            found = 0
            for check in checks:
                if check(x):
                    found += 1
                    if found > 1:
                        return False
            return found == 1

        return one

    def unevaluated(self, schema: dict[str, Any]) -> Predicate:
        """``unevaluatedProperties`` in the one form our schemas use: beside ``properties``
        and at most a ``$ref`` to a schema that itself only has ``properties`` (no other
        in-place applicator), the evaluated names are those two ``properties`` lists."""
        names = set(schema.get("properties", {}))
        if _IN_PLACE & (set(schema) - {"$ref", "unevaluatedProperties"}):
            raise Unsupported("unevaluatedProperties beside in-place applicators")
        if "$ref" in schema:
            target = self.target(schema["$ref"])
            if not isinstance(target, dict) or _IN_PLACE & set(target):
                raise Unsupported("unevaluatedProperties through a $ref that applies more")
            names |= set(target.get("properties", {}))
        rest = self.node(schema["unevaluatedProperties"])
        known = frozenset(names)
        if rest is _false:
            return lambda x: known.issuperset(x.keys())
        return lambda x: all(rest(v) for k, v in x.items() if k not in known)

    def target(self, ref: str) -> Any:
        """The schema a same-document JSON-pointer ``$ref`` names."""
        parts = pointer_parts(ref)
        if parts is None:
            raise Unsupported(f"only same-document JSON-pointer $refs are supported: {ref!r}")
        target = self.root
        for part in parts:
            if target is not self.root and isinstance(target, dict) and "$id" in target:
                raise Unsupported(f"$ref {ref!r} goes through a nested $id")
            try:
                target = resolve(target, [part])
            except LookupError as exc:
                raise Unsupported(f"unresolvable $ref {ref!r}") from exc
        return target

    def ref(self, ref: str) -> Predicate:
        if ref in self.refs:
            return self.refs[ref]
        target = self.target(ref)
        cell: list[Predicate] = []
        self.refs[ref] = lambda x: cell[0](x)  # a recursive reference waits for the target
        cell.append(self.node(target))
        self.refs[ref] = cell[0]
        return cell[0]


def compile_schema(schema: dict[str, Any], checked: bool = False) -> Predicate:
    """A predicate equal to jsonschema's ``Draft202012Validator(schema,
    format_checker=FormatChecker()).is_valid``; raises :class:`Unsupported` (see the module
    docstring). ``checked``: the schema is known to be valid (the bundled ones are, by a
    test), so importing jsonschema to check it again can be spared."""
    if not checked:
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import SchemaError

        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            raise Unsupported(f"not a valid draft 2020-12 schema: {exc.message}") from exc
    if isinstance(schema, dict) and schema.get("$schema", _DRAFT) != _DRAFT:
        raise Unsupported(f"$schema {schema['$schema']!r} is not draft 2020-12")
    check = _Compiler(schema).node(schema)

    def is_valid(instance: Any) -> bool:
        try:
            return check(instance)
        except Exception:  # jsonschema raises too, or does something subtle: let it decide
            return False

    return is_valid
