"""Index entries and findings as plain JSON, for the cache: data that cannot run code.

The cache may come from anywhere (a pull request can commit one), so nothing read from it is
ever unpickled or evaluated: it is JSON text, decoded with the standard library and turned
back into entries and findings by the functions below, which check every shape and type.
Anything else raises :class:`CodecError`, and the cache treats the row as absent.

A value from the frontmatter is a JSON value (str, int, float, bool, None, list, dict with
str keys). The few YAML types that JSON lacks are tagged: ``{"$bytes": base64}``,
``{"$set": [...]}``, ``{"$tuple": [...]}``; a dict whose only key starts with ``$`` is
escaped as ``{"$dict": {...}}``.
"""

from __future__ import annotations

import base64
import json
import math
from typing import Any

from contentlint.index import Entry, Field, Reference, RelatedRef, field
from contentlint.model import SEVERITIES, Edit, Finding


class CodecError(ValueError):
    """A cached value that is not what this version of contentlint writes."""


# -- values -------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is int:
        return value
    if kind is float:
        if math.isfinite(value):
            return value
        return {"$float": repr(value)}  # nan, inf, -inf: not JSON
    if kind is list:
        return [_plain(item) for item in value]
    if kind is dict:
        out = {str(k): _plain(v) for k, v in value.items()}
        if len(out) == 1 and next(iter(out)).startswith("$"):
            return {"$dict": out}
        return out
    if kind is tuple:
        return {"$tuple": [_plain(item) for item in value]}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, set | frozenset):
        return {"$set": sorted((_plain(item) for item in value), key=repr)}
    return str(value)  # anything else the YAML loader could make: its text


def _value(data: Any) -> Any:
    kind = type(data)
    if kind is str or kind is int or kind is bool or kind is float or data is None:
        return data
    if kind is list:
        return [_value(item) for item in data]
    if kind is dict:
        if len(data) == 1:
            ((tag, inner),) = data.items()
            if tag == "$dict" and type(inner) is dict:
                return {k: _value(v) for k, v in inner.items()}
            if tag == "$tuple" and type(inner) is list:
                return tuple(_value(item) for item in inner)
            if tag == "$set" and type(inner) is list:
                try:
                    return {_value(item) for item in inner}
                except TypeError as exc:  # an unhashable member
                    raise CodecError("bad set") from exc
            if tag == "$bytes" and type(inner) is str:
                try:
                    return base64.b64decode(inner, validate=True)
                except ValueError as exc:
                    raise CodecError("bad bytes") from exc
            if tag == "$float" and inner in ("nan", "inf", "-inf"):
                return float(inner)
            if tag.startswith("$"):
                raise CodecError(f"unknown tag {tag!r}")
        return {k: _value(v) for k, v in data.items()}
    raise CodecError(f"unexpected {kind.__name__}")


def _int(data: Any) -> int:
    if type(data) is not int:
        raise CodecError("expected an integer")
    return data


def _str(data: Any) -> str:
    if type(data) is not str:
        raise CodecError("expected a string")
    return data


def _opt_str(data: Any) -> str | None:
    return None if data is None else _str(data)


def _list(data: Any, size: int | None = None) -> list[Any]:
    if type(data) is not list or (size is not None and len(data) != size):
        raise CodecError("expected a list" + (f" of {size}" if size is not None else ""))
    return data


# -- entries ------------------------------------------------------------------------------


def _field_out(f: Field | None) -> Any:
    return None if f is None else [_plain(f.value), f.line, f.column]


def _field_in(data: Any) -> Field | None:
    if data is None:
        return None
    value, line, column = _list(data, 3)
    return field(_value(value), _int(line), _int(column))


def dump_entry(entry: Entry | None) -> str:
    if entry is None:
        return "null"
    return json.dumps(
        [
            entry.path,
            entry.file,
            entry.type,
            _field_out(entry.id),
            _field_out(entry.url),
            _field_out(entry.title),
            _field_out(entry.subject),
            [[_plain(item) for item in ref] for ref in entry.related],
            [list(ref) for ref in entry.references],
            list(entry.aliases),
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def load_entry(text: str | bytes | None) -> Entry | None:
    """An entry from :func:`dump_entry`'s text; CodecError when it is anything else."""
    data = _json(text)
    if data is None:
        return None
    path, file, fmt, id_, url, title, subject, related, refs, aliases = _list(data, 10)
    return Entry(
        path=_str(path),
        file=_str(file),
        type=_str(fmt),
        id=_field_in(id_),
        url=_field_in(url),
        title=_field_in(title),
        subject=_field_in(subject),
        related=tuple(_related(item) for item in _list(related)) or (),
        references=tuple(_reference(item) for item in _list(refs)) or (),
        aliases=tuple(_str(alias) for alias in _list(aliases)) or (),
    )


def _related(data: Any) -> RelatedRef:
    items = _list(data, 16)
    key, number, line, column = items[:4]
    values = [_value(v) for v in items[4:8]]
    positions = [_int(v) for v in items[8:]]
    return RelatedRef((_str(key), _int(number), _int(line), _int(column), *values, *positions))


def _reference(data: Any) -> Reference:
    kind, line, column, link, title = _list(data, 5)
    return Reference(_str(kind), _int(line), _int(column), _opt_str(link), _opt_str(title))


# -- findings -----------------------------------------------------------------------------


def dump_findings(findings: list[Finding] | tuple[Finding, ...]) -> str:
    return json.dumps(
        [
            [
                f.path,
                f.line,
                f.column,
                f.code,
                f.rule,
                f.severity,
                f.message,
                [[e.start, e.end, e.replacement] for e in f.edits],
                f.deferred,
            ]
            for f in findings
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def load_findings(text: str | bytes | None) -> list[Finding]:
    out = []
    for item in _list(_json(text)):
        path, line, column, code, rule, severity, message, edits, deferred = _list(item, 9)
        if severity not in SEVERITIES or type(deferred) is not bool:
            raise CodecError("bad finding")
        out.append(
            Finding(
                path=_str(path),
                line=_int(line),
                column=_int(column),
                code=_str(code),
                rule=_str(rule),
                severity=severity,
                message=_str(message),
                edits=tuple(_edit(e) for e in _list(edits)),
                deferred=deferred,
            )
        )
    return out


def _edit(data: Any) -> Edit:
    start, end, replacement = _list(data, 3)
    return Edit(_int(start), _int(end), _str(replacement))


# -- plain values (the cache's meta table) -------------------------------------------------


def dump_value(value: Any) -> str:
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))


def load_value(text: str | bytes | None) -> Any:
    return _value(_json(text))


def _json(text: str | bytes | None) -> Any:
    if text is None:
        raise CodecError("no value")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        raise CodecError(f"not JSON: {exc}") from exc
