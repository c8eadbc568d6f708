"""JSON Schema validation (draft 2020-12, every keyword) with jsonschema-rs.

A :class:`Schema` is one schema document and the documents its ``$ref`` s reach, compiled
once per process on first use. It answers :meth:`Schema.violations`: each error as a
:class:`Violation` (where in the page, which keyword, the schema object that holds the
keyword), from which the schema rules build their findings.

Schemas may come from a stranger's pull request, so:

- a ``$ref`` resolves only to a ``.json`` file inside the folders the schemas were loaded
  from (by its path, or by the ``$id`` it declares); nothing is fetched over the network;
- patterns are compiled by the linear-time ``regex`` engine (no backtracking: a pattern
  cannot hang the run; one that needs look-around is refused when the schema loads);
- a schema file is at most :data:`MAX_SCHEMA` bytes, and is checked against the 2020-12
  meta-schema before use (:func:`problem`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from contentlint.jsonpointer import pointer_parts, resolve

MAX_SCHEMA = 1024 * 1024  # bytes: the shipped schemas are 1-24 KB
DRAFT = "https://json-schema.org/draft/2020-12/schema"


class SchemaError(Exception):
    """A schema that cannot be used: ``where`` is the file, ``pointer`` the JSON pointer of
    the mistake inside it ("" for the whole document)."""

    def __init__(self, where: str, pointer: str, message: str) -> None:
        super().__init__(f"{where}: {message}" + (f" (at {pointer})" if pointer else ""))
        self.where, self.pointer, self.reason = where, pointer, message


@dataclass(frozen=True, slots=True)
class Violation:
    """One validation error."""

    path: tuple[str | int, ...]  # where in the instance
    keyword: str  # the keyword that failed: "required", "type", "maxLength", ...
    detail: dict[str, Any]  # what jsonschema-rs says of it: {"property": "url"}, {"limit": 3}
    instance: Any  # the value at ``path``
    schema: dict[str, Any]  # the schema object that holds the keyword (its x-hint, properties)
    message: str  # jsonschema-rs's own message
    # anyOf / oneOf: each alternative's own violations
    branches: tuple[tuple[Violation, ...], ...] = ()


def pointer(parts: Iterable[Any]) -> str:
    """A JSON pointer (RFC 6901) from path parts."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def file_uri(path: Path) -> str:
    return path.resolve().as_uri()


def read_document(path: Path) -> Any:
    """A schema file's JSON; SchemaError when it is too large, unreadable or not JSON."""
    from contentlint.source import read_bytes

    try:
        data, too_large = read_bytes(path, MAX_SCHEMA)
    except OSError as exc:
        raise SchemaError(str(path), "", f"cannot read: {exc.strerror or exc}") from exc
    if too_large is not None:
        raise SchemaError(str(path), "", f"larger than {MAX_SCHEMA:,} bytes: not read")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SchemaError(str(path), "", f"not valid JSON: {exc}") from exc


def problem(document: Any, where: str) -> None:
    """SchemaError when ``document`` is not a valid draft 2020-12 schema."""
    import jsonschema_rs

    if isinstance(document, dict) and document.get("$schema", DRAFT) != DRAFT:
        raise SchemaError(
            where, "/$schema", f"contentlint reads draft 2020-12 schemas: '$schema' must be {DRAFT}"
        )
    if not isinstance(document, dict | bool):
        raise SchemaError(where, "", "a schema must be a JSON object (or true or false)")
    try:
        jsonschema_rs.meta.validate(document)
    except jsonschema_rs.ValidationError as exc:
        raise SchemaError(where, pointer(exc.instance_path), exc.message) from None
    except (ValueError, RecursionError) as exc:
        raise SchemaError(where, "", str(exc)) from None


