"""Load the JSON Schemas in ``schemas/`` (shipped inside the wheel) and compile validators once."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contentlint.jsonpointer import pointer_parts, resolve

if TYPE_CHECKING:  # jsonschema is imported when a page is validated, not at start-up
    from jsonschema import Draft202012Validator, ValidationError


@cache
def schema_dir() -> Path:
    """``contentlint/schemas`` in an installed wheel, else the checkout's ``schemas/``."""
    packaged = resources.files("contentlint") / "schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "schemas"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("contentlint's schemas are missing from this installation")


@cache
def load_schema(file_name: str) -> dict[str, Any]:
    with (schema_dir() / file_name).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def validator(file_name: str) -> Draft202012Validator:
    """A validator compiled once per process. Local ``$ref``s are inlined first: jsonschema
    resolves a reference on every use, which costs half the validation time."""
    from jsonschema import Draft202012Validator, FormatChecker

    schema = load_schema(file_name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(_inline_refs(schema, schema), format_checker=FormatChecker())


@cache
def fast_check(file_name: str) -> Callable[[Any], bool]:
    """A compiled yes/no check for the schema (see ``fastschema.py``), 15-20x faster than
    jsonschema on a valid page; jsonschema itself when the schema uses more than it knows."""
    from contentlint.fastschema import Unsupported, compile_schema

    try:  # the bundled schemas are valid (a test checks them against the meta-schema)
        return compile_schema(load_schema(file_name), checked=True)
    except Unsupported:
        return validator(file_name).is_valid


def errors(file_name: str, instance: Any) -> list[ValidationError]:
    """Every validation error of ``instance``; the fast check answers for the valid ones."""
    if fast_check(file_name)(instance):
        return []
    return list(validator(file_name).iter_errors(instance))


def _inline_refs(node: Any, root: dict[str, Any], depth: int = 0) -> Any:
    if depth > 32:  # a recursive schema: leave the reference to jsonschema
        return node
    if isinstance(node, dict):
        ref = node.get("$ref")
        parts = pointer_parts(ref) if len(node) == 1 and isinstance(ref, str) else None
        if parts:
            return _inline_refs(resolve(root, parts), root, depth + 1)
        return {key: _inline_refs(value, root, depth) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(value, root, depth) for value in node]
    return node


def schema_fingerprint() -> str:
    """A digest of every schema file, for cache invalidation."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(schema_dir().glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
