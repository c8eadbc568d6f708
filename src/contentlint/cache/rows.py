"""How a row's columns are written and read back: entries, findings and suppressions as
plain JSON (see ``codec.py``). A column that does not decode is a :class:`CacheError`: the
cache is damaged, and is started afresh."""

from __future__ import annotations

import json
from typing import Any

from contentlint.codec import CodecError, dump_findings, load_entry
from contentlint.codec import load_findings as _load_findings
from contentlint.index import Entry
from contentlint.suppress import Suppression

_BAD = (CodecError, RecursionError, ValueError, TypeError, KeyError)


class CacheError(Exception):
    """A cached row that does not decode: the cache is damaged, and is started afresh."""


def dump_list(findings: Any) -> str:
    """A findings column: "" for none."""
    return dump_findings(findings) if findings else ""


def load_findings(blob: str | bytes | None) -> list[Any] | None:
    """A findings column: None (not computed), [] (none) or the findings. CacheError when
    the column holds anything but what this version writes."""
    if blob is None:
        return None
    if not blob:
        return []
    try:
        return _load_findings(blob)
    except _BAD as exc:
        raise CacheError(f"a findings column does not decode: {exc}") from exc


def load_one_entry(blob: str | bytes | None) -> Entry | None:
    try:
        return load_entry(blob)
    except _BAD as exc:
        raise CacheError(f"an entry does not decode: {exc}") from exc


def dump_suppressions(found: tuple[Suppression, ...]) -> str:
    return json.dumps([s.row() for s in found]) if found else ""


def load_suppressions(blob: str | bytes | None) -> tuple[Suppression, ...]:
    if not blob:
        return ()
    try:
        rows = json.loads(blob)
        if not isinstance(rows, list):
            raise TypeError("not a list")
        found = tuple(Suppression.from_row(row) for row in rows)
    except _BAD as exc:
        raise CacheError(f"a suppressions column does not decode: {exc}") from exc
    if any(not isinstance(s.kind, str) for s in found):
        raise CacheError("a suppressions column does not decode: a kind is not text")
    return found