@dataclass(eq=False)
class Schema:
    """A schema document, where it lives (``uri``), and the folders its ``$ref`` s may reach."""

    document: Any
    uri: str
    where: str  # the file it came from, for messages
    folders: tuple[Path, ...]
    documents: dict[str, Any] = field(default_factory=dict)  # uri -> every document reached
    _compiled: Any = field(default=None, repr=False)
    _nodes: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.documents.setdefault(self.uri, self.document)
        if isinstance(self.document, dict) and isinstance(self.document.get("$id"), str):
            self.documents.setdefault(_base(self.document["$id"]), self.document)

    def compile(self) -> Any:
        """The compiled validator (compiled on first use); SchemaError when a reference
        does not resolve or a pattern is refused."""
        if self._compiled is None:
            import jsonschema_rs

            try:
                self._compiled = jsonschema_rs.Draft202012Validator(
                    self.document,
                    validate_formats=True,
                    retriever=self._retrieve,
                    base_uri=self.uri,
                    pattern_options=jsonschema_rs.RegexOptions(),
                )
            except jsonschema_rs.ValidationError as exc:
                at = pointer(exc.instance_path)
                raise SchemaError(self.where, at, exc.message.split("\n", 1)[0]) from None
            except (jsonschema_rs.ReferencingError, ValueError) as exc:
                raise SchemaError(self.where, "", str(exc).split("\n", 1)[0]) from None
        return self._compiled

    def _retrieve(self, uri: str) -> Any:
        """A referenced document: a .json file inside the schemas' folders, by path or by
        its ``$id``. Anything else is refused (never fetched)."""
        target = _base(uri)
        if target in self.documents:
            return self.documents[target]
        parts = urlsplit(target)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if path.suffix == ".json" and path.is_file() and self._inside(path):
                found = read_document(path)
                problem(found, str(path))
                self.documents[target] = found
                return found
            raise ValueError(
                f"$ref {uri!r} is not a .json file beside the configured schemas"
                f" ({', '.join(str(f) for f in self.folders)})"
            )
        for folder in self.folders:
            for path in sorted(folder.glob("*.json")):
                try:
                    found = read_document(path)
                except SchemaError:
                    continue
                if isinstance(found, dict) and found.get("$id") == target:
                    problem(found, str(path))
                    self.documents[target] = found
                    return found
        raise ValueError(
            f"$ref {uri!r} names no schema beside the configured ones: contentlint does not"
            " fetch schemas over the network (put the file in the schemas' folder)"
        )

    def _inside(self, path: Path) -> bool:
        return any(path.is_relative_to(folder) for folder in self.folders)

    def violations(self, instance: Any) -> list[Violation]:
        """Every error of ``instance`` (none when it is valid)."""
        validator = self.compile()
        try:
            if validator.is_valid(instance):
                return []
        except ValueError:  # a value JSON has no word for (a set, bytes, a number key)
            instance = jsonable(instance)
            if validator.is_valid(instance):
                return []
        return [self._violation(error) for error in validator.iter_errors(instance)]

    def _violation(self, error: Any) -> Violation:
        detail = dict(error.kind.as_dict())
        branches = ()
        context = detail.pop("context", None)
        if isinstance(context, list):
            branches = tuple(
                tuple(self._violation(e) for e in branch)
                for branch in context
                if isinstance(branch, list)
            )
        return Violation(
            path=tuple(error.instance_path),
            keyword=_KEYWORDS.get(error.kind.name, error.kind.name),
            detail=detail,
            instance=error.instance,
            schema=self._node(error.absolute_keyword_location),
            message=error.message,
            branches=branches,
        )

    def _node(self, location: str | None) -> dict[str, Any]:
        """The schema object that holds the keyword at ``location`` (``uri#/pointer``)."""
        if not location:
            return {}
        node = self._nodes.get(location)
        if node is None:
            uri, _, fragment = location.partition("#")
            parts = pointer_parts("#" + fragment) or []
            try:
                found = resolve(self.documents.get(uri, {}), parts[:-1])
            except LookupError:
                found = {}
            node = self._nodes[location] = found if isinstance(found, dict) else {}
        return node


_KEYWORDS = {"Const": "const"}  # jsonschema-rs's kind names that are not the keyword's


def _base(uri: str) -> str:
    return uri.split("#", 1)[0]


def jsonable(value: Any) -> Any:
    """``value`` with what YAML can hold and JSON cannot made JSON, keeping what it is not:
    a key that is not text becomes its text (``1:`` is the field '1'), a set (``!!set``)
    the mapping of nulls YAML writes it as, bytes (``!!binary``) the list of their values,
    which no schema that wants text accepts."""
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return {k if isinstance(k, str) else str(k): None for k in value}
    if isinstance(value, bytes):
        return list(value)
    return value
