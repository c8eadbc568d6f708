"""The small value types that flow through the pipeline: edits and findings, and the
options that rules and formats take from the configuration."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")


@dataclass(frozen=True, slots=True)
class Option:
    """A setting a rule (``[tool.contentlint.rules.NAME]``) or a format (a top-level key)
    takes; the configuration validates the value against ``kind`` and ``check``."""

    name: str
    default: Any
    help: str
    kind: type | tuple[type, ...]
    check: Callable[[Any], str | None] | None = None  # returns a problem with a value, or None


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` (character offsets in the decoded file) with ``replacement``.

    ``intended`` is ``(value,)`` when the edit sets a whole frontmatter value: the fixer then
    checks that the fixed file reads back exactly that value there."""

    start: int
    end: int
    replacement: str
    intended: tuple[Any, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. ``line`` and ``column`` are 1-based; columns count characters."""

    path: str
    line: int
    column: int
    code: str
    rule: str
    severity: Severity
    message: str
    edits: tuple[Edit, ...] = field(default=(), compare=False)
    deferred: bool = field(default=False, compare=False)  # fixable; edits made when fixing

    @property
    def fixable(self) -> bool:
        return bool(self.edits) or self.deferred

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "fixable": self.fixable,
        }
