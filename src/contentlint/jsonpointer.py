"""JSON pointers (RFC 6901) inside one JSON document: what a schema's ``"$ref": "#/..."``
names. The one resolver the schema modules share."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote


def pointer_parts(ref: str) -> list[str] | None:
    """The unescaped parts of a same-document reference (``#``, ``#/a/b~1c``), or None when
    ``ref`` is not one (another document, or a plain-name fragment)."""
    if not ref.startswith("#"):
        return None
    pointer = unquote(ref[1:])
    if pointer and not pointer.startswith("/"):
        return None
    parts = pointer.split("/")[1:] if pointer else []
    return [part.replace("~1", "/").replace("~0", "~") for part in parts]


def resolve(root: Any, parts: list[str]) -> Any:
    """The value ``parts`` lead to from ``root``; LookupError when there is none."""
    target = root
    for part in parts:
        try:
            target = target[int(part) if isinstance(target, list) else part]
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            raise LookupError(part) from exc
    return target
